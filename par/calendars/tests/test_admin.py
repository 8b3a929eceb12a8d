"""Admin edits go through the actions: each one is checked and leaves an audit row."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from par.audit.models import AuditEvent
from par.calendars.models import CalendarDay, CalendarYear, DaySource, WorkCalendar

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.smoke
def test_adding_a_day_in_the_admin_creates_an_audit_event(client_for, people, national):
    client = client_for(people.admin)
    response = client.post(
        reverse("admin:calendars_calendarday_add"),
        {
            "calendar": national.pk,
            "date": "02/03/2026",
            "kind": "extra_off",
            "name": "Nghỉ theo quyết định của UBND tỉnh",
            "legal_reference": "QĐ 123/QĐ-UBND",
            "paired_date": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CalendarDay.objects.get(calendar=national, date=D(2026, 3, 2))
    assert row.source == DaySource.MANUAL
    event = AuditEvent.objects.get(action="calendars.create_day")
    assert event.actor == people.admin and event.reason == "Sửa trong trang quản trị"


def test_changing_and_deleting_a_day_in_the_admin_are_audited(client_for, people, national):
    client = client_for(people.admin)
    day = CalendarDay.objects.get(calendar=national, date=D(2026, 11, 24))
    response = client.post(
        reverse("admin:calendars_calendarday_change", args=[day.pk]),
        {
            "kind": "holiday",
            "name": "Ngày Văn hóa Việt Nam (đã xác nhận)",
            "legal_reference": "",
            "paired_date": "",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="calendars.update_day").after["source"] == "manual"
    response = client.post(reverse("admin:calendars_calendarday_delete", args=[day.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="calendars.delete_day").count() == 1
    assert not CalendarDay.objects.filter(pk=day.pk).exists()


def test_an_invalid_day_is_refused_by_the_admin_form_without_an_audit_row(client_for, people, national):
    client = client_for(people.admin)
    response = client.post(
        reverse("admin:calendars_calendarday_add"),
        {"calendar": national.pk, "date": "04/03/2026", "kind": "makeup_workday", "name": "x"},
    )
    assert response.status_code == 200
    assert "Ngày làm bù phải rơi vào ngày nghỉ hằng tuần" in response.content.decode()
    assert not AuditEvent.objects.filter(action__endswith="_day").exists()


def test_creating_a_calendar_in_the_admin_is_audited(client_for, people, units):
    client = client_for(people.admin)
    response = client.post(
        reverse("admin:calendars_workcalendar_add"),
        {
            "code": "38",
            "name": "Lịch Thanh Hóa",
            "unit": units.province.pk,
            "weekend_days": ["5", "6"],
            "cutoff": "16:00",
            "morning_start": "07:30",
            "morning_end": "11:30",
            "afternoon_start": "13:00",
            "afternoon_end": "16:30",
            "description": "",
            "years-TOTAL_FORMS": "0",
            "years-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    calendar = WorkCalendar.objects.get(code="38")
    assert calendar.weekend == {5, 6} and calendar.cutoff == dt.time(16, 0)
    assert calendar.working_hours.text() == "07:30–11:30, 13:00–16:30"
    after = AuditEvent.objects.get(action="calendars.create_calendar").after
    assert after["code"] == "38" and after["afternoon_end"] == "16:30:00"


def test_working_hours_out_of_order_are_refused_by_the_admin_form(client_for, people, units):
    response = client_for(people.admin).post(
        reverse("admin:calendars_workcalendar_add"),
        {
            "code": "38",
            "name": "Lịch Thanh Hóa",
            "unit": units.province.pk,
            "weekend_days": ["5", "6"],
            "cutoff": "15:00",
            "morning_start": "07:00",
            "morning_end": "14:00",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
            "years-TOTAL_FORMS": "0",
            "years-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not WorkCalendar.objects.filter(code="38").exists()


def test_the_seed_admin_action_fills_three_years(client_for, people, national):
    client = client_for(people.admin)
    response = client.post(
        reverse("admin:calendars_workcalendar_changelist"),
        {"action": "seed_from_package", ACTION_CHECKBOX_NAME: [national.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "VN" in response.content.decode()
    assert CalendarYear.objects.filter(calendar=national).count() >= 3


def test_the_confirm_admin_action_asks_for_the_notice_then_confirms(client_for, people, national):
    client = client_for(people.admin)
    year = CalendarYear.objects.get(calendar=national, year=2026)
    url = reverse("admin:calendars_calendaryear_changelist")
    page = client.post(url, {"action": "confirm_years", ACTION_CHECKBOX_NAME: [year.pk]})
    assert page.status_code == 200 and "Thông báo chính thức" in page.content.decode()
    client.post(
        url,
        {
            "action": "confirm_years",
            ACTION_CHECKBOX_NAME: [year.pk],
            "apply": "1",
            "notice_reference": "TB 9/2025",
        },
    )
    year.refresh_from_db()
    assert year.confirmed and year.notice_reference == "TB 9/2025"
    assert AuditEvent.objects.get(action="calendars.confirm_year").actor == people.admin
