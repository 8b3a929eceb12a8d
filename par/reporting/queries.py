"""Read paths of reports: the appendix grid of a report, the roll-up of a subtree, the drill-down of one figure,
and completeness and timeliness of a period. Each reads in a fixed number of queries whatever the tree size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q
from django.utils import timezone

from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind
from par.orgunits.querysets import existed_q, subtree_q
from par.reporting.models import (
    COLUMN_OF_LEVEL,
    COUNTED_STATES,
    LEVEL_COLUMNS,
    SUMMED_COLUMNS,
    Aggregation,
    AppendixTable,
    Column,
    DataElement,
    DataValue,
    PercentMode,
    PeriodDeadline,
    Report,
    ReportingPeriod,
    ReportState,
    ReportTemplate,
    ValueType,
)
from par.reporting.tables import (
    Value,
    apply_rates,
    complete_row,
    fmt_cell,
    level_sum,
    shown_columns,
    weighted_share,
)

# The value types whose figures add up (decision 0134); percentages and ranks never do.
ADDITIVE_TYPES = (ValueType.INTEGER, ValueType.DECIMAL)
# Kinds of unit that send a periodic PAR report (public-service units report through their department).
REPORTING_KINDS = (UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT, *COMMUNE_KINDS)


@dataclass
class GridRow:
    element: DataElement
    values: dict  # column → value (computed cells filled in)
    cells: list  # [(column, text)] in the order of the shown columns
    stored: dict = field(default_factory=dict)  # column → DataValue


@dataclass
class Grid:
    table: AppendixTable
    columns: list[dict]
    rows: list[GridRow]


def load_tables(template: ReportTemplate) -> list[AppendixTable]:
    """The template's appendices with their rows (two queries)."""
    elements = DataElement.objects.order_by("order")
    return list(template.tables.order_by("number").prefetch_related(Prefetch("elements", queryset=elements)))


def build_grids(
    tables: list[AppendixTable], period: ReportingPeriod, values: Mapping[tuple[int, str], Value], stored=None
) -> list[Grid]:
    """The appendices as rows of formatted cells, computed totals and percentages included."""
    grids = []
    for table in tables:
        elements = list(table.elements.all())
        raw = {e.pk: {c: values.get((e.pk, c)) for c in table.column_keys} for e in elements}
        totals = {e.pk: complete_row(e, raw[e.pk], {}).get(Column.TOTAL) for e in elements}
        columns = shown_columns(table, period)
        completed = {}
        for element in elements:
            row = complete_row(element, {k: v for k, v in raw[element.pk].items() if v is not None}, totals)
            if element.percent_mode == PercentMode.NONE:
                row.pop(Column.PERCENT, None)
            completed[element.pk] = row
        apply_rates(elements, completed)
        rows = []
        for element in elements:
            row = completed[element.pk]
            cells = [(c["key"], fmt_cell(element, c["key"], row.get(c["key"]))) for c in columns]
            cell_values = {c: (stored or {}).get((element.pk, c)) for c in table.column_keys}
            rows.append(GridRow(element, row, cells, {k: v for k, v in cell_values.items() if v}))
        grids.append(Grid(table, columns, rows))
    return grids


def report_grids(report: Report) -> list[Grid]:
    """The report's own appendices (three queries)."""
    stored = {(v.element_id, v.column): v for v in report.values.all()}
    values = {key: v.value for key, v in stored.items()}
    tables = [t for t in load_tables(report.template) if t.applies_to(report.unit)]
    return build_grids(tables, report.period, values, stored)


def _counted_q(unit: Unit, period: ReportingPeriod) -> Q:
    """Values counted in `unit`'s roll-up: approved reports in its subtree, and the unit's own report."""
    return Q(report__period=period) & (
        Q(report__unit=unit) | (subtree_q(unit.path, "report__unit__") & Q(report__state__in=COUNTED_STATES))
    )


