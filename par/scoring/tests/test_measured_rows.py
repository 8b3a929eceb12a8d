"""Every measured criterion of the shipped frameworks lists the records behind its figure (the dossiers, ratings,
responses, petitions… it was computed from), a page at a time, linked only where the reader may open them
(decision 0123)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.core.testing import english
from par.dossiers.tests.conftest import at, checklist_ids
from par.scoring import actions
from par.scoring.exchange import SHIPPED, load_shipped, parse_yaml
from par.scoring.models import Method

pytestmark = pytest.mark.django_db
FRAMEWORK_UNIT = {"department": "justice", "commune": "ward_bim_son", "province": "province"}


def _leaves(nodes):
    for node in nodes:
        if node.get("children"):
            yield from _leaves(node["children"])
        else:
            yield node


def measured_rules() -> list[tuple[str, str, str]]:
    """(framework file, criterion code, metric) for every automatic or survey criterion the product ships."""
    rules = []
    for path in sorted(SHIPPED.glob("*.yaml")):
        data = parse_yaml(path.read_bytes())
        for leaf in _leaves(data["criteria"]):
            if leaf.get("method") in (Method.AUTO, Method.SURVEY):
                rules.append(
                    (path.stem, leaf["code"], leaf.get("metric_code") or "surveys.satisfaction_index")
                )
    return rules


# ------------------------------------------------------------------------------------------------ the data


def _resolved_dossier(unit, procedures, staff):
    """A dossier received and resolved at `unit` in November 2026 (through the one-stop actions)."""
    from par.dossiers import actions as dossier_actions
    from par.dossiers.actions import Applicant

    commune = unit.level == "commune"
    procedure, clerk = (
        (procedures.birth, staff.ward_clerk) if commune else (procedures.record, staff.justice_clerk)
    )
    when = at(2026, 11, 2, 9)
    d = dossier_actions.do_file_dossier(
        unit=unit,
        procedure=procedure,
        applicant=Applicant(name="Nguyễn Văn An", id_number="038090001234", phone="0912345678"),
        channel="counter",
        actor=clerk,
        at=when,
    )
    d = dossier_actions.do_receive_complete(
        d, expected_version=d.version, actor=clerk, at=when, checked=checklist_ids(d)
    )
    later = at(2026, 11, 3, 9)
    d = dossier_actions.do_move_to_next_step(d, expected_version=d.version, actor=None, at=later)
    d = dossier_actions.do_submit_for_approval(d, expected_version=d.version, actor=None, at=later)
    d = dossier_actions.do_approve(d, expected_version=d.version, actor=None, at=later)
    return dossier_actions.do_issue_result(d, expected_version=d.version, actor=None, at=later)


def _plan_task(unit, people, **_):
    from par.plans.actions import TaskInput, do_add_task, do_create_plan, do_issue_plan

    plan = do_create_plan(
        unit=unit.parent if unit.parent_id else unit,
        year=2026,
        title="Kế hoạch cải cách hành chính năm 2026",
        decision_number="120/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
        actor=None,
    )
    do_add_task(
        plan,
        TaskInput(
            area_code="procedures",
            number="1",
            text="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
            lead_units=[unit],
            schedule_text="Quý III/2026.",
        ),
        actor=None,
    )
    do_issue_plan(plan, actor=None)


def _report(unit, people, **_):
    from par.reporting.actions import do_create_report
    from par.reporting.tests.helpers import setup_reporting

    do_create_report(unit=unit, period=setup_reporting().q3, actor=None)


def _dossier(unit, people, procedures, staff, **_):
    _resolved_dossier(unit, procedures, staff)


def _petition(unit, people, **_):
    from par.petitions.actions import do_answer_petition, do_route_petition
    from par.petitions.tests.conftest import submit

    petition, _secret = submit(unit)
    petition = do_route_petition(petition, unit=unit, time_limit_days=20, actor=None)
    do_answer_petition(petition, answer="Đơn vị đã tiếp thu và sửa đổi.", actor=None)


def _procedures(unit, people, procedures, **_):
    """The catalogue fixture already holds a commune and a provincial procedure in force."""


def _survey(unit, people, **_):
    from par.surveys import actions as survey_actions
    from par.surveys.defaults import sipas_questionnaire
    from par.surveys.models import Question, QuestionKind

    q = sipas_questionnaire(unit if unit.parent_id is None else unit.parent, actor=None)
    link = survey_actions.do_create_link(q, unit=unit, actor=None)
    scale = Question.objects.filter(section__questionnaire=q, kind=QuestionKind.SCALE)
    for token in survey_actions.do_issue_tokens(link, count=2, actor=None):
        survey_actions.do_submit_response(token.value, {str(question.pk): "4" for question in scale})


def _rating(unit, people, procedures, staff, **_):
    from par.portal.actions import do_rate_dossier
    from par.portal.tokens import rating_token

    d = _resolved_dossier(unit, procedures, staff)
    do_rate_dossier(
        d.code, rating_token(d.code), scores={"access": 5, "procedure": 4, "staff": 3, "result": 5}
    )


BUILDERS = {
    "plans.tasks_on_time_pct": _plan_task,
    "reporting.reports_on_time_pct": _report,
    "dossiers.resolved_on_time_pct": _dossier,
    "petitions.answered_on_time_pct": _petition,
    "catalog.procedures_online_pct": _procedures,
    "surveys.satisfaction_index": _survey,
    "portal.ratings_satisfied_pct": _rating,
}


def _open(name, units, people):
    framework = load_shipped(name, owner=units.province, year=2026, actor=people.par_officer)
    unit = getattr(units, FRAMEWORK_UNIT[framework.assessed_kind])
    assessment = actions.do_open_assessments(framework, units=[unit], actor=people.par_officer)[0]
    return framework, unit, assessment


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="measured-row">(.*?)</tr>', html, flags=re.S)


@pytest.mark.parametrize(("name", "code", "metric"), measured_rules())
def test_every_measured_criterion_of_a_shipped_framework_lists_the_records_behind_its_figure(
    name, code, metric, units, people, procedures, staff, client_for, time_machine
):
    """Criteria 3.2 and 8.2 used to say "no records" next to a figure computed from dossiers and ratings."""
    assert metric in BUILDERS, f"no data builder for {metric}: add one so that its rows are checked"
    time_machine.move_to(at(2026, 11, 30, 9), tick=False)
    framework, unit, assessment = _open(name, units, people)
    BUILDERS[metric](unit, people, procedures=procedures, staff=staff)
    criterion = framework.criteria.get(code=code)
    page = english(client_for(people.admin)).get(
        f"/par-index/assessments/{assessment.pk}/criteria/{criterion.pk}/"
    )
    html = page.content.decode()
    assert page.status_code == 200 and "No records." not in html
    assert _rows(html), f"{name} {code} ({metric}) lists no rows"


@pytest.fixture
def ward(units, people, procedures, staff, time_machine):
    """The commune framework of 2026 with three birth registrations resolved at Phường Bỉm Sơn, all rated."""
    time_machine.move_to(at(2026, 11, 30, 9), tick=False)
    framework, unit, assessment = _open("commune", units, people)
    for _n in range(3):
        _rating(unit, people, procedures, staff)
    return framework, assessment


def _url(framework, assessment, metric):
    criterion = framework.criteria.get(metric_code=metric)
    return f"/par-index/assessments/{assessment.pk}/criteria/{criterion.pk}/"


def test_the_dossiers_behind_the_on_time_rate_are_listed_with_why_each_counted(ward, people, client_for):
    framework, assessment = ward
    html = (
        english(client_for(people.ward_clerk))
        .get(_url(framework, assessment, "dossiers.resolved_on_time_pct"))
        .content.decode()
    )
    rows = _rows(html)
    assert len(rows) == 3 and all("Đăng ký khai sinh" in r and "Before the deadline" in r for r in rows)
    assert "Nguyễn Văn An" not in html  # the applicant is not what the figure is about
    assert all('href="/dossiers/' in r for r in rows)  # the ward's own people open the dossiers


def test_the_ratings_behind_the_satisfaction_share_show_each_ratings_satisfied_answers(
    ward, people, client_for
):
    framework, assessment = ward
    html = (
        english(client_for(people.ward_clerk))
        .get(_url(framework, assessment, "portal.ratings_satisfied_pct"))
        .content.decode()
    )
    rows = _rows(html)
    assert len(rows) == 3 and all("3/4" in r for r in rows)  # access 5, procedure 4, staff 3, result 5


def test_the_council_sees_the_rows_but_opens_only_the_records_of_units_it_may_see(ward, people, client_for):
    """The appraiser sits at Sở Nội vụ: the ward's dossiers are the basis of the figure, not theirs to open."""
    framework, assessment = ward
    html = (
        english(client_for(people.appraiser))
        .get(_url(framework, assessment, "dossiers.resolved_on_time_pct"))
        .content.decode()
    )
    rows = _rows(html)
    assert len(rows) == 3 and not any("href=" in r for r in rows)
    assert (
        client_for(people.outsider)
        .get(_url(framework, assessment, "dossiers.resolved_on_time_pct"))
        .status_code
        == 404
    )


