"""The plan admin shows rows but changes nothing itself; issuing from it goes through the action."""

import pytest
from django.urls import reverse

from par.audit.models import AuditEvent
from par.plans.models import PlanState, ProgressUpdate, ReformPlan
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def plans(units, people):
    return build_plans(units, people, issue=False)


def test_admin_lists_plans_tasks_assignments_and_updates(client_for, people, plans):
    client = client_for(people.admin)
    for model in ("reformplan", "plantask", "assignment", "progressupdate"):
        assert client.get(reverse(f"admin:plans_{model}_changelist")).status_code == 200, model
    response = client.get(reverse("admin:plans_reformplan_change", args=[plans.plan.pk]))
    assert response.status_code == 200 and 'name="_save"' not in response.content.decode()


def test_admin_cannot_add_or_delete_plan_rows(client_for, people, plans):
    client = client_for(people.admin)
    assert client.get(reverse("admin:plans_reformplan_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:plans_plantask_delete", args=[plans.review.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("admin:plans_reformplan_change", args=[plans.plan.pk]), {"title": "Sửa lén"}
        ).status_code
        == 403
    )
    assert ReformPlan.objects.get(pk=plans.plan.pk).title != "Sửa lén"


def test_issuing_from_the_admin_goes_through_the_action_and_its_audit(client_for, people, plans):
    response = client_for(people.admin).post(
        reverse("admin:plans_reformplan_changelist"),
        {"action": "issue_plans", "_selected_action": [plans.plan.pk, plans.justice_plan.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert ReformPlan.objects.get(pk=plans.plan.pk).state == PlanState.ISSUED
    assert ReformPlan.objects.get(pk=plans.justice_plan.pk).state == PlanState.DRAFT  # no decision number
    assert AuditEvent.objects.filter(action="plans.issue_plan").count() == 1
    assert not ProgressUpdate.objects.exists()


def test_a_plan_officer_without_staff_status_is_kept_out_of_the_admin(client_for, people, plans):
    response = client_for(people.par_officer).get(reverse("admin:plans_reformplan_changelist"))
    assert response.status_code == 302
