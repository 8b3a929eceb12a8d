"""Live measures of the procedure catalogue: procedures in force at the scope unit's levels, and online."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from par.metrics import MeasuredRow, Measurement, QueryRows, Scope, count, metric, ratio
from par.orgunits.models import AdminLevel, Unit
from par.orgunits.querysets import subtree_q


def _in_force(scope: Scope):
    """Procedures with a version in force on the last day of the period, at a level present in the subtree."""
    levels = set(Unit.objects.filter(subtree_q(scope.unit.path)).values_list("level", flat=True).distinct())
    qs = Procedure.objects.none()
    for level in levels & {AdminLevel.PROVINCE, AdminLevel.COMMUNE}:
        qs = qs | Procedure.objects.for_level(level)
    versions = ProcedureVersion.objects.in_force(scope.end).values("procedure_id")
    return qs.filter(pk__in=versions).distinct()


@metric(
    "catalog.procedures_in_force",
    additive=False,  # procedures are shared between units: counted once, not summed
    label=gettext_lazy("Administrative procedures in force"),
    unit="",
    formula=gettext_lazy("procedures with a version in force at the end of the period, at the unit's levels"),
)
def procedures_in_force(scope: Scope) -> Measurement:
    return count(_in_force(scope).count(), what=_("procedures in force"))


@metric(
    "catalog.procedures_online_full",
    additive=False,  # procedures are shared between units: counted once, not summed
    label=gettext_lazy("Procedures offered as full online public services"),
    unit="",
    formula=gettext_lazy("procedures in force whose version in force is a full online service"),
)
def procedures_online_full(scope: Scope) -> Measurement:
    full = _in_force(scope).with_online_level(OnlineLevel.FULL, scope.end)
    return count(full.count(), what=_("full online procedures"))


@metric(
    "catalog.procedures_online_pct",
    label=gettext_lazy("Procedures offered online (full or partial)"),
    formula=gettext_lazy(
        "procedures in force offered as a full or partial online service ÷ procedures in force × 100"
    ),
)
def procedures_online_pct(scope: Scope) -> Measurement:
    in_force = _in_force(scope)
    online = in_force.with_online_level(OnlineLevel.FULL, scope.end) | in_force.with_online_level(
        OnlineLevel.PARTIAL, scope.end
    )
    # The procedures in force, each marked online or not (decision 0123); the catalogue is read by everyone signed
    # in, so the rows belong to no unit.
    versions = ProcedureVersion.objects.in_force(scope.end).filter(
        procedure=OuterRef("pk"), online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]
    )
    listed = in_force.annotate(online=Exists(versions)).order_by("code")

    def row(p: Any) -> MeasuredRow:  # a Procedure annotated with online
        return MeasuredRow(
            label=f"{p.code} · {p.name}",
            detail=_("online (full or partial)") if p.online else _("not online"),
            counted=p.online,
            url=reverse("catalog:detail", args=[p.code]),
        )

    return ratio(
        online.distinct().count(),
        in_force.count(),
        rows=QueryRows(listed, row),
        what=_("online / in force"),
    )


@metric(
    "catalog.procedures_published",
    additive=False,  # procedures are shared between units: counted once, not summed
    label=gettext_lazy("Procedures published in the catalogue"),
    unit="",
    formula=gettext_lazy("procedures in force at the unit's levels that are published on the public pages"),
)
def procedures_published(scope: Scope) -> Measurement:
    return count(_in_force(scope).filter(is_published=True).count(), what=_("procedures published"))
