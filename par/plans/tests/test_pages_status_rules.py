"""The read side's status rules: the SQL filter and the Python derivation agree on every status."""

import datetime as dt

import pytest

from par.plans.actions import TaskInput, do_add_task, do_cancel_task, do_report_progress
from par.plans.models import Assignment, Milestone, PlanTask
from par.plans.queries import annotate_assignments, assignment_status, assignment_status_q
from par.plans.status import Status
from par.plans.testing import NOW, TODAY, assignment, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def scenario(units, people):
    """One assignment in each status on 27/03/2026."""
    plans = build_plans(units, people)
    officer, plan = people.par_officer, plans.plan

    def task(number, schedule, lead):
        return do_add_task(
            plan,
            TaskInput(
                area_code="organisation",
                number=number,
                text=f"Việc {number}",
                lead_units=lead,
                schedule_text=schedule,
            ),
            actor=officer,
        )

    late = task("1", "Tháng 2/2026.", [units.justice])
    do_report_progress(
        assignment(late, units.justice), text="Xong muộn", completed_on=dt.date(2026, 3, 2), actor=officer
    )
    overdue = task("2", "Tháng 2/2026.", [units.home_affairs])
    started = task("3", "Quý III/2026.", [units.justice])
    do_report_progress(assignment(started, units.justice), text="Đang làm", percent=30, actor=officer)
    untouched = task("4", "Quý III/2026.", [units.home_affairs])
    # Two milestones: reaching the first moves the next deadline to the second one.
    stepped = task("5", "- Kế hoạch: tháng 3/2026. - Báo cáo: tháng 11/2026.", [units.ward_bim_son])
    first = stepped.milestones.order_by("due_date").first()
    do_report_progress(
        assignment(stepped, units.ward_bim_son), text="Có kế hoạch", milestone=first, actor=officer
    )
    event = task("6", "Ngay sau khi các bộ hướng dẫn.", [units.ward_quang_trung])
    cancelled = task("7", "Quý II/2026.", [units.justice])
    do_cancel_task(cancelled, reason="Không còn phù hợp", actor=officer)
    # Recurring work whose text gave no dated milestone is due on 31/12 of the plan year.
    yearly = task("8", "Thường xuyên trong năm.", [units.home_affairs])
    Milestone.objects.filter(task=yearly).delete()
    PlanTask.objects.filter(pk=yearly.pk).update(recurrence="continuous")
    return {
        "late": (late, units.justice, Status.DONE_LATE),
        "done": (plans.review, units.justice, Status.DONE_ON_TIME),
        "overdue": (overdue, units.home_affairs, Status.OVERDUE),
        "due_soon": (plans.review, units.home_affairs, Status.DUE_SOON),
        "started": (started, units.justice, Status.IN_PROGRESS),
        "untouched": (untouched, units.home_affairs, Status.NOT_STARTED),
        "stepped": (stepped, units.ward_bim_son, Status.IN_PROGRESS),
        "event": (event, units.ward_quang_trung, Status.NOT_STARTED),
        "cancelled": (cancelled, units.justice, Status.CANCELLED),
        "yearly": (yearly, units.home_affairs, Status.NOT_STARTED),
    }


def test_every_status_is_derived_as_expected_and_the_sql_filter_agrees(scenario, units, people):
    do_report_progress(
        assignment(scenario["done"][0], units.justice),
        text="Xong",
        completed_on=TODAY,
        actor=people.par_officer,
    )
    rows = {a.pk: a for a in annotate_assignments(Assignment.objects.all())}
    by_status = {
        status: set(
            annotate_assignments(Assignment.objects.all())
            .filter(assignment_status_q(status, TODAY))
            .values_list("pk", flat=True)
        )
        for status in Status.values
    }
    for name, (task, unit, expected) in scenario.items():
        pk = assignment(task, unit).pk
        assert assignment_status(rows[pk], TODAY) == expected, name
        assert pk in by_status[expected], name
    for pk, row in rows.items():
        matching = [s for s, pks in by_status.items() if pk in pks]
        assert matching == [assignment_status(row, TODAY)], pk


def test_reaching_a_milestone_moves_the_next_deadline(scenario):
    task, unit, _status = scenario["stepped"]
    row = annotate_assignments(Assignment.objects.filter(task=task, unit=unit)).get()
    assert row.next_due == dt.date(2026, 11, 30) and row.final_due == dt.date(2026, 11, 30)


def test_recurring_work_without_a_dated_milestone_is_due_at_the_end_of_the_year(scenario):
    task, unit, _status = scenario["yearly"]
    row = annotate_assignments(Assignment.objects.filter(task=task, unit=unit)).get()
    assert row.final_due == dt.date(2026, 12, 31) == row.next_due == task.final_due


def test_statuses_agree_on_every_day_of_the_year(scenario):
    """Walk the plan year: on each day the SQL filter and the Python rule pick the same status."""
    day = dt.date(2026, 1, 1)
    while day <= dt.date(2027, 1, 15):
        rows = list(annotate_assignments(Assignment.objects.all()))
        for status in (Status.OVERDUE, Status.DUE_SOON, Status.IN_PROGRESS, Status.NOT_STARTED):
            sql = set(
                annotate_assignments(Assignment.objects.all())
                .filter(assignment_status_q(status, day))
                .values_list("pk", flat=True)
            )
            python = {r.pk for r in rows if assignment_status(r, day) == status}
            assert sql == python, (day, status)
        day += dt.timedelta(days=17)
