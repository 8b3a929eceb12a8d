"""An automatic criterion follows the live data it is computed from, shows its formula and the rows it used, and
a metric no app provides yet is "source not available", never an error."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from par.core.testing import english
from par.plans.actions import do_report_progress
from par.plans.testing import assignment, build_plans
from par.scoring import actions
from par.scoring.exchange import SHIPPED, parse_yaml
from par.scoring.models import Score
from par.scoring.tests.helpers import open_year

pytestmark = pytest.mark.django_db
LATER = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)


@time_machine.travel(LATER, tick=False)
def test_plan_task_criterion_changes_when_a_task_is_reported_done_and_shows_its_inputs(
    units, people, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plans = build_plans(units, people)
    year = open_year(units, people)
    criterion = year.criterion("1.1.2")  # 2 points × plan tasks completed on time %
    actions.do_refresh_measured(year.justice, actor=people.justice_officer)
    before = Score.objects.get(assessment=year.justice, criterion=criterion)
    assert before.measured_value == Decimal(0) and before.measured_points == Decimal(0)

    do_report_progress(
        assignment(plans.review, units.justice),
        text="Đã hoàn thành rà soát.",
        completed_on=dt.date(2026, 3, 30),
        actor=people.justice_officer,
    )
    actions.do_refresh_measured(year.justice, actor=people.justice_officer)
    after = Score.objects.get(assessment=year.justice, criterion=criterion)
    assert after.measured_value > 0 and after.measured_points == (2 * after.measured_value / 100).quantize(
        Decimal("0.01")
    )
    year.justice.refresh_from_db()
    assert year.justice.total == after.measured_points

    client = english(client_for(people.justice_officer))
    page = client.get(f"/par-index/assessments/{year.justice.pk}/criteria/{criterion.pk}/").content.decode()
    assert "plans.tasks_on_time_pct" in page
    assert "completed on time / due" in page  # the formula with its numbers
    assert "Rà soát, hệ thống hóa văn bản quy phạm pháp luật" in page  # the task row it counted


def test_a_metric_no_app_provides_is_shown_as_source_not_available(units, people, client_for):
    year = open_year(units, people)
    criterion = year.criterion("1.2")
    criterion.metric_code = "reporting.not_written_yet"
    criterion.save()
    actions.do_refresh_measured(year.justice, actor=people.justice_officer)
    score = Score.objects.get(assessment=year.justice, criterion=criterion)
    assert score.measured_points is None and score.final_points == 0
    page = english(client_for(people.justice_officer)).get(
        f"/par-index/assessments/{year.justice.pk}/criteria/{criterion.pk}/"
    )
    assert page.status_code == 200 and "Source not available" in page.content.decode()


@time_machine.travel(LATER, tick=False)
def test_the_survey_criterion_takes_its_points_from_the_satisfaction_index(units, people):
    from par.surveys import actions as survey_actions
    from par.surveys.defaults import sipas_questionnaire
    from par.surveys.models import Question, QuestionKind

    year = open_year(units, people)
    q = sipas_questionnaire(units.province, actor=people.par_officer)
    link = survey_actions.do_create_link(q, unit=units.justice, actor=people.par_officer)
    scale = Question.objects.filter(section__questionnaire=q, kind=QuestionKind.SCALE)
    for token, value in zip(
        survey_actions.do_issue_tokens(link, count=4, actor=None), [5, 4, 4, 2], strict=True
    ):
        survey_actions.do_submit_response(token.value, {str(question.pk): str(value) for question in scale})
    actions.do_refresh_measured(year.justice, actor=people.justice_officer)
    score = Score.objects.get(assessment=year.justice, criterion=year.criterion("8.1"))
    # 3 of 4 satisfied in every aspect: 75 % → 15 × 75 ÷ 100 = 11,25 points; Sở Nội vụ had no responses.
    assert score.measured_value == Decimal("75.00") and score.measured_points == Decimal("11.25")
    assert "15 × 75 ÷ 100 = 11,25" in score.measured_formula  # numbers written the Vietnamese way
    actions.do_refresh_measured(year.home_affairs, actor=people.home_affairs_officer)
    other = Score.objects.get(assessment=year.home_affairs, criterion=year.criterion("8.1"))
    assert other.measured_points is None and "không có phiếu khảo sát" in other.measured_formula


@pytest.mark.parametrize("name", [p.stem for p in SHIPPED.glob("*.yaml")])
def test_every_live_metric_a_shipped_framework_names_is_provided_by_an_app(name):
    from par import metrics

    def leaves(nodes):
        for node in nodes:
            yield node
            yield from leaves(node.get("children", []))

    framework = parse_yaml((SHIPPED / f"{name}.yaml").read_bytes())
    codes = {node["metric_code"] for node in leaves(framework["criteria"]) if node.get("metric_code")}
    registered = {m.code for m in metrics.all_metrics()}
    assert codes and codes <= registered, sorted(codes - registered)
