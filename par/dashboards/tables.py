"""The tables of a dashboard: one shape for the page, its charts and its XLSX export.

Each table is built by its own function from `par.dashboards.figures`, so the export of a table has exactly the
rows the page shows (the page may show only the first rows of a long table; the export has them all). Each cell
may link to the rows behind its figure, and each column may carry the measure's formula from the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from par import metrics
from par.accounts.access import visible_units
from par.core.links import Reverser
from par.dashboards import figures
from par.dashboards.forms import Period
from par.orgunits.models import Unit

TEXT, COUNT, PERCENT, DATE = "text", "count", "percent", "date"
SHOWN_ROWS = 25  # a long table (procedures) shows its first rows; the export has every row


@dataclass(frozen=True)
class Col:
    label: str
    kind: str = COUNT
    help: str = ""


@dataclass(frozen=True)
class Cell:
    value: object
    url: str = ""

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | Decimal)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Col]
    rows: list[list[Cell]]
    note: str = ""
    total: list[Cell] | None = None
    chart: dict | None = None
    export_url: str = ""
    limit: int | None = SHOWN_ROWS  # None: every row on the page (the units, which the drill-down needs)

    @property
    def chart_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def shown_rows(self) -> list[list[Cell]]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    @property
    def cut(self) -> bool:
        return self.limit is not None and len(self.rows) > self.limit


@dataclass
class Context:
    """What every table of one dashboard is computed for; the children are read once and shared."""

    user: object
    unit: Unit
    period: Period
    today: dt.date
    procedure: Any = None  # a catalog Procedure on a procedure's dashboard
    links: Reverser = field(default_factory=Reverser)

    @cached_property
    def children(self) -> list[Unit]:
        return figures.child_units(self.unit, self.period)

    @cached_property
    def ranking(self) -> figures.Ranking | None:
        return figures.ranking(self.unit)

    @cached_property
    def procedures(self) -> list[figures.DossierRow]:
        return figures.dossiers_by_procedure(self.unit, self.period)

    def dashboard_url(self, unit: Unit) -> str:
        return self.links("dashboards:unit", unit.pk) + "?" + self.query

    @cached_property
    def petitions_queue(self) -> str:
        return reverse("petitions:queue")

    @cached_property
    def query(self) -> str:
        """The period as a query string, for the links of every figure."""
        return self.period.query()

    def procedure_url(self, code: str) -> str:
        return self.links("dashboards:procedure", self.unit.pk, code) + "?" + self.query


def _c(value, url: str = "") -> Cell:
    return Cell(value, url)


def units_table(ctx: Context) -> Table:
    """The per-unit figures: the unit's own total first, then each unit below it, each figure a link."""
    cols = figures.columns()
    rows = figures.unit_table(ctx.unit, ctx.children, ctx.period, ctx.today)
    body, total = [], None
    for row in rows:
        cells = [_c(row.unit.name, "" if row.is_total else ctx.dashboard_url(row.unit))]
        for col in cols:
            cells.append(_c(row.values.get(col.code), _figure_url(ctx, row.unit, col.code)))
        if row.is_total:
            total = cells
        else:
            body.append(cells)
    columns = [Col(_("Unit"), TEXT)] + [
        Col(c.label, PERCENT if c.percent else COUNT, c.formula) for c in cols
    ]
    table = Table("units", _("Figures by unit"), columns, body, total=total, limit=None)
    table.note = _(
        "The first line is the whole of %(unit)s; each line below is a unit under it with its own units."
    ) % {"unit": ctx.unit.name}
    on_time = [i for i, c in enumerate(cols, start=1) if c.code == "dossiers.resolved_on_time_pct"][0]
    charted = [r for r in body if r[on_time].value is not None]  # units with no dossier resolved are left out
    table.chart = {
        "type": "bar",
        "label": str(cols[on_time - 1].label),
        "labels": [r[0].value for r in charted],
        "values": [_number(r[on_time].value) for r in charted],
        "percent": True,
    }
    return table


def _figure_url(ctx: Context, unit: Unit, code: str) -> str:
    if code == figures.PETITIONS_OVERDUE:
        return ctx.petitions_queue + f"?overdue=true&unit={unit.pk}"
    return ctx.links("dashboards:measure", unit.pk, code) + "?" + ctx.query


def _number(value) -> float | None:
    return None if value is None else float(value)


