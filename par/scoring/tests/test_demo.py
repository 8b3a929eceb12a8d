"""The demo loaders build every stage of the workflow and write nothing the second time."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from par.audit.models import AuditEvent
from par.scoring.demo import load_demo as load_scoring
from par.scoring.models import Assessment, AssessmentState, RankingPublication
from par.surveys.demo import load_demo as load_surveys
from par.surveys.models import Response

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _demo_units(units):
    return {
        "province": units.province,
        "justice": units.justice,
        "home_affairs": units.home_affairs,
        "ward": units.ward_bim_son,
    }


def test_demo_loads_every_stage_and_is_idempotent(units, settings, tmp_path, time_machine):
    # Before this year's self-assessment deadline (05/12), when every stage can still be reached.
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, tzinfo=VN), tick=False)
    settings.MEDIA_ROOT = tmp_path
    demo_units = _demo_units(units)
    load_surveys(demo_units, io.StringIO())
    load_scoring(demo_units, io.StringIO())
    states = set(Assessment.objects.values_list("state", flat=True))
    assert {AssessmentState.PUBLISHED, AssessmentState.APPROVED, AssessmentState.SELF_ASSESSMENT} <= states
    assert Response.objects.count() == 20
    # Last year's decision and the decision correcting it, both kept.
    first, correction = RankingPublication.objects.order_by("created_at", "pk")
    assert (first.decision_number, correction.decision_number) == ("265/QĐ-UBND", "266/QĐ-UBND")
    assert correction.corrects == first and correction.correction_reason
    justice = units.justice
    assert first.results.get(unit=justice).total < correction.results.get(unit=justice).total
    events = AuditEvent.objects.count()
    load_surveys(demo_units, io.StringIO())
    load_scoring(demo_units, io.StringIO())
    assert AuditEvent.objects.count() == events


def test_demo_loads_after_the_self_assessment_deadline_leaving_this_years_index_unsubmitted(
    units, settings, tmp_path, time_machine
):
    time_machine.move_to(dt.datetime(2026, 12, 20, 9, tzinfo=VN), tick=False)
    settings.MEDIA_ROOT = tmp_path
    load_scoring(_demo_units(units), io.StringIO())
    this_year = Assessment.objects.filter(framework__year=2026)
    assert this_year.exists()
    assert not this_year.exclude(state__in=[AssessmentState.OPEN, AssessmentState.SELF_ASSESSMENT]).exists()
    assert set(Assessment.objects.filter(framework__year=2025).values_list("state", flat=True)) == {
        AssessmentState.PUBLISHED
    }
    events = AuditEvent.objects.count()
    load_scoring(_demo_units(units), io.StringIO())
    assert AuditEvent.objects.count() == events
