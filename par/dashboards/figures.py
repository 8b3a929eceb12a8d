"""The figures of a dashboard, each read from the computation the reports and pages already use.

Nothing here counts anything a second way: the per-unit figures are the live measures of `par.metrics` (their
batch forms, one grouped query per depth whatever the number of units, decision 0136), so a dashboard figure is
the figure a report auto-fills or the PAR index scores for the same unit and days; report completeness is
`par.reporting.queries.completeness`, the page of each reporting period; plan targets are
`par.plans.queries.measure_targets`, as on the plan's page; the ranking is the published decision's snapshot.
The dossier breakdowns (by field, procedure and month) add up the same statistics table, with the same formula,
as the `dossiers.*` measures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _

from par import metrics
from par.dashboards.forms import Period
from par.dossiers.models import DossierRollup
from par.orgunits.models import Unit, UnitKind
from par.orgunits.querysets import existed_q, subtree_q
from par.petitions.filters import overdue_q
from par.petitions.models import Petition
from par.plans.models import Assignment, PlanState, ReformPlan, UnitRole
from par.plans.queries import annotate_assignments, measure_targets
from par.reporting.models import ReportingPeriod
from par.reporting.queries import completeness_counts
from par.scoring.models import PublishedResult, RankingPublication, ResultStatus

# The columns of the per-unit table, in the order shown: (measure code, section).
TASKS = ("plans.tasks_due", "plans.tasks_completed", "plans.tasks_on_time_pct")
REPORTS = ("reporting.reports_on_time_pct",)
DOSSIERS = (
    "dossiers.received",
    "dossiers.resolved",
    "dossiers.resolved_on_time_pct",
    "dossiers.pending_overdue",
)
PETITIONS = ("petitions.received", "petitions.answered", "petitions.answered_on_time_pct")
SATISFACTION = ("surveys.satisfaction_index",)
UNIT_CODES = (*TASKS, *REPORTS, *DOSSIERS, *PETITIONS, *SATISFACTION)
# Not a registered measure: open petitions past their due date now, as the petitions list's "overdue" filter.
PETITIONS_OVERDUE = "petitions.overdue"


@dataclass(frozen=True)
class Column:
    """A figure of the per-unit table, explained by the metrics registry."""

    code: str
    label: str
    formula: str
    percent: bool


def columns() -> list[Column]:
    found = []
    for code in UNIT_CODES:
        m = metrics.get(code)
        found.append(Column(code, str(m.label), str(m.formula), m.unit == "%"))
        if code == "petitions.answered_on_time_pct":
            found.append(
                Column(
                    PETITIONS_OVERDUE,
                    _("Petitions overdue"),
                    _(
                        "open petitions whose answer was due before today (or the end of the period, if earlier)"
                    ),
                    percent=False,
                ),
            )
    return found


@dataclass
class UnitRow:
    """One line of the per-unit table: a unit (or the total of the unit the dashboard is about)."""

    unit: Unit
    is_total: bool
    values: dict[str, Decimal | None]


def child_units(unit: Unit, period: Period) -> list[Unit]:
    """The units directly below `unit` that existed during the period (one query), departments first."""
    rows = Unit.objects.filter(parent=unit).filter(existed_q(period.start, period.end))
    kind_order: dict[str, int] = {UnitKind.DEPARTMENT: 0, UnitKind.DISTRICT: 1, UnitKind.PUBLIC_SERVICE: 3}
    return sorted(rows, key=lambda u: (kind_order.get(u.kind, 2), u.name))


def petitions_overdue(units: list[Unit], period: Period, today: dt.date) -> metrics.Values:
    """Open petitions past their due date on the earlier of today and the period's end, per unit's subtree."""
    cutoff = min(period.end, today)
    rows = Petition.objects.filter(overdue_q(cutoff))
    scopes = metrics.Scopes(units=tuple(units), start=period.start, end=period.end)
    return {pk: metrics.amount(g["n"]) for pk, g in scopes.grouped(rows, "unit__", n=Count("pk")).items()}


def unit_table(unit: Unit, children: list[Unit], period: Period, today: dt.date) -> list[UnitRow]:
    """The unit itself (its whole subtree) and then each child, with every figure of `UNIT_CODES`.

    Each measure is read through its batch form for all the units at once, so the number of queries is the
    same for 10 and for 300 children; measures of one source share their grouped read.
    """
    units = [unit, *children]
    with metrics.sharing():  # the measures of one source (tasks, dossiers, petitions) read their rows once
        by_code = {code: metrics.values(code, units, period.start, period.end) for code in UNIT_CODES}
    by_code[PETITIONS_OVERDUE] = petitions_overdue(units, period, today)
    return [
        UnitRow(u, u.pk == unit.pk, {code: values.get(u.pk) for code, values in by_code.items()})
        for u in units
    ]


@dataclass
class AreaRow:
    plan: ReformPlan
    area_name: str
    due: int
    completed: int
    on_time: int

    @property
    def on_time_pct(self) -> Decimal | None:
        return metrics.percent(self.on_time, self.due)


def tasks_by_area(unit: Unit, period: Period) -> list[AreaRow]:
    """Lead assignments due in the period in the unit's subtree, by plan area: due, completed by the period's
    end, completed on time (the counts of `plans.tasks_due`, `plans.tasks_completed`, `plans.tasks_on_time_pct`).
    """
    rows = (
        annotate_assignments(
            Assignment.objects.filter(
                subtree_q(unit.path, prefix="unit__"), role=UnitRole.LEAD, task__cancelled_at__isnull=True
            )
        )
        .filter(final_due__gte=period.start, final_due__lte=period.end)
        .order_by()
        .values("task__area_id", "task__area__name", "task__area__order", "task__plan_id")
        .annotate(
            due=Count("pk"),
            completed=Count("pk", filter=Q(completed_on__lte=period.end)),
            on_time=Count("pk", filter=Q(completed_on__lte=F("final_due"))),
        )
    )
    grouped = list(rows)
    plans = ReformPlan.objects.in_bulk({r["task__plan_id"] for r in grouped})
    found = [
        AreaRow(plans[r["task__plan_id"]], r["task__area__name"], r["due"], r["completed"], r["on_time"])
        for r in grouped
    ]
    return sorted(found, key=lambda a: (a.plan.unit_id != unit.pk, a.plan.title, a.area_name))


def plan_targets(unit: Unit, period: Period, today: dt.date):
    """The issued plan of the unit for the period's year and its targets with their live values, measured as
    on the plan's page (1 January to the earlier of today and the period's end); (None, []) without a plan."""
    plan = (
        ReformPlan.objects.filter(unit=unit, year=period.year, state=PlanState.ISSUED)
        .order_by("-decision_date", "-pk")
        .first()
    )
    if plan is None:
        return None, []
    targets = measure_targets(plan, min(today, period.end))
    for target in targets:
        found = metrics.get(target.metric) if target.metric and not target.live_error else None
        target.metric_label = str(found.label) if found else ""  # type: ignore[attr-defined]
        target.metric_formula = str(found.formula) if found else ""  # type: ignore[attr-defined]
    return plan, targets


def report_completeness(unit: Unit, period: Period, reader_units) -> list:
    """Each reporting period of the unit's province due within the dashboard's days, with who submitted and on
    time (the counts of `par.reporting.queries.completeness`, the period's own page, for all the periods in three
    queries)."""
    province = unit if unit.kind == UnitKind.PROVINCE else _province_of(unit)
    if province is None:
        return []
    periods = list(
        ReportingPeriod.objects.filter(
            province=province, due_date__gte=period.start, due_date__lte=period.end
        ).order_by("due_date", "pk")
    )
    return list(zip(periods, completeness_counts(unit, periods, reader_units), strict=True))


def _province_of(unit: Unit) -> Unit | None:
    return Unit.objects.filter(pk__in=unit.ancestor_ids, kind=UnitKind.PROVINCE).first()


@dataclass
class DossierRow:
    """Dossier counts of a group (a field, a procedure, a month) from the statistics table."""

    key: object
    label: str
    received: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def on_time(self) -> int:
        return self.resolved_early + self.resolved_on_time

    @property
    def on_time_pct(self) -> Decimal | None:
        # The formula of `dossiers.resolved_on_time_pct`: early or on time ÷ resolved, half up to two places.
        return metrics.percent(self.on_time, self.resolved)


SUMS = {f: Sum(f) for f in ("received", "resolved_early", "resolved_on_time", "resolved_late", "pending")}


def _rollups(unit: Unit, period: Period, procedure=None):
    rows = DossierRollup.objects.filter(
        subtree_q(unit.path, prefix="unit__"), day__gte=period.start, day__lte=period.end
    )
    return rows.filter(procedure=procedure) if procedure is not None else rows


def _row(key, label: str, sums: dict, **extra) -> DossierRow:
    counts = {f: sums.get(f) or 0 for f in SUMS}
    return DossierRow(key, label, **counts, extra=extra)


def dossiers_by_procedure(unit: Unit, period: Period) -> list[DossierRow]:
    """Per procedure with dossiers in the period, most received first, with its field (one query)."""
    rows = (
        _rollups(unit, period)
        .order_by()
        .values("procedure_id", "procedure__code", "procedure__name", "procedure__field__name")
        .annotate(**SUMS)
    )
    found = [
        _row(
            r["procedure_id"],
            r["procedure__name"],
            r,
            code=r["procedure__code"],
            field=r["procedure__field__name"] or "",
        )
        for r in rows
    ]
    return sorted(found, key=lambda r: (-r.received, r.label))


def dossiers_by_field(procedures: list[DossierRow]) -> list[DossierRow]:
    """The procedures' counts summed by field (no query: read from `dossiers_by_procedure`)."""
    fields: dict[str, DossierRow] = {}
    for p in procedures:
        name = p.extra["field"]
        row = fields.setdefault(name, DossierRow(name, name))
        for f in SUMS:
            setattr(row, f, getattr(row, f) + getattr(p, f))
    return sorted(fields.values(), key=lambda r: (-r.received, r.label))


