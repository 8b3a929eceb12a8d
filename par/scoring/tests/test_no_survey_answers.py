"""A unit without survey answers no longer gets 0 of the survey's 15 points with nobody able to correct it
(decision 0121): each framework says whether the criterion is left out and the index rescaled ("exclude", the
setting's default) or scored by the appraisal council with a reason ("council")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from par.audit.models import AuditEvent
from par.core.testing import english, pdf
from par.scoring import actions
from par.scoring.exchange import load_shipped
from par.scoring.models import AssessmentState, NoSurveyRule, Score
from par.scoring.tests.helpers import open_year, self_score_all

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
SELF_POINTS = Decimal(59)  # the self-assessed criteria of the shipped department framework


@pytest.fixture
def year(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return open_year(units, people)


def _submit(year, people):
    self_score_all(year.justice, people.justice_officer, files=pdf)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)


def _survey(year) -> Score:
    return Score.objects.get(assessment=year.justice, criterion=year.criterion("8.1"))


def _answer_survey(units, people, values):
    from par.surveys import actions as survey_actions
    from par.surveys.defaults import sipas_questionnaire
    from par.surveys.models import Question, QuestionKind

    q = sipas_questionnaire(units.province, actor=people.par_officer)
    link = survey_actions.do_create_link(q, unit=units.justice, actor=people.par_officer)
    scale = Question.objects.filter(section__questionnaire=q, kind=QuestionKind.SCALE)
    for token, value in zip(
        survey_actions.do_issue_tokens(link, count=len(values), actor=None), values, strict=True
    ):
        survey_actions.do_submit_response(token.value, {str(question.pk): str(value) for question in scale})


@time_machine.travel(NOW, tick=False)
def test_by_default_a_unit_without_answers_is_ranked_on_the_points_that_apply(year, people, client_for):
    assert year.framework.no_survey_rule == NoSurveyRule.EXCLUDE
    _submit(year, people)
    actions.do_approve_assessment(year.justice, actor=people.appraiser)
    survey = _survey(year)
    assert survey.not_applicable and survey.final_points == 0 and not survey.na_claimed
    year.justice.refresh_from_db()
    assert (year.justice.total, year.justice.applicable_max) == (SELF_POINTS, Decimal(85))
    html = (
        client_for(people.par_officer)
        .get(f"/par-index/frameworks/{year.framework.pk}/ranking/")
        .content.decode()
    )
    row = html[html.index('data-unit="Sở Tư pháp"') :]
    assert '<td class="text-end percent">69,41</td>' in row  # 59 ÷ 85, no longer 59 ÷ 100
    sheet = english(client_for(people.justice_officer)).get(f"/par-index/assessments/{year.justice.pk}/")
    assert "left out of the index under the framework's rule" in sheet.content.decode()


@time_machine.travel(NOW, tick=False)
def test_answers_arriving_before_approval_bring_the_survey_criterion_back(year, units, people):
    _submit(year, people)
    assert _survey(year).not_applicable
    _answer_survey(units, people, [5, 4, 4, 2])  # 75 % satisfied: 11,25 of 15 points
    actions.do_approve_assessment(year.justice, actor=people.appraiser)  # recomputes the measured criteria
    survey = _survey(year)
    assert not survey.not_applicable and survey.final_points == Decimal("11.25")
    year.justice.refresh_from_db()
    assert year.justice.applicable_max == Decimal(100)
    with pytest.raises(ValidationError):  # measured from answers: still not the council's to score
        actions.do_appraise_score(
            year.justice, year.criterion("8.1"), points=15, reason="x", actor=people.appraiser
        )


@time_machine.travel(NOW, tick=False)
def test_under_the_council_rule_the_council_scores_the_survey_with_a_reason_before_approving(
    year, people, client_for
):
    client_for(people.par_officer).post(
        f"/par-index/frameworks/{year.framework.pk}/no-survey-rule/",
        {"rule": "council", "version": year.framework.version},
    )
    year.framework.refresh_from_db()
    assert year.framework.no_survey_rule == NoSurveyRule.COUNCIL
    _submit(year, people)
    assert not _survey(year).not_applicable
    with pytest.raises(ValidationError, match="8.1"):
        actions.do_approve_assessment(year.justice, actor=people.appraiser)

    council = english(client_for(people.appraiser))
    url = f"/par-index/assessments/{year.justice.pk}/criteria/{year.criterion('8.1').pk}/appraise/"
    sheet = council.get(f"/par-index/assessments/{year.justice.pk}/").content.decode()
    assert f'id="ap-{year.criterion("8.1").pk}"' in sheet  # the council's form is on the sheet
    no_reason = council.post(url, {"points": "12"}, follow=True)
    assert "give the reason" in no_reason.content.decode() and _survey(year).appraised_points is None
    reason = "Không tổ chức được khảo sát tại Sở; chấm theo kết quả khảo sát của tỉnh năm trước"
    council.post(url, {"points": "12", "reason": reason})
    actions.do_approve_assessment(year.justice, actor=people.appraiser)
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.APPROVED
    assert (year.justice.total, year.justice.applicable_max) == (SELF_POINTS + 12, Decimal(100))
    assert AuditEvent.objects.get(action="scoring.appraise").reason == reason


def test_a_new_framework_takes_the_rule_of_the_setting_and_keeps_it(units, people, settings):
    settings.PAR_INDEX_NO_SURVEY_RULE = "council"
    framework = load_shipped("commune", owner=units.province, year=2026, actor=people.par_officer)
    settings.PAR_INDEX_NO_SURVEY_RULE = "exclude"
    framework.refresh_from_db()
    assert framework.no_survey_rule == NoSurveyRule.COUNCIL


@time_machine.travel(NOW, tick=False)
def test_only_the_par_officer_changes_the_rule_and_not_once_results_are_approved(
    year, people, client, client_for
):
    url = f"/par-index/frameworks/{year.framework.pk}/no-survey-rule/"
    data = {"rule": "council"}
    assert "/accounts/login/" in client.post(url, data)["Location"]
    assert client_for(people.outsider).post(url, data).status_code == 404
    client_for(people.appraiser).post(url, data)
    client_for(people.justice_officer).post(url, data)
    year.framework.refresh_from_db()
    assert year.framework.no_survey_rule == NoSurveyRule.EXCLUDE
    _submit(year, people)
    actions.do_approve_assessment(year.justice, actor=people.appraiser)
    refused = english(client_for(people.par_officer)).post(url, data, follow=True)
    assert "already approved" in refused.content.decode()
    year.framework.refresh_from_db()
    assert year.framework.no_survey_rule == NoSurveyRule.EXCLUDE
    assert not AuditEvent.objects.filter(action="scoring.set_no_survey_rule").exists()


@time_machine.travel(NOW, tick=False)
def test_under_the_council_rule_a_survey_confirmed_not_applicable_needs_no_council_points(year, people):
    from par.scoring.actions.applicability import (
        do_decide_not_applicable,
        do_mark_not_applicable,
        do_set_no_survey_rule,
    )

    do_set_no_survey_rule(year.framework, NoSurveyRule.COUNCIL, actor=people.par_officer)
    reason = "Sở không trực tiếp giải quyết thủ tục hành chính cho người dân"
    do_mark_not_applicable(year.justice, year.criterion("8.1"), reason=reason, actor=people.justice_officer)
    _submit(year, people)
    do_decide_not_applicable(year.justice, year.criterion("8.1"), confirm=True, actor=people.appraiser)
    approved = actions.do_approve_assessment(year.justice, actor=people.appraiser)
    assert approved.state == AssessmentState.APPROVED and approved.applicable_max == Decimal(85)
