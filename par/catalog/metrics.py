"""Live measures of the procedure catalogue: procedures in force at the scope unit's levels, and online."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.catalog.models import OnlineLevel, Procedure
from par.metrics import Measurement, Scope, count, metric, ratio
from par.orgunits.models import AdminLevel, Unit
from par.orgunits.querysets import subtree_q


def _in_force(scope: Scope):
    """Procedures with a version in force on the last day of the period, at a level present in the subtree."""
    levels = set(Unit.objects.filter(subtree_q(scope.unit.path)).values_list("level", flat=True).distinct())
    qs = Procedure.objects.none()
    for level in levels & {AdminLevel.PROVINCE, AdminLevel.COMMUNE}:
        qs = qs | Procedure.objects.for_level(level)
    from par.catalog.models import ProcedureVersion

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
    return ratio(online.distinct().count(), in_force.count(), what=_("online / in force"))


@metric(
    "catalog.procedures_published",
    additive=False,  # procedures are shared between units: counted once, not summed
    label=gettext_lazy("Procedures published in the catalogue"),
    unit="",
    formula=gettext_lazy("procedures in force at the unit's levels that are published on the public pages"),
)
def procedures_published(scope: Scope) -> Measurement:
    return count(_in_force(scope).filter(is_published=True).count(), what=_("procedures published"))