def targets_table(ctx: Context) -> Table:
    plan, targets = figures.plan_targets(ctx.unit, ctx.period, ctx.today)
    columns = [
        Col(_("Objective"), TEXT),
        Col(_("Live measure"), TEXT),
        Col(_("Target"), TEXT),
        Col(_("Live value"), COUNT),
        Col(_("Typed-in value"), COUNT),
        Col(_("Met"), TEXT),
    ]
    rows = []
    for t in targets:
        live = t.live.value if t.live else None
        live_url = ""
        if t.live:
            start = dt.date(plan.year, 1, 1)
            end = min(ctx.today, ctx.period.end)
            live_url = (
                reverse("dashboards:measure", args=[plan.unit_id, t.metric])
                + f"?span=custom&date_from={start:%d/%m/%Y}&date_to={end:%d/%m/%Y}"
            )
        met = {True: _("yes"), False: _("no"), None: "—"}[t.live_met if t.live else t.met]
        rows.append(
            [
                _c(t.text),
                _c(t.metric_label or t.live_error or _("typed in")),
                _c(f"{t.get_comparator_display()} {_fmt(t.target_value)} {t.unit_of_measure}".strip()),
                _c(live, live_url),
                _c(t.measured_value),
                _c(met),
            ]
        )
    title = _("Plan targets against live values")
    table = Table("targets", title, columns, rows)
    if plan is not None:
        table.note = _("%(plan)s; live values from 01/01 to %(end)s, as on the plan's page.") % {
            "plan": plan.title,
            "end": f"{min(ctx.today, ctx.period.end):%d/%m/%Y}",
        }
    else:
        table.note = _("The unit has no issued plan for %(year)s.") % {"year": ctx.period.year}
    return table


def _fmt(value) -> str:
    from django.utils.formats import number_format

    return number_format(value, 2) if value is not None else "—"


def areas_table(ctx: Context) -> Table:
    rows = []
    for a in figures.tasks_by_area(ctx.unit, ctx.period):
        url = reverse("plans:plan_detail", args=[a.plan.pk])
        rows.append(
            [
                _c(a.plan.title),
                _c(a.area_name, url),
                _c(a.due),
                _c(a.completed),
                _c(a.on_time),
                _c(a.on_time_pct),
            ]
        )
    columns = [
        Col(_("Area"), TEXT),
        Col(_("Plan"), TEXT),
        Col(str(metrics.get("plans.tasks_due").label), COUNT, str(metrics.get("plans.tasks_due").formula)),
        Col(_("Completed by the end of the period"), COUNT),
        Col(_("Completed on time"), COUNT),
        Col(_("On time (%)"), PERCENT, str(metrics.get("plans.tasks_on_time_pct").formula)),
    ]
    return Table("areas", _("Task completion by area"), columns, rows)


def reports_table(ctx: Context) -> Table:
    readable = visible_units(ctx.user)
    rows = []
    for period, result in figures.report_completeness(ctx.unit, ctx.period, readable):
        url = reverse("reporting:completeness", args=[period.pk, ctx.unit.pk])
        rows.append(
            [
                _c(period.name, url),
                _c(period.due_date),
                _c(result.expected),
                _c(result.submitted),
                _c(result.on_time),
                _c(result.late),
                _c(result.missing),
                _c(result.submitted_pct),
                _c(result.on_time_pct),
            ]
        )
    columns = [
        Col(_("Reporting period"), TEXT),
        Col(_("Deadline of the province"), DATE),
        Col(_("Expected"), COUNT),
        Col(_("Submitted"), COUNT),
        Col(_("On time"), COUNT),
        Col(_("Late"), COUNT),
        Col(_("Missing"), COUNT),
        Col(_("Submitted (%)"), PERCENT),
        Col(_("On time (%)"), PERCENT),
    ]
    table = Table("reports", _("Report completeness and timeliness"), columns, rows)
    table.note = _(
        "Reporting periods whose deadline falls in the chosen days, as on each period's completeness page."
    )
    return table


def _dossier_figures() -> list[Col]:
    """The columns of a dossier breakdown, in the reader's language (built per call, not at import)."""
    return [
        Col(_("Received"), COUNT),
        Col(_("Resolved"), COUNT),
        Col(_("Early or on time"), COUNT),
        Col(_("Late"), COUNT),
        Col(_("Pending"), COUNT),
        Col(_("On time (%)"), PERCENT),
    ]


def _dossier_cells(row: figures.DossierRow) -> list[Cell]:
    return [
        _c(row.received),
        _c(row.resolved),
        _c(row.on_time),
        _c(row.resolved_late),
        _c(row.pending),
        _c(row.on_time_pct),
    ]


def _dossier_columns(first: list[Col]) -> list[Col]:
    formula = str(metrics.get("dossiers.resolved_on_time_pct").formula)
    *counts, on_time = _dossier_figures()
    return [*first, *counts, Col(on_time.label, PERCENT, formula)]


