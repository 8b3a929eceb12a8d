"""Seeding from the `holidays` package: the domain brief's dates, idempotence, manual rows, confirmed years."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from par.audit.models import AuditEvent
from par.calendars.actions import (
    do_confirm_calendar_year,
    do_seed_calendar_year,
    do_set_calendar_day,
)
from par.calendars.models import CalendarDay, CalendarYear, DayKind, DaySource, WorkCalendar

pytestmark = pytest.mark.django_db
D = dt.date


def _weekday_offs(calendar, year):
    rows = CalendarDay.objects.filter(calendar=calendar, date__year=year).exclude(kind=DayKind.MAKEUP_WORKDAY)
    return {row.date for row in rows if row.date.weekday() < 5}


def _makeups(calendar, year):
    return set(
        CalendarDay.objects.filter(
            calendar=calendar, date__year=year, kind=DayKind.MAKEUP_WORKDAY
        ).values_list("date", flat=True)
    )


@pytest.mark.smoke
def test_seeded_2025_matches_the_domain_brief(national):
    expected = {D(2025, 1, 1), *(D(2025, 1, d) for d in range(27, 32)), D(2025, 4, 7), D(2025, 4, 30)}
    expected |= {D(2025, 5, 1), D(2025, 5, 2), D(2025, 9, 1), D(2025, 9, 2)}
    assert _weekday_offs(national, 2025) == expected
    assert _makeups(national, 2025) == {D(2025, 4, 26)}
    swap = CalendarDay.objects.get(calendar=national, date=D(2025, 5, 2))
    assert (swap.kind, swap.paired_date, swap.source) == (DayKind.SWAP_OFF, D(2025, 4, 26), DaySource.PACKAGE)


def test_seeded_2026_matches_the_domain_brief(national):
    expected = {D(2026, 1, 1), *(D(2026, 2, d) for d in range(16, 21)), D(2026, 4, 27), D(2026, 4, 30)}
    expected |= {D(2026, 5, 1), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2), D(2026, 11, 24)}
    assert _weekday_offs(national, 2026) == expected
    assert _makeups(national, 2026) == {D(2026, 8, 22)}
    observed = CalendarDay.objects.get(calendar=national, date=D(2026, 4, 27))
    assert observed.kind == DayKind.OBSERVED
    assert "Điều 111" in observed.legal_reference


def test_seeding_twice_creates_nothing_and_writes_no_audit_row(national):
    rows = CalendarDay.objects.count()
    events = AuditEvent.objects.count()
    version = WorkCalendar.objects.get(pk=national.pk).version
    result = do_seed_calendar_year(national, 2026, actor=None)
    assert not result.changed
    assert len(result.unchanged) == 15
    assert CalendarDay.objects.count() == rows
    assert AuditEvent.objects.count() == events
    assert WorkCalendar.objects.get(pk=national.pk).version == version


def test_seeding_records_one_audit_row_per_year_with_the_dates(national):
    event = AuditEvent.objects.filter(action="calendars.seed_year").order_by("id").last()
    assert event.object_repr == "VN · 2026"
    assert "2026-02-17" in event.after["created"]
    assert event.after["source"].startswith("holidays ")


def test_seeding_never_overwrites_a_manual_day(national, people):
    do_set_calendar_day(
        national, D(2026, 2, 20), actor=people.par_officer, kind=DayKind.HOLIDAY, name="Tết (theo thông báo)"
    )
    result = do_seed_calendar_year(national, 2026, actor=None)
    assert result.kept_manual == [D(2026, 2, 20)]
    assert CalendarDay.objects.get(calendar=national, date=D(2026, 2, 20)).name == "Tết (theo thông báo)"
    assert CalendarDay.objects.filter(calendar=national, date=D(2026, 2, 20)).count() == 1


def test_seeding_repairs_and_removes_package_rows_but_not_manual_ones(national, people):
    CalendarDay.objects.filter(calendar=national, date=D(2026, 1, 1)).update(name="sai")
    CalendarDay.objects.create(
        calendar=national, date=D(2026, 3, 2), kind=DayKind.HOLIDAY, name="cũ", source=DaySource.PACKAGE
    )
    do_set_calendar_day(
        national, D(2026, 3, 3), actor=people.par_officer, kind=DayKind.EXTRA_OFF, name="Lễ hội"
    )
    result = do_seed_calendar_year(national, 2026, actor=None)
    assert result.updated == [D(2026, 1, 1)]
    assert result.deleted == [D(2026, 3, 2)]
    assert CalendarDay.objects.get(calendar=national, date=D(2026, 1, 1)).name == "Tết Dương lịch"
    assert CalendarDay.objects.filter(calendar=national, date=D(2026, 3, 3)).exists()


def test_a_confirmed_year_is_left_alone_by_seeding(national, people):
    do_confirm_calendar_year(national, 2026, actor=people.par_officer, notice_reference="TB 01/2026")
    CalendarDay.objects.filter(calendar=national, date=D(2026, 11, 24)).delete()
    result = do_seed_calendar_year(national, 2026, actor=None)
    assert result.skipped_confirmed
    assert not CalendarDay.objects.filter(calendar=national, date=D(2026, 11, 24)).exists()


def test_a_swap_across_the_new_year_pairs_both_days(db):
    calendar = WorkCalendar.objects.create(code="T", name="Thử")
    do_seed_calendar_year(calendar, 2018, actor=None)
    do_seed_calendar_year(calendar, 2019, actor=None)
    off = CalendarDay.objects.get(calendar=calendar, date=D(2018, 12, 31))
    worked = CalendarDay.objects.get(calendar=calendar, date=D(2019, 1, 5))
    assert (off.kind, off.paired_date) == (DayKind.SWAP_OFF, D(2019, 1, 5))
    assert (worked.kind, worked.paired_date) == (DayKind.MAKEUP_WORKDAY, D(2018, 12, 31))


@pytest.mark.parametrize("year", range(2010, 2028))
def test_every_year_the_package_knows_passes_model_validation(db, year):
    calendar = WorkCalendar.objects.create(code=f"T{year}", name="Thử")
    do_seed_calendar_year(calendar, year, actor=None)
    rows = list(CalendarDay.objects.filter(calendar=calendar))
    # Every year has its statutory holidays: New Year, Tết, Hùng Kings, 30/4, 1/5 and National Day.
    holidays = {row.date for row in rows if row.kind == DayKind.HOLIDAY}
    assert {D(year, 4, 30), D(year, 5, 1), D(year, 9, 2)} <= holidays
    assert sum(1 for day in holidays if day.month in (1, 2) and day != D(year, 1, 1)) >= 4  # Tết
    for row in rows:
        row.full_clean()


@pytest.mark.smoke
@time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)
def test_seed_command_creates_the_national_calendar_and_seeds_three_years_around_today(db):
    out = StringIO()
    call_command("seed_calendar", stdout=out)
    text = out.getvalue()
    assert "Đã tạo lịch VN" in text
    assert "2025: thêm 14" in text and "2026: thêm 15" in text and "2027: thêm" in text
    calendar = WorkCalendar.objects.get(code="VN")
    assert set(CalendarYear.objects.filter(calendar=calendar).values_list("year", flat=True)) == {
        2025,
        2026,
        2027,
    }
    out = StringIO()
    call_command("seed_calendar", "--years", "2026", stdout=out)
    assert "2026: thêm 0, cập nhật 0, xóa 0, giữ nguyên 15" in out.getvalue()
