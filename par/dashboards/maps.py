"""The commune map of a dashboard: the communes of a unit's subtree coloured by one of its figures (decision 0165).

The values are the dashboard's own (`par.metrics` batch forms, as the per-unit table), the drawing is the portal's
`par.portal.map.build_map`; a point leads to the commune's dashboard for the same period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from par import metrics
from par.accounts.access import visible_units
from par.dashboards.forms import Period
from par.orgunits.models import COMMUNE_KINDS, Unit
from par.orgunits.querysets import existed_q, subtree_q
from par.portal.map import CommuneMap, build_map

# The figures a map can show (form value: measure code), all in per cent.
INDICATORS = {
    "dossiers": "dossiers.resolved_on_time_pct",
    "tasks": "plans.tasks_on_time_pct",
    "reports": "reporting.reports_on_time_pct",
    "satisfaction": "surveys.satisfaction_index",
}
DEFAULT_INDICATOR = "dossiers"


@dataclass
class DashboardMap:
    map: CommuneMap
    rows: list[tuple[Unit, Decimal | None]]  # every commune, placed or not, by name


def communes(user, unit: Unit, period: Period) -> list[Unit]:
    """The communes, wards and special zones in `unit`'s subtree the reader sees that existed during the period
    (one query)."""
    rows = (
        visible_units(user)
        .filter(subtree_q(unit.path), kind__in=COMMUNE_KINDS)
        .filter(existed_q(period.start, period.end))
        .order_by("name", "pk")
    )
    return list(rows)


def commune_map(user, unit: Unit, period: Period, indicator: str) -> DashboardMap:
    found = communes(user, unit, period)
    code = INDICATORS[indicator]
    values = metrics.values(code, found, period.start, period.end) if found else {}
    query = period.query()
    drawn = build_map(
        found,
        values,
        url=lambda u: reverse("dashboards:unit", args=[u.pk]) + "?" + query,
        title=metrics.get(code).label,
    )
    return DashboardMap(drawn, [(u, values.get(u.pk)) for u in found])
