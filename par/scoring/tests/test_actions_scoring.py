"""The index workflow through its actions: locks at each step, reasons, totals, ranking, deltas, reopening."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from par.audit.models import AuditEvent
from par.core.exceptions import ConflictError
from par.core.testing import pdf
from par.scoring import actions
from par.scoring.exchange import NodeInput, load_shipped
from par.scoring.models import AssessmentState, Score
from par.scoring.results import compute_results, rank_with_ties, what_if
from par.scoring.tests.helpers import open_year, published_year, self_score_all

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


def test_shipped_department_framework_adds_up_to_one_hundred_and_is_editable(units, people):
    framework = load_shipped("department", owner=units.province, year=2026, actor=people.par_officer)
    leaves = framework.criteria.filter(is_leaf=True)
    assert sum(c.max_points for c in leaves) == Decimal(100)
    assert framework.editable and framework.bands.count() == 4
    assert load_shipped("department", owner=units.province, year=2026, actor=people.par_officer) == framework


def test_a_tree_whose_children_do_not_add_up_is_refused_and_nothing_is_written(units, people):
    bad = [NodeInput("1", "A", Decimal(100), children=[NodeInput("1.1", "a", Decimal(40), method="self")])]
    with pytest.raises(ValidationError, match="1.1|40"):
        actions.do_create_framework(
            owner=units.province,
            year=2026,
            assessed_kind="department",
            code="X",
            name="X",
            nodes=bad,
            actor=people.par_officer,
        )
    assert not AuditEvent.objects.filter(action="scoring.create_framework").exists()


def test_unit_officer_of_another_unit_cannot_self_score(units, people):
    year = open_year(units, people)
    with pytest.raises(PermissionDenied):
        actions.do_self_score(
            year.justice, year.criterion("2.1"), points=3, actor=people.home_affairs_officer
        )


def test_points_above_the_maximum_are_refused_with_a_clear_message(units, people):
    year = open_year(units, people)
    with pytest.raises(ValidationError, match="4"):
        actions.do_self_score(year.justice, year.criterion("2.1"), points="5", actor=people.justice_officer)
    assert Score.objects.get(assessment=year.justice, criterion=year.criterion("2.1")).self_points is None


def test_a_stale_version_is_refused_not_overwritten(units, people):
    year = open_year(units, people)
    c = year.criterion("2.1")
    actions.do_self_score(year.justice, c, points=3, expected_version=1, actor=people.justice_officer)
    with pytest.raises(ConflictError):
        actions.do_self_score(year.justice, c, points=2, expected_version=1, actor=people.justice_officer)
    assert Score.objects.get(assessment=year.justice, criterion=c).self_points == Decimal(3)


@time_machine.travel(NOW, tick=False)
def test_submission_needs_every_self_score_and_the_required_evidence(units, people):
    year = open_year(units, people)
    with pytest.raises(ValidationError, match="1.1.1"):
        actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    self_score_all(year.justice, people.justice_officer)  # no files
    with pytest.raises(ValidationError, match="1.1.1"):
        actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.SELF_ASSESSMENT


def test_submission_after_the_deadline_is_refused_until_the_officer_reopens_with_a_new_one(units, people):
    year = open_year(units, people)
    self_score_all(year.justice, people.justice_officer, files=pdf)
    late = dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)
    with time_machine.travel(late, tick=False), pytest.raises(ValidationError, match="05/12/2026"):
        actions.do_submit_assessment(year.justice, actor=people.justice_officer)


@time_machine.travel(NOW, tick=False)
def test_appraisal_change_needs_a_reason_keeps_the_delta_and_locks_self_scores(units, people):
    year = open_year(units, people)
    self_score_all(year.justice, people.justice_officer, files=pdf)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    c = year.criterion("2.1")
    with pytest.raises(ValidationError):
        actions.do_self_score(year.justice, c, points=1, actor=people.justice_officer)
    with pytest.raises(ValidationError, match="2.1"):
        actions.do_appraise_score(year.justice, c, points=2, actor=people.appraiser)
    with pytest.raises(PermissionDenied):
        actions.do_appraise_score(year.justice, c, points=2, reason="x", actor=people.justice_head)
    score = actions.do_appraise_score(
        year.justice, c, points=2, reason="Thiếu 2 văn bản", actor=people.appraiser
    )
    assert score.delta == Decimal(-2) and score.final_points == Decimal(2)
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.APPRAISAL
    event = AuditEvent.objects.get(action="scoring.appraise")
    assert event.reason == "Thiếu 2 văn bản" and event.before["self_points"] == "4.00"


def test_ranks_share_the_better_place_on_ties():
    assert rank_with_ties([Decimal(80), Decimal(90), Decimal(80), Decimal(70)]) == [2, 1, 2, 4]


@time_machine.travel(NOW, tick=False)
def test_publication_freezes_rank_classification_and_year_on_year_delta(units, people):
    published_year(units, people, 2025, {units.justice: Decimal("0.5"), units.home_affairs: Decimal(1)})
    year = open_year(units, people)
    for a, officer in (
        (year.justice, people.justice_officer),
        (year.home_affairs, people.home_affairs_officer),
    ):
        self_score_all(a, officer, files=pdf)
        actions.do_submit_assessment(a, actor=officer)
        actions.do_approve_assessment(a, actor=people.appraiser)
    publication = actions.do_publish_results(
        year.framework,
        decision_number="45/QĐ-UBND",
        decision_date=dt.date(2026, 12, 1),
        actor=people.par_officer,
    )
    rows = {r.unit_name: r for r in compute_results(year.framework)}
    justice = rows["Sở Tư pháp"]
    # The self-assessed criteria carry 59 of the 100 points (the measured ones have no data here, the appraisal-only
    # ones were not appraised): Sở Nội vụ had them all in 2025, Sở Tư pháp half of them. Nobody answered the survey
    # (8.1, 15 points), which the default rule leaves out: the index is points ÷ 85 (decisions 0120, 0121).
    assert rows["Sở Nội vụ"].previous_percent == Decimal("69.41")  # 59 ÷ 85
    assert justice.previous_percent == Decimal("34.71")  # 29,5 ÷ 85
    assert justice.total == Decimal("59.00") and justice.applicable_max == Decimal("85.00")
    assert justice.delta == Decimal("34.70")
    assert justice.rank == rows["Sở Nội vụ"].rank == 1  # a tie
    assert justice.classification == "Hoàn thành nhiệm vụ"
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.PUBLISHED
    published = publication.results.get(unit=units.justice)
    # The decision keeps the unit's own maximum and the index taken of it.
    assert (published.rank, published.applicable_max, published.percent, published.previous_percent) == (
        1,
        Decimal("85.00"),
        Decimal("69.41"),
        Decimal("34.71"),
    )
    assert published.not_applicable == ["8.1"]


@time_machine.travel(NOW, tick=False)
def test_reopening_needs_a_reason_and_goes_one_step_back(units, people):
    year = open_year(units, people)
    self_score_all(year.justice, people.justice_officer, files=pdf)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    with pytest.raises(ValidationError):
        actions.do_reopen_assessment(year.justice, reason=" ", actor=people.par_officer)
    with pytest.raises(PermissionDenied):
        actions.do_reopen_assessment(year.justice, reason="x", actor=people.appraiser)
    a = actions.do_reopen_assessment(
        year.justice, reason="Bổ sung tài liệu", deadline=dt.date(2026, 12, 20), actor=people.par_officer
    )
    assert a.state == AssessmentState.SELF_ASSESSMENT and a.deadline == dt.date(2026, 12, 20)
    assert AuditEvent.objects.get(action="scoring.reopen").reason == "Bổ sung tài liệu"


def test_what_if_shows_new_total_and_rank_without_saving(units, people):
    year = open_year(units, people)
    self_score_all(year.home_affairs, people.home_affairs_officer, fraction=Decimal("0.5"))
    c = year.criterion("2.1")
    result = what_if(year.justice, {c.pk: Decimal(4)})
    assert result.total == Decimal(4) and result.current_total == Decimal(0)
    assert result.rank == 2 and result.current_rank == 2
    assert Score.objects.get(assessment=year.justice, criterion=c).final_points == 0


def test_the_command_loads_a_shipped_framework_once(units):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_index_framework", "commune", unit="38", year=2026, deadline="05/12/2026", stdout=out)
    call_command("load_index_framework", "commune", unit="38", year=2026, stdout=out)
    from par.scoring.models import IndexFramework

    framework = IndexFramework.objects.get()
    assert framework.assessed_kind == "commune" and framework.self_deadline == dt.date(2026, 12, 5)
