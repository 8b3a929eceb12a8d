"""A self score that fails after its evidence was written leaves no file on disk: it goes with its rows."""

import pytest

from par.core.testing import pdf
from par.scoring import actions
from par.scoring.models import Evidence, Score
from par.scoring.tests.helpers import open_year

pytestmark = pytest.mark.django_db


def test_a_self_score_that_fails_after_its_evidence_was_written_leaves_no_file(
    client_for, people, units, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    year = open_year(units, people)
    c = year.criterion("1.1.1")

    def audit_down(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(actions.assessments, "record_event", audit_down)
    with pytest.raises(RuntimeError):
        client_for(people.justice_officer).post(
            f"/par-index/assessments/{year.justice.pk}/criteria/{c.pk}/self/",
            {"points": "1", "evidence": [pdf("qd-ke-hoach.pdf"), pdf("bao-cao.pdf")], "version": "1"},
        )
    assert not Evidence.objects.exists()
    assert Score.objects.get(assessment=year.justice, criterion=c).self_points is None
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