def test_the_rows_come_a_page_at_a_time_with_a_fixed_number_of_queries(
    ward, people, client_for, procedures, staff, units, monkeypatch
):
    from par.scoring import views

    monkeypatch.setattr(views, "ROWS_PER_PAGE", 2)
    framework, assessment = ward
    url = _url(framework, assessment, "dossiers.resolved_on_time_pct")
    client = english(client_for(people.ward_clerk))
    with CaptureQueriesContext(connection) as few:
        first = client.get(url).content.decode()
    assert len(_rows(first)) == 2 and "1/2" in first and 'rel="next"' in first
    assert len(_rows(client.get(url, {"page": 2}).content.decode())) == 1
    for _n in range(3):
        _resolved_dossier(units.ward_bim_son, procedures, staff)
    with CaptureQueriesContext(connection) as many:
        assert len(_rows(client.get(url).content.decode())) == 2
    assert len(many) == len(few)


def test_the_survey_responses_are_the_rows_of_the_survey_criterion(units, people, client_for, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC), tick=False)
    framework, unit, assessment = _open("department", units, people)
    _survey(unit, people)
    actions.do_refresh_measured(assessment, actor=people.justice_officer)
    html = (
        english(client_for(people.justice_officer))
        .get(_url(framework, assessment, "surveys.satisfaction_index"))
        .content.decode()
    )
    rows = _rows(html)
    assert len(rows) == 2 and all("Sở Tư pháp" in r for r in rows)
    assert assessment.scores.get(criterion__code="8.1").measured_points == Decimal("15.00")
