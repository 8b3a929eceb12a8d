"""The action contracts the plan pages, the API and the sweep rely on."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from par.audit.models import AuditEvent
from par.core.exceptions import ConflictError
from par.core.testing import pdf
from par.plans.actions import TaskInput, do_add_task, do_issue_plan, do_report_progress, do_update_plan
from par.plans.models import Assignment, Evidence, PlanState, PlanTask, ProgressUpdate
from par.plans.testing import NOW, TODAY, assignment, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def plans(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_plans(units, people, issue=False)


def test_issuing_expands_groups_into_units_valid_on_the_decision_date(plans, people, units):
    do_issue_plan(plans.plan, actor=people.par_officer)
    wards = set(
        Assignment.objects.filter(task=plans.online, role="lead").values_list("unit__code", flat=True)
    )
    assert wards == {"14812", "14818"}  # the 2025 wards, not the wards that ended on 30/06/2025
    assert Assignment.objects.get(task=plans.online, unit=units.justice).role == "coordinating"


def test_a_stale_version_raises_a_conflict_and_changes_nothing(plans, people):
    fresh = do_update_plan(
        plans.plan, changes={"title": "Một"}, expected_version=plans.plan.version, actor=people.par_officer
    )
    with pytest.raises(ConflictError):
        do_update_plan(
            plans.plan,
            changes={"title": "Hai"},
            expected_version=plans.plan.version,
            actor=people.par_officer,
        )
    fresh.refresh_from_db()
    assert fresh.title == "Một"


def test_a_refused_task_leaves_no_row_and_no_audit_event(plans, people):
    before = PlanTask.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        do_add_task(
            plans.plan, TaskInput(area_code="nowhere", number="9", text="x"), actor=people.par_officer
        )
    with pytest.raises(PermissionDenied):
        do_add_task(
            plans.plan, TaskInput(area_code="institutions", number="9", text="x"), actor=people.ward_clerk
        )
    assert (PlanTask.objects.count(), AuditEvent.objects.count()) == before


def test_a_completion_without_a_percentage_counts_as_100(plans, people, units):
    do_issue_plan(plans.plan, actor=people.par_officer)
    update = do_report_progress(
        assignment(plans.review, units.justice),
        text="Xong",
        completed_on=TODAY,
        files=[pdf()],
        actor=people.justice_officer,
    )
    assert update.percent == 100 and Evidence.objects.get().update == update


def test_progress_cannot_be_dated_in_the_future_nor_reach_another_tasks_milestone(plans, people, units):
    do_issue_plan(plans.plan, actor=people.par_officer)
    a = assignment(plans.review, units.justice)
    with pytest.raises(ValidationError):
        do_report_progress(
            a, text="x", completed_on=TODAY + dt.timedelta(days=1), actor=people.justice_officer
        )
    with pytest.raises(ValidationError):
        do_report_progress(
            a, text="x", milestone=plans.online.milestones.first(), actor=people.justice_officer
        )
    assert not ProgressUpdate.objects.exists()


def test_issuing_twice_is_refused(plans, people):
    do_issue_plan(plans.plan, actor=people.par_officer)
    with pytest.raises(ValidationError):
        do_issue_plan(plans.plan, actor=people.par_officer)
    plans.plan.refresh_from_db()
    assert plans.plan.state == PlanState.ISSUED


def test_a_failed_progress_report_leaves_no_row_no_audit_event_and_no_file(
    plans, people, units, tmp_path, monkeypatch
):
    from par.plans.actions import plan as actions

    do_issue_plan(plans.plan, actor=people.par_officer)
    events = AuditEvent.objects.count()
    monkeypatch.setattr(
        actions, "record_event", lambda **kw: (_ for _ in ()).throw(RuntimeError("audit down"))
    )
    with pytest.raises(RuntimeError):
        do_report_progress(
            assignment(plans.review, units.justice), text="Xong", files=[pdf()], actor=people.justice_officer
        )
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert AuditEvent.objects.count() == events
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
