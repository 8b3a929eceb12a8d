"""Every date a person sees on the plan pages reads dd/mm/yyyy, never 2026-12-31."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from par.plans.actions import do_save_target
from par.plans.models import Milestone
from par.plans.testing import NOW, assignment, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _visible(html: str) -> str:
    """The page as read: its text and the values in its fields, without scripts and the chart's data."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    values = re.findall(r'<input[^>]*\svalue="([^"]*)"', html)
    return re.sub(r"<[^>]+>", " ", html) + " ".join(values)


def test_no_plan_page_shows_a_date_written_year_first(client_for, people, units):
    plans = build_plans(units, people)
    client = client_for(people.par_officer)
    urls = [
        reverse("plans:plan_list"),
        reverse("plans:plan_detail", args=[plans.plan.pk]),
        reverse("plans:plan_detail", args=[plans.justice_plan.pk]),
        reverse("plans:plan_timeline", args=[plans.plan.pk]),
        reverse("plans:plan_edit", args=[plans.plan.pk]),
        reverse("plans:task_detail", args=[plans.review.pk]),
        reverse("plans:task_detail", args=[plans.internal.pk]),
        reverse("plans:task_edit", args=[plans.internal.pk]),
        reverse("plans:my_tasks"),
        reverse("plans:deadlines") + "?plan=" + str(plans.plan.pk),
        reverse("plans:assignment_progress", args=[assignment(plans.review, units.justice).pk]),
        reverse("plans:schedule_preview") + "?year=2026&schedule_text=Qu%C3%BD+IV%2F2026",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible(response.content.decode())
        assert not ISO_DATE.findall(text), (url, ISO_DATE.findall(text))


def test_target_form_shows_the_measurement_date_day_first_and_reads_it_back(client_for, people, units):
    plans = build_plans(units, people)
    target = do_save_target(
        plans.plan,
        data={
            "text": "Tỷ lệ hồ sơ trực tuyến",
            "comparator": "gte",
            "target_value": 80,
            "unit_of_measure": "%",
            "measured_value": 62,
            "measured_on": dt.date(2026, 2, 28),
            "measured_source": "Báo cáo quý I",
        },
        actor=people.par_officer,
    )
    html = client_for(people.par_officer).get(reverse("plans:target_edit", args=[plans.plan.pk, target.pk]))
    text = _visible(html.content.decode())
    assert "28/02/2026" in text and "2026-02-28" not in text


def test_a_milestone_names_its_date_day_first():
    milestone = Milestone(label="Quý IV/2026", due_date=dt.date(2026, 12, 31))
    assert str(milestone) == "Quý IV/2026 31/12/2026"
