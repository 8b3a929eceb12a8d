"""Live measures read from inspections (appendix 1, 2 and 5 of the periodic report)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.inspections.models import Finding, Inspection
from par.metrics import MeasuredRow, Measurement, Scope, Scopes, Values, amount, batch, count, metric


def _held(scope: Scope):
    return Inspection.objects.filter(
        scope.units_q("inspected_unit__"), held_on__gte=scope.start, held_on__lte=scope.end
    )


def _rows(inspections):
    def explain() -> list[MeasuredRow]:
        return [
            MeasuredRow(
                label=f"{i.inspected_unit.name} · {i.plan.title}",
                detail=i.held_on.strftime("%d/%m/%Y") if i.held_on else _("not held yet"),
                url=reverse("inspections:inspection_detail", args=[i.pk]),
            )
            for i in inspections.select_related("inspected_unit", "plan").order_by("scheduled_on")
        ]

    return explain


@metric(
    "inspections.inspections_planned",
    label=gettext_lazy("PAR inspections planned"),
    unit="",
    formula=gettext_lazy("inspections of units in the subtree scheduled in the period"),
)
def inspections_planned(scope: Scope) -> Measurement:
    rows = Inspection.objects.filter(
        scope.units_q("inspected_unit__"), scheduled_on__gte=scope.start, scheduled_on__lte=scope.end
    )
    return count(rows.count(), rows=_rows(rows), what=_("inspections planned"))


@metric(
    "inspections.inspections_done",
    label=gettext_lazy("PAR inspections held"),
    unit="",
    formula=gettext_lazy("inspections of units in the subtree held in the period"),
)
def inspections_done(scope: Scope) -> Measurement:
    rows = _held(scope)
    return count(rows.count(), rows=_rows(rows), what=_("inspections held"))


@metric(
    "inspections.units_inspected",
    label=gettext_lazy("Units inspected on PAR"),
    unit="",
    formula=gettext_lazy("distinct units in the subtree inspected in the period"),
)
def units_inspected(scope: Scope) -> Measurement:
    return count(_held(scope).values("inspected_unit").distinct().count(), what=_("units inspected"))


def _findings(scope: Scope):
    return Finding.objects.filter(
        scope.units_q("inspection__inspected_unit__"),
        inspection__held_on__gte=scope.start,
        inspection__held_on__lte=scope.end,
    )


@metric(
    "inspections.findings",
    label=gettext_lazy("Issues found by PAR inspections"),
    unit="",
    formula=gettext_lazy("findings of the inspections held in the period"),
)
def findings(scope: Scope) -> Measurement:
    return count(_findings(scope).count(), what=_("findings"))


@metric(
    "inspections.findings_closed",
    label=gettext_lazy("Issues found by PAR inspections and fixed"),
    unit="",
    formula=gettext_lazy("findings of the inspections held in the period closed by its last day"),
)
def findings_closed(scope: Scope) -> Measurement:
    return count(_findings(scope).filter(closed_on__lte=scope.end).count(), what=_("findings closed"))


def _counts(scopes: Scopes, queryset, prefix: str, what) -> Values:
    return {pk: amount(g["n"]) for pk, g in scopes.grouped(queryset, prefix, n=what).items()}


@batch("inspections.inspections_planned")
def inspections_planned_batch(scopes: Scopes) -> Values:
    rows = Inspection.objects.filter(scheduled_on__gte=scopes.start, scheduled_on__lte=scopes.end)
    return _counts(scopes, rows, "inspected_unit__", Count("pk"))


def _held_in(scopes: Scopes):
    return Inspection.objects.filter(held_on__gte=scopes.start, held_on__lte=scopes.end)


@batch("inspections.inspections_done")
def inspections_done_batch(scopes: Scopes) -> Values:
    return _counts(scopes, _held_in(scopes), "inspected_unit__", Count("pk"))


@batch("inspections.units_inspected")
def units_inspected_batch(scopes: Scopes) -> Values:
    return _counts(scopes, _held_in(scopes), "inspected_unit__", Count("inspected_unit", distinct=True))


def _findings_in(scopes: Scopes):
    return Finding.objects.filter(inspection__held_on__gte=scopes.start, inspection__held_on__lte=scopes.end)


@batch("inspections.findings")
def findings_batch(scopes: Scopes) -> Values:
    return _counts(scopes, _findings_in(scopes), "inspection__inspected_unit__", Count("pk"))


@batch("inspections.findings_closed")
def findings_closed_batch(scopes: Scopes) -> Values:
    closed = Count("pk", filter=Q(closed_on__lte=scopes.end))
    return _counts(scopes, _findings_in(scopes), "inspection__inspected_unit__", closed)
