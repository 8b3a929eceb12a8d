"""The metrics registry: measures are registered once, computed for a unit's subtree and explained by rows."""

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.utils.module_loading import module_has_submodule

from par import metrics
from par.plans.actions import do_report_progress
from par.plans.testing import assignment, build_plans

pytestmark = pytest.mark.django_db

H1 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def _apps_with_measures() -> dict[str, str]:
    """label → module of every installed app that has a metrics.py, plus the unit tree's measures."""
    found = {"orgunits": "par.metrics.units"}
    for config in apps.get_app_configs():
        if module_has_submodule(import_module(config.name), "metrics"):
            found[config.label] = f"{config.name}.metrics"
    return found


def test_every_app_registers_its_measures_at_start_up():
    by_source: dict[str, set[str]] = {}
    for m in metrics.all_metrics():
        if ".tests." not in m.source:  # a test may register its own measure; it is not an app's
            by_source.setdefault(m.source, set()).add(m.code)
    expected = _apps_with_measures()
    assert {"orgunits", "plans", "catalog", "dossiers", "petitions", "portal", "inspections"} <= set(expected)
    for label, module in expected.items():
        codes = by_source.pop(module, set())
        assert codes, f"{module} registers no measure"
        assert all(code.startswith(f"{label}.") for code in codes), codes
    assert not by_source  # every measure comes from one of those modules
    assert {"plans.tasks_on_time_pct", "plans.tasks_due", "plans.plans_issued"} <= {
        m.code for m in metrics.all_metrics()
    }


@pytest.mark.parametrize("code", [m.code for m in metrics.all_metrics()])
def test_every_registered_measure_computes_for_a_subtree_and_explains_itself(code, units, people):
    build_plans(units, people)
    metric = metrics.get(code)
    assert str(metric.label) and str(metric.formula)
    result = metrics.measure(code, units.province, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert isinstance(result, metrics.Measurement)
    assert result.value is None or isinstance(result.value, Decimal)
    assert result.formula
    if metric.unit == "%" and result.value is not None:
        assert result.denominator and result.numerator is not None
    rows = result.explain()
    assert all(isinstance(row, metrics.MeasuredRow) and row.label for row in rows)


def test_an_unknown_code_is_a_clear_error():
    with pytest.raises(metrics.UnknownMetricError):
        metrics.get("nope.nothing")


def test_a_ratio_with_nothing_to_count_has_no_value_rather_than_zero_or_a_hundred():
    assert metrics.ratio(0, 0).value is None
    assert metrics.ratio(2, 3).value == Decimal("66.67")


def test_tasks_on_time_counts_lead_assignments_due_in_the_period_and_explains_each(units, people):
    built = build_plans(units, people)
    do_report_progress(
        assignment(built.review, units.justice),
        text="Đã hoàn thành rà soát",
        completed_on=dt.date(2026, 3, 20),
        actor=people.justice_officer,
    )
    result = metrics.measure("plans.tasks_on_time_pct", units.province, *H1)
    # Due in H1: review (justice), decentralise (home affairs, justice), online (two wards) = 5 lead assignments.
    assert (result.numerator, result.denominator) == (1, 5)
    assert result.value == Decimal("20.00")
    rows = result.explain()
    assert len(rows) == 5 and sum(r.counted for r in rows) == 1
    assert "1 / 5 × 100 = 20,00 %" in result.formula


def test_a_units_measure_covers_only_its_own_subtree(units, people):
    build_plans(units, people)
    justice = metrics.measure("plans.tasks_on_time_pct", units.justice, *H1)
    assert justice.denominator == 2  # review and decentralise; its own plan's task is due in Q4
    assert (
        metrics.measure(
            "plans.plans_issued", units.province, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
        ).value
        == 1
    )


def test_a_period_that_ends_before_it_starts_is_refused(units):
    with pytest.raises(ValueError):
        metrics.measure("plans.tasks_due", units.province, dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_tasks_completed_are_counted_among_the_tasks_due_so_a_report_never_shows_more_done_than_due(
    units, people
):
    built = build_plans(units, people)
    # Task 4 (continuous, due 31/12) completed early: done, but not due in the first half.
    do_report_progress(
        assignment(built.communication, units.home_affairs),
        text="Đã hoàn thành",
        completed_on=dt.date(2026, 3, 1),
        actor=people.home_affairs_officer,
    )
    due = metrics.measure("plans.tasks_due", units.home_affairs, *H1).value
    done = metrics.measure("plans.tasks_completed", units.home_affairs, *H1).value
    assert (due, done) == (1, 0)  # decentralise is due in H1 and open
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert metrics.measure("plans.tasks_completed", units.home_affairs, *year).value == 1
