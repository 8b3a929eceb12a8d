"""Live measures read from the unit tree (codes orgunits.*): how many administrative bodies and public-service
units exist.

Counted on the last day of the scope (the tree as it was then), for the appendix of agencies and organisations.
They live here rather than in par/orgunits/metrics.py because the registry's scopes are unit subtrees: metrics
depends on orgunits, so orgunits cannot depend on metrics (docs/decisions/0160-layers.md).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.metrics import MeasuredRow, Measurement, Scope, Scopes, Values, amount, batch, count, metric
from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind

ADMINISTRATIVE_KINDS = (UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT, *COMMUNE_KINDS)


def _counted(scope: Scope, kinds) -> Measurement:
    units = Unit.objects.filter(scope.units_q(), kind__in=kinds).as_of(scope.end)

    def explain() -> list[MeasuredRow]:
        return [MeasuredRow(label=u.name, detail=u.get_kind_display()) for u in units.order_by("path")]

    return count(
        units.count(), rows=explain, what=_("units on %(day)s") % {"day": scope.end.strftime("%d/%m/%Y")}
    )


def _counted_batch(scopes: Scopes, kinds) -> Values:
    units = Unit.objects.filter(kind__in=kinds).as_of(scopes.end)
    return {pk: amount(g["n"]) for pk, g in scopes.grouped(units, n=Count("pk")).items()}


@metric(
    "orgunits.administrative_bodies",
    label=gettext_lazy("Administrative bodies"),
    unit="",
    formula=gettext_lazy("people's committees and departments in the subtree on the last day of the period"),
)
def administrative_bodies(scope: Scope) -> Measurement:
    return _counted(scope, ADMINISTRATIVE_KINDS)


@batch("orgunits.administrative_bodies")
def administrative_bodies_batch(scopes: Scopes) -> Values:
    return _counted_batch(scopes, ADMINISTRATIVE_KINDS)


@metric(
    "orgunits.public_service_units",
    label=gettext_lazy("Public-service units"),
    unit="",
    formula=gettext_lazy("public-service units in the subtree on the last day of the period"),
)
def public_service_units(scope: Scope) -> Measurement:
    return _counted(scope, (UnitKind.PUBLIC_SERVICE,))


@batch("orgunits.public_service_units")
def public_service_units_batch(scopes: Scopes) -> Values:
    return _counted_batch(scopes, (UnitKind.PUBLIC_SERVICE,))


@metric(
    "orgunits.communes",
    label=gettext_lazy("Commune-level units"),
    unit="",
    formula=gettext_lazy("communes, wards and special zones in the subtree on the last day of the period"),
)
def communes(scope: Scope) -> Measurement:
    return _counted(scope, COMMUNE_KINDS)


@batch("orgunits.communes")
def communes_batch(scopes: Scopes) -> Values:
    return _counted_batch(scopes, COMMUNE_KINDS)
