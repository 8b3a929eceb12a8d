"""The source registry of auto-filled appendix cells: live measures read by metric code.

A report holds its unit's own figures, so a cell is the measure over the unit's subtree minus the measures over
the subtrees of its child units that report for themselves (docs/decisions/0052): the province's own row is
then not counted twice when the roll-up adds the approved reports below it. A code that no app has registered
(yet) is "source not available", never an error.

The children's values come from each measure's batch form (`metrics.values`): one grouped query for all the
communes of a province, not one per commune, so a province's report fills with as many queries for 30 communes
as for 3 (docs/decisions/0136).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from par import metrics
from par.orgunits.models import Unit
from par.orgunits.querysets import existed_q
from par.reporting.models import ReportingPeriod


@dataclass(frozen=True)
class SourceValue:
    """What a live source says for a unit's own row: the value (None when unavailable) and how."""

    value: Decimal | None
    formula: str
    available: bool = True


def source_label(code: str) -> str:
    """The label of a metric code, or a note that it is not available."""
    try:
        return str(metrics.get(code).label)
    except metrics.UnknownMetricError:
        return _("source not available (%(code)s)") % {"code": code}


def is_available(code: str) -> bool:
    try:
        metrics.get(code)
    except metrics.UnknownMetricError:
        return False
    return True


def child_units(unit: Unit, period: ReportingPeriod):
    """The units directly below `unit` that existed at some time in the period."""
    return unit.children.filter(existed_q(period.start, period.cutoff)).order_by("path")


def own_value(code: str, unit: Unit, period: ReportingPeriod, children: list[Unit]) -> SourceValue:
    """The measure `code` for `unit` itself: its subtree minus its children's subtrees."""
    if not is_available(code):
        return SourceValue(None, source_label(code), available=False)
    whole = metrics.measure(code, unit, period.start, period.cutoff)
    if not metrics.get(code).additive:
        # A rate, or a count of things units share (procedures), cannot be split by subtraction: it is the
        # unit's whole-subtree value.
        return SourceValue(whole.value, f"{code}: {whole.formula}"[:255])
    if whole.value is None:
        return SourceValue(None, whole.formula or _("nothing to count in this period"))
    parts = metrics.values(code, children, period.start, period.cutoff)
    below = sum((part or 0 for part in parts.values()), Decimal(0))
    value = whole.value - below
    if below:
        formula = _(
            "%(code)s: %(whole)s for the unit and everything below it − %(below)s in the units below = %(v)s"
        ) % {
            "code": code,
            "whole": whole.value,
            "below": below,
            "v": value,
        }
    else:
        formula = f"{code}: {whole.formula or value}"
    return SourceValue(value, formula[:255])


def own_values(
    codes: Iterable[str], unit: Unit, period: ReportingPeriod, children: list[Unit]
) -> dict[str, SourceValue]:
    """`own_value` of each code, each computed once however many cells read it."""
    with metrics.sharing():  # measures of one source (the dossier statistics) read their grouped rows once
        return {code: own_value(code, unit, period, children) for code in dict.fromkeys(codes) if code}