def rollup_values(
    unit: Unit, period: ReportingPeriod, template: ReportTemplate
) -> dict[tuple[int, str], Value]:
    """Each figure of the subtree's appendices, as each row aggregates (docs/decisions/0140):

    - a sum adds the unit's own report and the approved reports below it, column by column (a report's total
      left empty counts as the sum of its levels); its typed percentage becomes the weighted share;
    - a row that is not additive takes the unit's own report's figures, a rank as its "n/N" (decision 0134);
    - a rate is left out here and recomputed from its rows by `build_grids`; a row not aggregated stays empty.

    A report's own figures sit in the column of its unit's level, so the level split of a sum is the sum over the
    reporting units of each level. One query for the numbers.
    """
    figures: dict[int, dict[int, dict]] = defaultdict(lambda: defaultdict(dict))
    own: dict[int, dict[str, Value]] = defaultdict(dict)
    kinds: dict[int, tuple[str, str]] = {}
    rows = DataValue.objects.filter(
        _counted_q(unit, period), element__table__template=template, number__isnull=False
    ).values_list(
        "element_id",
        "column",
        "number",
        "rank_of",
        "report__unit_id",
        "element__aggregation",
        "element__percent_mode",
        "element__value_type",
    )
    for element_id, column, number, rank_of, unit_id, aggregation, percent_mode, value_type in rows:
        if aggregation == Aggregation.SUM and value_type not in ADDITIVE_TYPES:
            aggregation = Aggregation.OWN  # a percentage or a rank is never summed, even in an older template
        kinds[element_id] = (aggregation, percent_mode)
        if unit_id == unit.pk:
            own[element_id][column] = DataValue(column=column, number=number, rank_of=rank_of).value
        if rank_of is None:  # a rank is never added up
            figures[element_id][unit_id][column] = number
    result: dict[tuple[int, str], Value] = {}
    for element_id, (aggregation, percent_mode) in kinds.items():
        by_unit = figures.get(element_id, {})
        if aggregation == Aggregation.OWN:
            for column, value in own.get(element_id, {}).items():
                result[(element_id, column)] = value
        elif aggregation == Aggregation.SUM:
            for column, number in _summed(by_unit.values()).items():
                result[(element_id, column)] = number
            if percent_mode == PercentMode.ENTERED:
                share = weighted_share([(_total(row), row.get(Column.PERCENT)) for row in by_unit.values()])
                if share is not None:
                    result[(element_id, Column.PERCENT)] = share
    return result


def _total(row: dict) -> Decimal | None:
    """A report's total: the one typed, else the sum of its levels."""
    return row[Column.TOTAL] if row.get(Column.TOTAL) is not None else level_sum(row)


