"""The deadline sweep: who is told, what, once; inline, by the command, and in the database worker."""

import datetime as dt
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks.backends.database.models import DBTaskResult

from par.accounts.models import Membership, Role
from par.notices.models import Notice
from par.plans.actions import TaskInput, do_add_task, do_cancel_task, do_report_progress
from par.plans.tasks import sweep, sweep_plan_deadlines
from par.plans.testing import NOW, TODAY, assignment, build_plans

pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.fixture(autouse=True)
def _no_assignment_notices(monkeypatch):
    """These tests count the sweep's notices only; the notices sent at issue are tested on their own."""
    monkeypatch.setattr("par.plans.actions.plan.notify_assigned", lambda assignments, *, actor: 0)


@pytest.fixture
def plans(units, people):
    for person in (people.justice_officer, people.justice_head, people.home_affairs_officer):
        person.email = f"{person.username}@thanhhoa.gov.vn"
        person.save()
    built = build_plans(units, people)
    # A ward's milestone that passed in February: overdue.
    built.report = do_add_task(
        built.plan,
        TaskInput(
            area_code="procedures",
            number="2",
            text="Báo cáo tháng 2.",
            lead_units=[units.ward_bim_son],
            schedule_text="Tháng 2/2026.",
        ),
        actor=people.par_officer,
    )
    return built


def _keys():
    return sorted(Notice.objects.values_list("user__username", "key"))


@pytest.mark.django_db
def test_officers_and_heads_of_a_lead_unit_hear_of_a_milestone_due_soon(
    plans, people, units, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = sweep(TODAY)
    key = f"plans:due_soon:{plans.review.pk}-{units.justice.pk}:0:2026-03-31"
    assert ("hung", key) in _keys() and ("mai", key) in _keys()
    notice = Notice.objects.get(user=people.justice_officer, key=key)
    assert notice.kind == "plans.due_soon" and "31/03/2026" in notice.title
    assert notice.url == f"/plans/tasks/{plans.review.pk}/" and notice.unit == units.justice
    assert sorted(m.to[0] for m in mail.outbox) == ["hung@thanhhoa.gov.vn", "mai@thanhhoa.gov.vn"]
    assert sent == {"assignments": 2, "notices": 2}


@pytest.mark.django_db
def test_coordinating_units_and_ward_clerks_are_not_notified(plans, people):
    sweep(TODAY)
    users = set(Notice.objects.values_list("user__username", flat=True))
    assert "nam" not in users  # Sở Nội vụ only coordinates task 1
    assert "hoa" not in users  # the ward's one-stop clerk is neither officer nor head


@pytest.mark.django_db
def test_an_overdue_milestone_is_announced_to_the_ward_officer(plans, people, units):
    officer = people.ward_clerk
    Membership.objects.create(user=officer, unit=units.ward_bim_son, role=Role.UNIT_OFFICER)
    sweep(TODAY)
    notice = Notice.objects.get(user=officer)
    assert notice.key == f"plans:overdue:{plans.report.pk}-{units.ward_bim_son.pk}:0:2026-02-28"
    assert notice.kind == "plans.overdue" and "28/02/2026" in notice.title and ": 27" in notice.body


@pytest.mark.django_db
def test_running_the_sweep_again_sends_nothing_twice(plans, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sweep(TODAY)
    notices, mails = Notice.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = sweep(TODAY)
        sweep(TODAY + dt.timedelta(days=1))
    assert again["notices"] == 0
    assert (Notice.objects.count(), len(mail.outbox)) == (notices, mails)


@pytest.mark.django_db
def test_the_same_deadline_is_not_announced_again_after_the_task_is_edited(plans, people, units):
    from par.plans.actions import do_update_task

    sweep(TODAY)
    before = Notice.objects.count()
    task = plans.review
    data = TaskInput(
        area_code="institutions",
        number="1",
        text=task.text + " (sửa)",
        lead_units=[units.justice],
        coordinating_units=[units.home_affairs],
        schedule_text=task.schedule_text,
    )
    do_update_task(task, data, expected_version=task.version, actor=people.par_officer)
    sweep(TODAY)
    assert Notice.objects.count() == before


@pytest.mark.django_db
def test_done_cancelled_and_draft_work_is_left_alone(plans, people, units):
    do_report_progress(
        assignment(plans.review, units.justice), text="Xong", completed_on=TODAY, actor=people.justice_officer
    )
    do_cancel_task(plans.report, reason="Bỏ", actor=people.par_officer)
    sent = sweep(TODAY)
    assert sent["assignments"] == 0 and not Notice.objects.exists()
    # Sở Tư pháp's own plan is a draft: its 31/12 milestone is never announced, even when due.
    assert sweep(dt.date(2026, 12, 28))["assignments"] > 0
    assert not Notice.objects.filter(body__contains="Bồi dưỡng công chức").exists()


@pytest.mark.django_db
def test_the_next_undone_milestone_is_the_one_announced(plans, people, units):
    task = do_add_task(
        plans.plan,
        TaskInput(
            area_code="organisation",
            number="1",
            text="Khảo sát",
            lead_units=[units.justice],
            schedule_text="- Kế hoạch: tháng 3/2026. - Báo cáo: tháng 4/2026.",
        ),
        actor=people.par_officer,
    )
    first = task.milestones.order_by("due_date").first()
    do_report_progress(
        assignment(task, units.justice), text="Có kế hoạch", milestone=first, actor=people.justice_officer
    )
    sweep(dt.date(2026, 4, 25))
    keys = set(Notice.objects.filter(user=people.justice_officer).values_list("key", flat=True))
    assert f"plans:due_soon:{task.pk}-{units.justice.pk}:1:2026-04-30" in keys
    assert not any(k.startswith(f"plans:overdue:{task.pk}-") for k in keys)


@pytest.mark.django_db
def test_the_command_runs_the_sweep_inline(plans, capsys):
    call_command("sweep_plan_deadlines")
    assert "2 notice(s) sent" in capsys.readouterr().out
    assert Notice.objects.count() == 2


@pytest.mark.django_db
def test_the_command_with_enqueue_queues_the_task_for_the_worker(plans, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the backend enqueues on commit
        call_command("sweep_plan_deadlines", "--enqueue")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "par.plans.tasks.sweep_plan_deadlines" and queued.status == "READY"
    assert not Notice.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_enqueued_sweep_fires_in_the_database_worker(plans, people):
    result = sweep_plan_deadlines.enqueue()
    assert not Notice.objects.exists()
    # The worker installs its own SIGINT/SIGTERM handlers; give the test process its own back afterwards.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    finished = DBTaskResult.objects.get(pk=result.id)
    assert finished.status == "SUCCEEDED", finished.exception_class_path
    assert finished.return_value == {"assignments": 2, "notices": 2}
    assert set(Notice.objects.values_list("user__username", flat=True)) == {"hung", "mai"}
    assert sorted(m.to[0] for m in mail.outbox) == ["hung@thanhhoa.gov.vn", "mai@thanhhoa.gov.vn"]
    assert all(n.emailed_at for n in Notice.objects.all())
