"""Results published before publications were records become a decision with the figures frozen then
(migration scoring 0003): one source of truth, the snapshot."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("scoring", "0001_initial")]
AFTER = [("scoring", "0004_published_figures_live_in_publications")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_a_framework_published_the_old_way_becomes_one_decision_with_its_frozen_figures(units):
    old = _migrate(BEFORE)
    try:
        Framework = old.get_model("scoring", "IndexFramework")
        framework = Framework.objects.create(
            code="SBN",
            name="Chỉ số CCHC các sở",
            year=2025,
            assessed_kind="department",
            owner_id=units.province.pk,
            version=3,
            published_at=dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC),
            decision_number="125/QĐ-UBND",
            decision_date=dt.date(2026, 3, 20),
        )
        old.get_model("scoring", "ClassificationBand").objects.create(
            framework=framework, label="Hoàn thành nhiệm vụ", min_percent=50
        )
        area = old.get_model("scoring", "Criterion").objects.create(
            framework=framework,
            code="1",
            title="Công tác chỉ đạo",
            max_points=100,
            is_leaf=True,
            method="self",
        )
        area.area_id = area.pk  # an area is its own area
        area.save()
        Assessment = old.get_model("scoring", "Assessment")
        justice = Assessment.objects.create(
            framework=framework,
            unit_id=units.justice.pk,
            state="published",
            total=Decimal("72.53"),
            published_total=Decimal("72.53"),
            published_percent=Decimal("72.53"),
            published_rank=1,
            published_classification="Hoàn thành nhiệm vụ",
        )
        old.get_model("scoring", "Score").objects.create(
            assessment=justice, criterion_id=area.pk, final_points=Decimal("72.53")
        )
        Assessment.objects.create(framework=framework, unit_id=units.home_affairs.pk, state="self_assessment")

        new = _migrate(AFTER)
        publication = new.get_model("scoring", "RankingPublication").objects.get()
        assert (publication.decision_number, publication.decision_date) == (
            "125/QĐ-UBND",
            dt.date(2026, 3, 20),
        )
        assert publication.framework_version == 3 and publication.scope_size == 2
        assert publication.bands == [["Hoàn thành nhiệm vụ", "50.00"]]
        lines = {
            r.unit_id: r
            for r in new.get_model("scoring", "PublishedResult").objects.filter(publication=publication)
        }
        ranked = lines[units.justice.pk]
        assert (ranked.status, ranked.rank, ranked.total, ranked.classification) == (
            "ranked",
            1,
            Decimal("72.53"),
            "Hoàn thành nhiệm vụ",
        )
        assert ranked.area_points == {"1": "72.53"} and ranked.unit_name == "Sở Tư pháp"
        unassessed = lines[units.home_affairs.pk]
        assert (unassessed.status, unassessed.rank, unassessed.classification) == ("not_assessed", None, "")
        fields = {f.name for f in new.get_model("scoring", "Assessment")._meta.get_fields()}
        assert not fields & {"published_total", "published_rank", "published_classification"}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