def _summed(rows: Iterable[dict]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for row in rows:
        for column in SUMMED_COLUMNS:
            value = _total(row) if column == Column.TOTAL else row.get(column)
            if value is not None:
                sums[column] = sums.get(column, Decimal(0)) + value
    return sums


def own_report(unit: Unit, period: ReportingPeriod) -> Report | None:
    return Report.objects.filter(unit=unit, period=period).select_related("template").first()


@dataclass
class DrillRow:
    unit: Unit
    report: Report
    value: DataValue


def drilldown(unit: Unit, period: ReportingPeriod, element: DataElement, column: str) -> list[DrillRow]:
    """Every report value behind one roll-up figure: the unit, its report state, the value and its source.

    A sum lists the counted reports; a row that is not additive only the unit's own report; a rate or a row
    not aggregated nothing (a rate's figures come from its two rows).
    """
    if element.aggregation == Aggregation.SUM:
        counted = _counted_q(unit, period)
    elif element.aggregation == Aggregation.OWN:
        counted = Q(report__period=period, report__unit=unit)
    else:
        return []
    values = (
        DataValue.objects.filter(counted, element=element, column=column)
        .select_related("report__unit", "author")
        .order_by("report__unit__path")
    )
    return [DrillRow(v.report.unit, v.report, v) for v in values]


@dataclass
class UnitStatus:
    unit: Unit
    report: Report | None
    due: object
    on_time: bool | None  # None: not submitted
    ended: bool  # merged or closed during the period


@dataclass
class Completeness:
    rows: list[UnitStatus]
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int

    @property
    def submitted_pct(self) -> Decimal | None:
        return _pct(self.submitted, self.expected)

    @property
    def on_time_pct(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def completeness(root: Unit, period: ReportingPeriod, units_qs=None) -> Completeness:
    """Which units below `root` have submitted for the period, on time or late (server time of first submission).

    Expected are the reporting units that still exist at the cut-off; a unit that merged or closed during the
    period is listed but expected only when it did report, so no rate exceeds 100 %. Three queries.
    """
    deadlines = {d.level: d.due_date for d in period.deadlines.all()}
    units = list(_reporting_units(root, units_qs).filter(_alive_in(period)))
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(period=period, unit__in=[u.pk for u in units]).exclude(
            state=ReportState.DRAFT, first_submitted_at__isnull=True
        )
    }
    return _tally(period, units, reports, deadlines)


def completeness_counts(root: Unit, periods: list[ReportingPeriod], units_qs=None) -> list[Completeness]:
    """`completeness` of each of `periods` for the same root, in three queries whatever their number: for pages
    that show the counts of many periods (the dashboards). The rows carry reports with only the fields the
    counts read."""
    if not periods:
        return []
    units = list(_reporting_units(root, units_qs).filter(reduce(or_, (_alive_in(p) for p in periods))))
    deadlines: dict[int, dict[str, object]] = defaultdict(dict)
    for d in PeriodDeadline.objects.filter(period__in=periods):
        deadlines[d.period_id][d.level] = d.due_date
    reports: dict[int, dict[int, Report]] = defaultdict(dict)
    submitted = (
        Report.objects.filter(period__in=periods, unit__in=[u.pk for u in units])
        .exclude(state=ReportState.DRAFT, first_submitted_at__isnull=True)
        .only("pk", "unit_id", "period_id", "state", "first_submitted_at")
    )
    for r in submitted:
        reports[r.period_id][r.unit_id] = r
    found = []
    for p in periods:
        alive = [u for u in units if _alive(u, p)]
        found.append(_tally(p, alive, reports[p.pk], deadlines[p.pk]))
    return found


def _reporting_units(root: Unit, units_qs=None):
    base = units_qs if units_qs is not None else Unit.objects.all()
    return base.filter(subtree_q(root.path), kind__in=REPORTING_KINDS).order_by("path")


def _alive_in(period: ReportingPeriod) -> Q:
    """Units that existed at some time in the period (the filter of `_alive`)."""
    return existed_q(period.start, period.cutoff)


def _alive(unit: Unit, period: ReportingPeriod) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.cutoff) and (
        unit.valid_to is None or unit.valid_to >= period.start
    )


def _tally(
    period: ReportingPeriod, units: list[Unit], reports: Mapping[int, Report], deadlines
) -> Completeness:
    rows, expected, submitted, on_time = [], 0, 0, 0
    for unit in units:
        report = reports.get(unit.pk)
        ended = unit.valid_to is not None and unit.valid_to < period.cutoff
        due = period.deadline_for(unit, deadlines)
        when = report.first_submitted_at if report else None
        timely = None if when is None else timezone.localdate(when) <= due
        if ended and when is None:
            rows.append(UnitStatus(unit, None, due, None, True))
            continue
        expected += 1
        if when is not None:
            submitted += 1
            on_time += int(bool(timely))
        rows.append(UnitStatus(unit, report, due, timely, ended))
    return Completeness(rows, expected, submitted, on_time, submitted - on_time, expected - submitted)


def level_column(unit: Unit) -> str | None:
    return COLUMN_OF_LEVEL.get(unit.level)


__all__ = ["LEVEL_COLUMNS"]