def dossier_trend(unit: Unit, period: Period, procedure=None) -> list[DossierRow]:
    """Per month of the period (every month listed, empty ones too), one query."""
    rows = {
        r["month"]: r
        for r in _rollups(unit, period, procedure)
        .annotate(month=TruncMonth("day"))
        .order_by()
        .values("month")
        .annotate(**SUMS)
    }
    months, day = [], period.start.replace(day=1)
    while day <= period.end:
        found = rows.get(day) or {}
        months.append(_row(day, f"{day:%m/%Y}", found))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def dossiers_by_unit(unit: Unit, children: list[Unit], period: Period, procedure) -> list[DossierRow]:
    """One procedure's counts for the unit and each child's subtree (one grouped query per depth)."""
    scopes = metrics.Scopes(units=(unit, *children), start=period.start, end=period.end)
    grouped = scopes.grouped(_rollups_all(period).filter(procedure=procedure), "unit__", **SUMS)
    return [_row(u, u.name, grouped.get(u.pk) or {}) for u in (unit, *children)]


def _rollups_all(period: Period):
    return DossierRollup.objects.filter(day__gte=period.start, day__lte=period.end)


@dataclass
class Ranking:
    publication: RankingPublication
    rows: list[PublishedResult]
    classes: list[tuple[str, int]]
    own: PublishedResult | None


