"""Reading rules from the tables: one query, cached per calendar version, honest about coverage."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.calendars.actions import do_confirm_calendar_year, do_delete_calendar_day, do_set_calendar_day
from par.calendars.models import CalendarDay, DayKind, WorkCalendar
from par.calendars.services import calendar_for_unit, default_calendar, due_for, rules_for
from par.calendars.tests.helpers import at
from par.calendars.workdays import OutsideCalendarError, is_working_day

pytestmark = pytest.mark.django_db
D = dt.date


def test_rules_are_built_in_one_query_then_served_from_the_cache(national):
    with CaptureQueriesContext(connection) as first:
        rules = rules_for(national, [2025, 2026])
    with CaptureQueriesContext(connection) as second:
        again = rules_for(national, [2026, 2025])
    assert len(first) == 1 and len(second) == 0
    assert again == rules
    assert rules.days_off[D(2026, 2, 17)] == "Tết Nguyên Đán"
    assert rules.makeup_workdays == {D(2025, 4, 26), D(2026, 8, 22)}
    assert rules.covered_years == {2025, 2026}
    assert rules.unconfirmed_years == {2025, 2026}
    assert rules.cutoff == dt.time(15, 0)


def test_a_change_to_the_calendar_is_seen_by_the_next_read(national, people):
    assert is_working_day(D(2026, 3, 2), rules_for(national, [2026]))
    do_set_calendar_day(
        national, D(2026, 3, 2), actor=people.par_officer, kind=DayKind.EXTRA_OFF, name="Lễ hội"
    )
    assert not is_working_day(D(2026, 3, 2), rules_for(national, [2026]))
    do_delete_calendar_day(
        CalendarDay.objects.get(calendar=national, date=D(2026, 3, 2)), actor=people.par_officer
    )
    assert is_working_day(D(2026, 3, 2), rules_for(default_calendar(), [2026]))


def test_confirmation_clears_the_unconfirmed_flag(national, people):
    do_confirm_calendar_year(national, 2026, actor=people.par_officer, notice_reference="TB 2026")
    assert rules_for(default_calendar(), [2025, 2026]).unconfirmed_years == {2025}
    assert due_for(at(2026, 2, 13), 10).unconfirmed_years == frozenset()


def test_a_stray_manual_day_does_not_make_an_unseeded_year_covered(national, people):
    do_set_calendar_day(
        national, D(2030, 3, 4), actor=people.par_officer, kind=DayKind.EXTRA_OFF, name="Lễ hội"
    )
    assert rules_for(national, [2030]).covered_years == frozenset()
    with pytest.raises(OutsideCalendarError):
        due_for(at(2030, 3, 1), 5)


def test_due_for_uses_the_national_calendar_and_a_procedure_cutoff(national):
    assert due_for(at(2026, 1, 16, 16, 10), 1).due == D(2026, 1, 20)
    assert due_for(at(2026, 1, 16, 16, 10), 1, cutoff=dt.time(17, 0)).due == D(2026, 1, 19)


def test_a_unit_uses_its_nearest_calendar_read_in_one_query(national, units, django_assert_num_queries):
    assert calendar_for_unit(units.ward_bim_son) == national
    provincial = WorkCalendar.objects.create(code="38", name="Lịch Thanh Hóa", unit=units.province)
    assert calendar_for_unit(units.ward_bim_son) == provincial
    ward = WorkCalendar.objects.create(code="38-bs", name="Lịch phường Bỉm Sơn", unit=units.ward_bim_son)
    with django_assert_num_queries(1):
        assert calendar_for_unit(units.ward_bim_son) == ward
    assert calendar_for_unit(units.ward_quang_trung) == provincial


def test_without_any_calendar_a_unit_has_none(units):
    with pytest.raises(WorkCalendar.DoesNotExist):
        calendar_for_unit(units.ward_bim_son)
