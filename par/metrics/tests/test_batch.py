"""Every measure answers for many units at once, with the values it computes for each unit alone."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par import metrics
from par.demo.testing import load_small_demo
from par.metrics import registry
from par.orgunits.models import Unit
from par.orgunits.querysets import subtree_q

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
# Measures registered without a batch form yet, each with the reason. Empty: a new measure needs one.
NO_BATCH_FORM: dict[str, str] = {}


@pytest.fixture
def demo(units, time_machine):
    """The demo's data at a small size (`load_small_demo`), late in 2026."""
    time_machine.move_to(dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC), tick=False)
    load_small_demo(units)
    return units


def _app_measures() -> list[metrics.Metric]:
    return [m for m in metrics.all_metrics() if ".tests." not in m.source]


def test_every_measure_of_the_apps_has_a_batch_form():
    missing = [m.code for m in _app_measures() if m.batch is None and m.code not in NO_BATCH_FORM]
    assert not missing, f"measures without a batch form: {missing}"


def test_every_batch_form_answers_what_the_measure_computes_for_each_unit_with_constant_queries(demo):
    # Units of every depth at once, nested in one another (the province, a district and its wards).
    asked = list(Unit.objects.filter(subtree_q(demo.province.path)).order_by("path"))
    assert len({len(u.path) for u in asked}) == 3
    wrong = {}
    for m in _app_measures():
        for start, end in (YEAR, Q3):
            one_by_one = {u.pk: metrics.measure(m.code, u, start, end).value for u in asked}
            at_once = metrics.values(m.code, asked, start, end)
            if at_once != one_by_one:
                wrong[(m.code, start)] = (at_once, one_by_one)
    assert not wrong
    # The demo gives most measures something to count, so the comparison is not only of zeros.
    counted = [m.code for m in _app_measures() if any(metrics.values(m.code, asked, *YEAR).values())]
    assert len(counted) >= len(_app_measures()) * 2 // 3, counted
    # And a batch form reads as many queries for many units of one depth as for a few.
    children = list(demo.province.children.order_by("path"))
    assert len(children) >= 4
    for m in _app_measures():
        with CaptureQueriesContext(connection) as few:
            metrics.values(m.code, children[:2], *YEAR)
        with CaptureQueriesContext(connection) as many:
            metrics.values(m.code, children, *YEAR)
        assert len(many) == len(few), m.code


def test_a_measure_without_a_batch_form_is_computed_unit_by_unit(units, monkeypatch):
    def compute(scope):
        return metrics.count(len(scope.unit.name))

    monkeypatch.setattr(
        registry, "_REGISTRY", dict(registry._REGISTRY)
    )  # the measure lives for this test only
    metrics.metric("tests.name_length", label="Name length", unit="", formula="letters")(compute)
    assert metrics.get("tests.name_length").batch is None
    found = metrics.values("tests.name_length", [units.justice, units.ward_bim_son], *YEAR)
    assert found == {units.justice.pk: len("Sở Tư pháp"), units.ward_bim_son.pk: len("Phường Bỉm Sơn")}
    assert metrics.values("tests.name_length", [], *YEAR) == {}


def test_counts_for_units_of_every_depth_are_read_in_one_query(demo):
    asked = list(Unit.objects.filter(subtree_q(demo.province.path)).order_by("path"))
    with CaptureQueriesContext(connection) as read:
        metrics.values("dossiers.received", asked, *YEAR)
    assert len(read) == 1


def test_measures_of_one_source_read_their_rows_once_in_a_sharing_block(demo):
    asked = list(Unit.objects.filter(subtree_q(demo.province.path)).order_by("path"))
    codes = ["plans.tasks_due", "plans.tasks_completed", "plans.tasks_on_time_pct"]
    with CaptureQueriesContext(connection) as apart:
        separately = [metrics.values(code, asked, *YEAR) for code in codes]
    with CaptureQueriesContext(connection) as shared, metrics.sharing():
        together = [metrics.values(code, asked, *YEAR) for code in codes]
    assert together == separately
    assert len(shared) == len(apart) // 3
    # Outside the block nothing is kept: a changed row is counted at the next read.
    with CaptureQueriesContext(connection) as again:
        metrics.values(codes[0], asked, *YEAR)
    assert len(again) == len(apart) // 3
