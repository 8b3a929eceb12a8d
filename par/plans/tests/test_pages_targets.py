"""Targets of a plan, and units' own plans linked to the plan above, through audited actions."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from par.audit.models import AuditEvent
from par.core.testing import english
from par.plans.models import Target
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

FORM = {
    "text": "Mức độ hài lòng của người dân đạt trên 90%.",
    "comparator": "gte",
    "target_value": "90",
    "unit_of_measure": "%",
}


@pytest.fixture
def plans(units, people):
    return build_plans(units, people)


def test_par_officer_adds_a_target_and_records_its_measurement(client_for, people, plans):
    client = client_for(people.par_officer)
    response = client.post(reverse("plans:target_create", args=[plans.plan.pk]), FORM)
    assert response.status_code == 302
    target = Target.objects.get(plan=plans.plan)
    measured = FORM | {
        "measured_value": "88.5",
        "measured_on": "20/03/2026",
        "measured_source": "Khảo sát SIPAS",
    }
    client.post(reverse("plans:target_edit", args=[plans.plan.pk, target.pk]), measured)
    target.refresh_from_db()
    assert target.measured_value == 88.5 and target.met is False
    assert AuditEvent.objects.filter(action="plans.save_target").count() == 2
    html = client.get(reverse("plans:plan_detail", args=[plans.plan.pk])).content.decode()
    assert "88,50 %" in html and "Không đạt" in html and "20/03/2026" in html


def test_saving_a_target_again_unchanged_writes_no_second_audit_row(client_for, people, plans):
    client = client_for(people.par_officer)
    measured = FORM | {"measured_value": "88.5", "measured_on": "20/03/2026", "measured_source": "SIPAS"}
    client.post(reverse("plans:target_create", args=[plans.plan.pk]), measured)
    target = Target.objects.get(plan=plans.plan)
    response = client.post(reverse("plans:target_edit", args=[plans.plan.pk, target.pk]), measured)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="plans.save_target").count() == 1


def test_changing_a_target_audits_only_what_changed(client_for, people, plans):
    client = client_for(people.par_officer)
    client.post(reverse("plans:target_create", args=[plans.plan.pk]), FORM)
    target = Target.objects.get(plan=plans.plan)
    client.post(reverse("plans:target_edit", args=[plans.plan.pk, target.pk]), FORM | {"target_value": "95"})
    event = AuditEvent.objects.filter(action="plans.save_target").order_by("pk").last()
    assert set(event.before) == set(event.after) == {"target_value"}
    assert (Decimal(event.before["target_value"]), Decimal(event.after["target_value"])) == (90, 95)


def test_a_measured_value_without_its_source_is_refused_in_vietnamese(client_for, people, plans):
    response = client_for(people.par_officer).post(
        reverse("plans:target_create", args=[plans.plan.pk]), FORM | {"measured_value": "80"}
    )
    assert response.status_code == 400
    assert "Hãy ghi nguồn của số liệu đo." in response.content.decode()
    assert not Target.objects.exists() and not AuditEvent.objects.filter(action="plans.save_target").exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, plans):
    response = client.get(reverse("plans:target_create", args=[plans.plan.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["ward_clerk", "outsider", "auditor"])
def test_users_who_cannot_manage_the_plan_get_not_found(client_for, people, plans, persona):
    response = client_for(getattr(people, persona)).post(
        reverse("plans:target_create", args=[plans.plan.pk]), FORM
    )
    assert response.status_code == 404
    assert not Target.objects.exists()


def test_a_department_builds_its_own_plan_linked_to_the_province_plan(client_for, people, plans, units):
    from par.plans.models import ReformPlan

    response = client_for(people.home_affairs_officer).post(
        reverse("plans:plan_create"),
        {
            "unit": units.home_affairs.pk,
            "year": "2026",
            "parent": plans.plan.pk,
            "title": "Kế hoạch CCHC 2026 Sở Nội vụ",
        },
    )
    assert response.status_code == 302
    own = ReformPlan.objects.get(unit=units.home_affairs, year=2026)
    assert own.parent == plans.plan


def test_a_unit_plan_cannot_carry_out_another_years_plan(people, plans, units):
    from django.core.exceptions import ValidationError

    from par.plans.actions import do_create_plan

    with pytest.raises(ValidationError, match="cùng năm"):
        do_create_plan(unit=units.justice, year=2027, title="x", parent=plans.plan, actor=people.justice_head)


def test_a_target_tied_to_a_live_measure_shows_the_value_measured_from_the_plan_and_follows_the_data(
    client_for, people, units, plans
):
    import datetime as dt

    from par.plans.actions import do_report_progress
    from par.plans.testing import assignment

    client = client_for(people.par_officer)
    live = FORM | {
        "text": "Nhiệm vụ hoàn thành đúng hạn",
        "metric": "plans.tasks_on_time_pct",
        "target_value": "50",
    }
    assert client.post(reverse("plans:target_create", args=[plans.plan.pk]), live).status_code == 302
    url = reverse("plans:plan_detail", args=[plans.plan.pk])
    # On 27/03/2026 nothing of the province's plan is due yet: there is nothing to count, which is not 0 %.
    assert "không có gì để tính trong kỳ này" in client.get(url).content.decode()

    do_report_progress(
        assignment(plans.review, units.justice),
        text="Đã hoàn thành rà soát",
        completed_on=dt.date(2026, 3, 20),
        actor=people.justice_officer,
    )
    # The task was due 31/03; on 01/04 it counts: one of one lead assignment due, completed on time.
    with time_machine.travel(dt.datetime(2026, 4, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        html = client.get(url).content.decode()
    assert "1 / 1 × 100 = 100,00 %" in html and "Đạt" in html and "Dữ liệu trực tuyến" in html


def test_a_target_naming_an_unknown_live_measure_is_refused(client_for, people, plans):
    response = english(client_for(people.par_officer)).post(
        reverse("plans:target_create", args=[plans.plan.pk]), FORM | {"metric": "nope.none"}
    )
    assert response.status_code == 400
    assert (
        "Select a valid choice. nope.none is not one of the available choices." in response.content.decode()
    )
    assert not Target.objects.exists()