def ranking(unit: Unit) -> Ranking | None:
    """The latest PAR index decision in force of the unit's province (the snapshot as published), its class
    distribution and the unit's own line; None before any decision."""
    province = unit if unit.kind == UnitKind.PROVINCE else _province_of(unit)
    if province is None:
        return None
    publication = (
        RankingPublication.objects.filter(framework__owner=province, corrections__isnull=True)
        .select_related("framework")
        .order_by("-framework__year", "-decision_date", "-pk")
        .first()
    )
    if publication is None:
        return None
    rows = list(publication.results.select_related("unit").order_by("order"))
    ranked = [r for r in rows if r.status == ResultStatus.RANKED]
    counts = Counter(r.classification for r in ranked)
    classes = [(label, counts.get(label, 0)) for label, _minimum in publication.bands]
    classes += [(label, n) for label, n in counts.items() if label not in dict(publication.bands)]
    own = next((r for r in rows if r.unit_id == unit.pk), None)
    if unit.kind != UnitKind.PROVINCE:
        rows = [r for r in rows if r.unit_id == unit.pk or r.unit.path.startswith(unit.path)]
    return Ranking(publication, rows, classes, own)


def measure_url(unit: Unit, code: str, period: Period) -> str:
    """The page with the rows behind a figure of the per-unit table."""
    return reverse("dashboards:measure", args=[unit.pk, code]) + "?" + period.query()
