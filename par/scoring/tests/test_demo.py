"""The demo loaders build every stage of the workflow and write nothing the second time."""

import io

import pytest

from par.audit.models import AuditEvent
from par.scoring.demo import load_demo as load_scoring
from par.scoring.models import Assessment, AssessmentState
from par.surveys.demo import load_demo as load_surveys
from par.surveys.models import Response

pytestmark = pytest.mark.django_db


def test_demo_loads_every_stage_and_is_idempotent(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_units = {
        "province": units.province,
        "justice": units.justice,
        "home_affairs": units.home_affairs,
        "ward": units.ward_bim_son,
    }
    load_surveys(demo_units, io.StringIO())
    load_scoring(demo_units, io.StringIO())
    states = set(Assessment.objects.values_list("state", flat=True))
    assert {AssessmentState.PUBLISHED, AssessmentState.APPROVED, AssessmentState.SELF_ASSESSMENT} <= states
    assert Response.objects.count() == 20
    events = AuditEvent.objects.count()
    load_surveys(demo_units, io.StringIO())
    load_scoring(demo_units, io.StringIO())
    assert AuditEvent.objects.count() == events