def fields_table(ctx: Context) -> Table:
    rows = [
        [_c(r.label or _("(no field)")), *_dossier_cells(r)]
        for r in figures.dossiers_by_field(ctx.procedures)
    ]
    return Table("fields", _("Dossiers by field"), _dossier_columns([Col(_("Field"), TEXT)]), rows)


def procedures_table(ctx: Context) -> Table:
    rows = [
        [_c(r.label, ctx.procedure_url(r.extra["code"])), _c(r.extra["field"]), *_dossier_cells(r)]
        for r in ctx.procedures
    ]
    columns = _dossier_columns([Col(_("Procedure"), TEXT), Col(_("Field"), TEXT)])
    return Table("procedures", _("Dossiers by procedure"), columns, rows)


def months_table(ctx: Context) -> Table:
    trend = figures.dossier_trend(ctx.unit, ctx.period, ctx.procedure)
    rows = [[_c(r.label, _month_url(ctx, r.key)), *_dossier_cells(r)] for r in trend]
    table = Table("months", _("Dossiers by month"), _dossier_columns([Col(_("Month"), TEXT)]), rows)
    table.chart = {
        "type": "line",
        "label": str(_("Early or on time (%)")),
        "labels": [r.label for r in trend],
        "values": [_number(r.on_time_pct) for r in trend],
        "percent": True,
    }
    return table


def _month_url(ctx: Context, month) -> str:
    """The dossiers behind a month's on-time rate (the measure's rows); a procedure's month has its list below."""
    if ctx.procedure is not None:
        return ""
    start = max(month, ctx.period.start)
    end = min((month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), ctx.period.end)
    code = "dossiers.resolved_on_time_pct"
    query = f"span=custom&date_from={start:%d/%m/%Y}&date_to={end:%d/%m/%Y}"
    return reverse("dashboards:measure", args=[ctx.unit.pk, code]) + "?" + query


def procedure_units_table(ctx: Context) -> Table:
    """One procedure's dossiers for the unit and each unit below it."""
    rows = figures.dossiers_by_unit(ctx.unit, ctx.children, ctx.period, ctx.procedure)
    total, *body = rows
    cells = [[_c(r.label, _procedure_in(ctx, r.key)), *_dossier_cells(r)] for r in body]
    table = Table("units", _("Dossiers by unit"), _dossier_columns([Col(_("Unit"), TEXT)]), cells, limit=None)
    table.total = [_c(total.label), *_dossier_cells(total)]
    return table


def _procedure_in(ctx: Context, unit) -> str:
    return ctx.links("dashboards:procedure", unit.pk, ctx.procedure.code) + "?" + ctx.query


def ranking_table(ctx: Context) -> Table:
    found = ctx.ranking
    columns = [
        Col(_("Rank"), COUNT),
        Col(_("Unit"), TEXT),
        Col(_("Index (%)"), PERCENT),
        Col(_("Classification"), TEXT),
    ]
    if found is None:
        return Table(
            "ranking", _("PAR index ranking"), columns, [], note=_("No PAR index decision is published yet.")
        )
    url = reverse("scoring:publication", args=[found.publication.pk])
    rows = [
        [_c(r.rank), _c(r.unit_name, url), _c(r.percent), _c(r.classification or r.get_status_display())]
        for r in found.rows
    ]
    table = Table("ranking", _("PAR index ranking"), columns, rows)
    table.note = _("Decision %(number)s of %(date)s (%(framework)s).") % {
        "number": found.publication.decision_number,
        "date": f"{found.publication.decision_date:%d/%m/%Y}",
        "framework": found.publication.framework.name,
    }
    if found.own is not None and found.own.rank:
        table.note += " " + _("%(unit)s ranks %(rank)s of %(size)s.") % {
            "unit": ctx.unit.name,
            "rank": found.own.rank,
            "size": found.publication.scope_size,
        }
    return table


def classes_table(ctx: Context) -> Table:
    found = ctx.ranking
    rows = [[_c(label), _c(n)] for label, n in found.classes] if found else []
    table = Table(
        "classes", _("Units by classification"), [Col(_("Classification"), TEXT), Col(_("Units"))], rows
    )
    table.chart = {
        "type": "doughnut",
        "label": str(_("Units")),
        "labels": [label for label, _n in found.classes] if found else [],
        "values": [n for _label, n in found.classes] if found else [],
        "percent": False,
    }
    return table


BUILDERS: dict[str, Callable[[Context], Table]] = {
    "units": units_table,
    "targets": targets_table,
    "areas": areas_table,
    "reports": reports_table,
    "fields": fields_table,
    "procedures": procedures_table,
    "months": months_table,
    "ranking": ranking_table,
    "classes": classes_table,
}
PROCEDURE_BUILDERS: dict[str, Callable[[Context], Table]] = {
    "units": procedure_units_table,
    "months": months_table,
}
