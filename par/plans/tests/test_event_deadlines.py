"""Deadlines counted from an event: the lead unit or the PAR officer records the day the event happened on the task
page, the due date is counted on the working calendar, and the task is then due and overdue like any other."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from par.audit.models import AuditEvent
from par.core.testing import english
from par.plans.actions import TaskInput, do_add_task, do_record_event, do_update_task
from par.plans.models import Milestone
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

SCHEDULE = "Trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản đề nghị của Bộ Nội vụ."
EVENT = "ngày nhận được văn bản đề nghị của Bộ Nội vụ"


@pytest.fixture
def calendar(db):
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year

    national, _created = do_ensure_national_calendar(actor=None)
    do_seed_calendar_year(national, 2026, actor=None)
    return national


@pytest.fixture
def plans(units, people, calendar):
    return build_plans(units, people)


def _event_task(plans, units, people, schedule=SCHEDULE):
    """A task of the issued province plan led by Sở Tư pháp, with Sở Nội vụ coordinating, due after an event."""
    return do_add_task(
        plans.plan,
        TaskInput(
            area_code="institutions",
            number="3",
            text="Thẩm định hồ sơ đề nghị công nhận đơn vị đạt chuẩn.",
            lead_units=[units.justice],
            coordinating_units=[units.home_affairs],
            schedule_text=schedule,
        ),
        actor=people.par_officer,
    )


@pytest.fixture
def task(plans, units, people):
    return _event_task(plans, units, people)


def _milestone(task) -> Milestone:
    (milestone,) = task.milestones.all()
    return milestone


def _record(client, task, day: str, version=None):
    task.refresh_from_db()
    url = reverse("plans:milestone_event", args=[_milestone(task).pk])
    return client.post(url, {"event_date": day, "version": task.version if version is None else version})


def _status(client, task) -> str:
    html = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    head = html[html.index("<h1") : html.index("</h1>") + 400]
    return head.split('data-status="', 1)[1].split('"', 1)[0]


# --- who may record it -------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_login_and_nothing_is_recorded(client, task):
    response = _record(client, task, "23/03/2026")
    assert response.status_code == 302 and "/login" in response["Location"]
    assert _milestone(task).event_date is None


def test_other_units_get_not_found_even_the_coordinating_one_that_sees_the_task(client_for, people, task):
    for user in (people.home_affairs_officer, people.ward_clerk, people.auditor):
        client = client_for(user)
        assert _record(client, task, "23/03/2026").status_code == 404, user
        assert client.get(reverse("plans:milestone_event", args=[_milestone(task).pk])).status_code == 404
    assert _milestone(task).event_date is None and _milestone(task).due_date is None
    page = client_for(people.home_affairs_officer).get(reverse("plans:task_detail", args=[task.pk]))
    assert page.status_code == 200 and 'data-testid="event-forms"' not in page.content.decode()


def test_the_lead_units_officer_records_the_event_from_the_task_page_and_the_deadline_is_counted(
    client_for, people, task
):
    client = english(client_for(people.justice_officer))
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    action = reverse("plans:milestone_event", args=[_milestone(task).pk])
    assert 'data-testid="event-forms"' in page and f'action="{action}"' in page
    assert "not due until the event is recorded" in page

    # Received on Monday 23/03/2026: five working days, the day of the event not counted, end on Monday 30/03.
    response = _record(client, task, "23/03/2026")
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:task_detail", args=[task.pk]
    )
    milestone = _milestone(task)
    assert (milestone.event_date, milestone.due_date) == (dt.date(2026, 3, 23), dt.date(2026, 3, 30))
    event = AuditEvent.objects.get(action="plans.record_event")
    assert event.actor == people.justice_officer and event.after["due_date"] == "2026-03-30"
    assert event.after["after_event"] == EVENT

    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "the event happened on 23/03/2026: due 30/03/2026" in page
    assert "not due until the event is recorded" not in page


def test_the_par_officer_records_it_too_and_the_page_speaks_vietnamese(client_for, people, task):
    client = client_for(people.par_officer)
    assert _record(client, task, "23/03/2026").status_code == 302
    page = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
    assert "30/03/2026" in page and "Sửa ngày xảy ra sự kiện" in page


# --- refusals -----------------------------------------------------------------------------------------------


def test_a_date_in_the_future_or_not_a_date_is_refused_with_a_vietnamese_message(client_for, people, task):
    client = client_for(people.justice_officer)
    response = _record(client, task, "28/03/2026")
    assert (
        response.status_code == 400
        and "Sự kiện không thể xảy ra trong tương lai" in response.content.decode()
    )
    assert _record(client, task, "31/02/2026").status_code == 400
    assert _milestone(task).event_date is None and not AuditEvent.objects.filter(action="plans.record_event")


def test_a_page_read_before_the_task_changed_is_refused_as_a_conflict(client_for, people, task):
    task.refresh_from_db()
    stale = task.version
    assert _record(client_for(people.par_officer), task, "20/03/2026").status_code == 302
    response = _record(client_for(people.justice_officer), task, "23/03/2026", version=stale)
    assert response.status_code == 409
    assert _milestone(task).event_date == dt.date(2026, 3, 20)


def test_a_year_the_calendar_does_not_know_is_refused_rather_than_counted_without_its_holidays(people, task):
    with pytest.raises(ValidationError, match="chưa có ngày nghỉ của năm 2025"):
        do_record_event(_milestone(task), event_date=dt.date(2025, 12, 29), expected_version=None, actor=None)


# --- due and overdue ----------------------------------------------------------------------------------------


def test_the_task_is_due_soon_then_overdue_the_day_after_the_counted_date(
    client_for, people, task, time_machine
):
    client = client_for(people.par_officer)
    assert _status(client, task) == "not_started"
    # Friday 27/03/2026: five working days run to Friday 03/04/2026.
    assert _record(client, task, "27/03/2026").status_code == 302
    assert _milestone(task).due_date == dt.date(2026, 4, 3)
    assert _status(client, task) == "due_soon"
    time_machine.move_to(dt.datetime(2026, 4, 3, 9, 0, tzinfo=dt.UTC), tick=False)
    assert _status(client, task) == "due_soon"
    time_machine.move_to(dt.datetime(2026, 4, 4, 9, 0, tzinfo=dt.UTC), tick=False)
    assert _status(client, task) == "overdue"
    board = client.get(reverse("plans:deadlines")).content.decode()
    assert task.text in board


def test_a_limit_in_calendar_days_that_ends_on_a_weekend_ends_on_the_next_working_day(plans, units, people):
    task = _event_task(plans, units, people, "Trong thời hạn 10 ngày kể từ ngày nhận được văn bản.")
    # Wednesday 18/03 + 10 days is Saturday 28/03: the limit ends on Monday 30/03 (Civil Code, Art. 148).
    milestone = do_record_event(
        _milestone(task), event_date=dt.date(2026, 3, 18), expected_version=None, actor=people.par_officer
    )
    assert milestone.due_date == dt.date(2026, 3, 30)


def test_editing_the_task_keeps_the_recorded_event_and_counts_the_new_number_of_days(
    plans, units, people, task
):
    do_record_event(
        _milestone(task), event_date=dt.date(2026, 3, 23), expected_version=None, actor=people.justice_officer
    )
    task.refresh_from_db()
    data = TaskInput(
        area_code="institutions",
        number="3",
        text=task.text,
        lead_units=[units.justice],
        coordinating_units=[units.home_affairs],
        schedule_text=SCHEDULE.replace("05", "07"),
    )
    task = do_update_task(task, data, expected_version=task.version, actor=people.par_officer)
    milestone = _milestone(task)
    assert (milestone.event_date, milestone.after_days, milestone.due_date) == (
        dt.date(2026, 3, 23),
        7,
        dt.date(2026, 4, 1),
    )


def test_a_milestone_with_a_date_of_its_own_takes_no_event(people, plans):
    (dated,) = plans.review.milestones.all()
    with pytest.raises(ValidationError, match="không tính từ một sự kiện"):
        do_record_event(
            dated, event_date=dt.date(2026, 3, 20), expected_version=None, actor=people.par_officer
        )
