"""Every dashboard figure is the figure the reports, the plan page and the measures compute for the same days."""

import datetime as dt

import pytest
from django.urls import reverse

from par import metrics
from par.accounts.access import visible_units
from par.dashboards import figures
from par.dashboards.forms import year_period
from par.demo.testing import load_small_demo
from par.plans.models import PlanState, ReformPlan
from par.plans.queries import measure_targets
from par.reporting.models import ReportingPeriod
from par.reporting.queries import completeness

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def demo(units, time_machine):
    """The demo's data at a small size (`load_small_demo`), late in 2026."""
    time_machine.move_to(dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC), tick=False)
    load_small_demo(units)
    return units


def test_every_figure_by_unit_on_the_page_is_the_measure_computed_for_that_unit_alone(
    demo, people, client_for
):
    period = year_period("m12", 2026)
    response = client_for(people.par_officer).get(reverse("dashboards:province") + "?span=m12&year=2026")
    table = response.context["tables"]["units"]
    codes = [c.code for c in figures.columns()]
    by_name = {row[0].value: row for row in [table.total, *table.rows]}
    for unit in [demo.province, *figures.child_units(demo.province, period)]:
        row = by_name[unit.name]
        for index, code in enumerate(codes, start=1):
            if code == figures.PETITIONS_OVERDUE:
                continue
            alone = metrics.measure(code, unit, period.start, period.end).value
            assert row[index].value == alone, (unit.name, code)
    received = codes.index("dossiers.received") + 1
    assert table.total[received].value > 0  # the demo's dossiers are counted, not an empty page


def test_dossiers_by_field_procedure_and_month_add_up_to_the_dossier_measures(demo):
    period = year_period("m12", 2026)
    procedures = figures.dossiers_by_procedure(demo.province, period)
    received = metrics.measure("dossiers.received", demo.province, period.start, period.end).value
    on_time = metrics.measure("dossiers.resolved_on_time_pct", demo.province, period.start, period.end)
    for rows in (
        procedures,
        figures.dossiers_by_field(procedures),
        figures.dossier_trend(demo.province, period),
    ):
        assert sum(r.received for r in rows) == received
        assert sum(r.on_time for r in rows) == on_time.numerator
        assert sum(r.resolved for r in rows) == on_time.denominator


def test_tasks_by_area_add_up_to_the_plan_measures(demo):
    period = year_period("m12", 2026)
    rows = figures.tasks_by_area(demo.province, period)
    assert rows
    for code, attribute in (("plans.tasks_due", "due"), ("plans.tasks_completed", "completed")):
        value = metrics.measure(code, demo.province, period.start, period.end).value
        assert sum(getattr(r, attribute) for r in rows) == value, code


def test_plan_targets_show_the_live_values_of_the_plan_page(demo):
    period = year_period("m12", 2026)
    plan, targets = figures.plan_targets(demo.province, period, TODAY)
    assert plan is not None
    page = ReformPlan.objects.get(pk=plan.pk, state=PlanState.ISSUED)
    expected = {t.pk: t.live.value if t.live else None for t in measure_targets(page, TODAY)}
    assert {t.pk: t.live.value if t.live else None for t in targets} == expected
    assert any(t.live is not None for t in targets)


def test_report_completeness_is_the_completeness_page_of_each_period(demo, people):
    period = year_period("m12", 2026)
    readable = visible_units(people.par_officer)
    found = figures.report_completeness(demo.province, period, readable)
    periods = ReportingPeriod.objects.filter(province=demo.province, due_date__year=2026)
    assert [p.pk for p, _r in found] == list(periods.order_by("due_date", "pk").values_list("pk", flat=True))
    for reporting_period, result in found:
        page = completeness(demo.province, reporting_period, readable)
        assert (result.expected, result.submitted, result.on_time) == (
            page.expected,
            page.submitted,
            page.on_time,
        )


def test_a_figure_links_to_the_rows_the_measure_used(demo, people, client_for):
    url = reverse("dashboards:measure", args=[demo.province.pk, "petitions.received"]) + "?span=m12&year=2026"
    response = client_for(people.par_officer).get(url)
    assert response.status_code == 200
    value = metrics.measure("petitions.received", demo.province, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert response.context["page"].paginator.count == value.value
