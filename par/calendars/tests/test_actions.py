"""Calendar actions: who may change what, and that a refused change leaves neither rows nor audit behind."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from par.audit.models import AuditEvent
from par.calendars.actions import (
    do_confirm_calendar_year,
    do_delete_calendar_day,
    do_reopen_calendar_year,
    do_save_work_calendar,
    do_seed_calendar_year,
    do_set_calendar_day,
)
from par.calendars.models import CalendarDay, CalendarYear, DayKind, DaySource, WorkCalendar

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.smoke
@pytest.mark.parametrize("persona", ["ward_clerk", "justice_head", "auditor", "outsider"])
def test_only_par_officers_and_superusers_may_change_the_national_calendar(national, people, persona):
    rows, events = CalendarDay.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        do_set_calendar_day(
            national, D(2026, 3, 2), actor=getattr(people, persona), kind=DayKind.EXTRA_OFF, name="Nghỉ"
        )
    assert CalendarDay.objects.count() == rows
    assert AuditEvent.objects.count() == events


def test_a_refused_delete_and_confirm_change_nothing(national, people):
    day = CalendarDay.objects.get(calendar=national, date=D(2026, 1, 1))
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        do_delete_calendar_day(day, actor=people.ward_clerk)
    with pytest.raises(PermissionDenied):
        do_confirm_calendar_year(national, 2026, actor=people.ward_clerk, notice_reference="TB 1")
    with pytest.raises(PermissionDenied):
        do_seed_calendar_year(national, 2027, actor=people.outsider)
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    assert not CalendarYear.objects.get(calendar=national, year=2026).confirmed
    assert not CalendarYear.objects.filter(calendar=national, year=2027).exists()
    assert AuditEvent.objects.count() == events


def test_par_officer_adds_a_provincial_day_off_with_an_audit_row(national, people):
    row = do_set_calendar_day(
        national,
        D(2026, 3, 2),
        actor=people.par_officer,
        kind=DayKind.EXTRA_OFF,
        name="Nghỉ theo Quyết định của UBND tỉnh",
        legal_reference="QĐ 123/QĐ-UBND",
    )
    assert row.source == DaySource.MANUAL
    event = AuditEvent.objects.get(action="calendars.create_day")
    assert event.actor == people.par_officer
    assert event.after["kind"] == "extra_off" and event.before is None


def test_editing_a_package_day_makes_it_manual_and_audits_before_and_after(national, people):
    do_set_calendar_day(
        national, D(2026, 1, 1), actor=people.admin, kind=DayKind.HOLIDAY, name="Tết Dương lịch 2026"
    )
    event = AuditEvent.objects.get(action="calendars.update_day")
    assert event.before["source"] == "package" and event.after["source"] == "manual"
    assert event.after["name"] == "Tết Dương lịch 2026"


def test_deleting_a_day_is_audited_with_what_was_removed(national, people):
    day = CalendarDay.objects.get(calendar=national, date=D(2026, 11, 24))
    do_delete_calendar_day(day, actor=people.par_officer, reason="Chưa có văn bản")
    event = AuditEvent.objects.get(action="calendars.delete_day")
    assert event.before["name"] == "Ngày Văn hóa Việt Nam"
    assert event.reason == "Chưa có văn bản"
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


def test_a_provincial_calendar_is_edited_by_the_par_officer_above_it_only(people, units):
    calendar = WorkCalendar.objects.create(code="38", name="Lịch Thanh Hóa", unit=units.province)
    do_set_calendar_day(
        calendar, D(2026, 3, 2), actor=people.par_officer, kind=DayKind.EXTRA_OFF, name="Lễ hội"
    )
    with pytest.raises(PermissionDenied):
        do_set_calendar_day(
            calendar, D(2026, 3, 3), actor=people.justice_head, kind=DayKind.EXTRA_OFF, name="x"
        )


def test_a_makeup_day_must_fall_on_the_weekly_rest_day(national, people):
    with pytest.raises(ValidationError):
        do_set_calendar_day(
            national, D(2026, 3, 4), actor=people.par_officer, kind=DayKind.MAKEUP_WORKDAY, name="x"
        )
    with pytest.raises(ValidationError):
        do_set_calendar_day(
            national, D(2026, 3, 7), actor=people.par_officer, kind=DayKind.EXTRA_OFF, name="x"
        )
    assert not AuditEvent.objects.filter(action__endswith="_day").exists()


def test_confirming_a_year_needs_a_person_and_the_notice(national, people):
    with pytest.raises(ValidationError):
        do_confirm_calendar_year(national, 2026, actor=people.par_officer, notice_reference="  ")
    with pytest.raises(PermissionDenied):
        do_confirm_calendar_year(national, 2026, actor=None, notice_reference="TB 1")
    year = do_confirm_calendar_year(
        national, 2026, actor=people.par_officer, notice_reference="Thông báo 6150/TB-BLĐTBXH"
    )
    assert (year.confirmed, year.confirmed_by) == (True, people.par_officer)
    assert AuditEvent.objects.get(action="calendars.confirm_year").after["confirmed"] is True
    do_reopen_calendar_year(national, 2026, actor=people.par_officer, reason="Thông báo mới")
    year.refresh_from_db()
    assert not year.confirmed and year.notice_reference == "Thông báo 6150/TB-BLĐTBXH"


def test_saving_a_calendar_checks_the_rules_and_audits_the_change(national, people):
    national.cutoff = dt.time(16, 0)
    do_save_work_calendar(national, actor=people.par_officer)
    event = AuditEvent.objects.get(action="calendars.update_calendar")
    assert (event.before["cutoff"], event.after["cutoff"]) == ("15:00:00", "16:00:00")
    national.weekend = range(7)
    with pytest.raises(ValidationError):
        do_save_work_calendar(national, actor=people.par_officer)
    with pytest.raises(PermissionDenied):
        do_save_work_calendar(WorkCalendar(code="X", name="X"), actor=people.ward_clerk)
