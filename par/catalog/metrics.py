"""Live measures of the procedure catalogue: procedures in force at the scope unit's levels, and online."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.catalog.models import OnlineLevel, Procedure, ProcedureVersion
from par.metrics import (
    MeasuredRow,
    Measurement,
    QueryRows,
    Scope,
    Scopes,
    Values,
    amount,
    batch,
    count,
    metric,
    percent,
    ratio,
)
from par.orgunits.models import AdminLevel, Unit
from par.orgunits.querysets import subtree_q

CATALOGUE_LEVELS: tuple[str, ...] = (AdminLevel.PROVINCE.value, AdminLevel.COMMUNE.value)
LEVEL_SETS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({AdminLevel.PROVINCE.value}),
    frozenset({AdminLevel.COMMUNE.value}),
    frozenset(CATALOGUE_LEVELS),
)


def _in_force(scope: Scope):
    """Procedures with a version in force on the last day of the period, at a level present in the subtree."""
    levels = set(Unit.objects.filter(subtree_q(scope.unit.path)).values_list("level", flat=True).distinct())
    return _in_force_at(frozenset(levels) & frozenset(CATALOGUE_LEVELS), scope.end)


def _in_force_at(levels: frozenset[str], day):
    qs = Procedure.objects.none()
    for level in sorted(levels):
        qs = qs | Procedure.objects.for_level(level)
    versions = ProcedureVersion.objects.in_force(day).values("procedure_id")
    return qs.filter(pk__in=versions).distinct()


def _by_levels(scopes: Scopes, value: Callable[[frozenset[str]], Any]) -> Values:
    """A catalogue measure for many units: the levels in each subtree with one grouped query, then the measure
    once for each set of levels a subtree can have (the same queries whatever the units; none for no level)."""
    present = scopes.grouped(
        Unit.objects.all(), "", **{level: Count("pk", filter=Q(level=level)) for level in CATALOGUE_LEVELS}
    )
    levels_of = {pk: frozenset(level for level in CATALOGUE_LEVELS if g[level]) for pk, g in present.items()}
    found = {levels: value(levels) for levels in LEVEL_SETS}
    return {pk: found[levels] for pk, levels in levels_of.items()}


def _online(in_force, day):
    return in_force.with_online_level(OnlineLevel.FULL, day) | in_force.with_online_level(
        OnlineLevel.PARTIAL, day
    )


@metric(
    "catalog.procedures_in_force",
    additive=False,  # procedures are shared between units: counted once, not summed
    label=gettext_lazy("Administrative procedures in force"),
    unit="",
    formula=gettext_lazy("procedures with a version in force at the end of the period, at the unit's levels"),
)
def procedures_in_force(scope: Scope) -> Measurement:
    return count(_in_force(scope).count(), what=_("procedures in force"))


@batch("catalog.procedures_in_force")
def procedures_in_force_batch(scopes: Scopes) -> Values:
    return _by_levels(scopes, lambda levels: amount(_in_force_at(levels, scopes.end).count()))


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


@batch("catalog.procedures_online_full")
def procedures_online_full_batch(scopes: Scopes) -> Values:
    def full(levels: frozenset[str]):
        return amount(
            _in_force_at(levels, scopes.end).with_online_level(OnlineLevel.FULL, scopes.end).count()
        )

    return _by_levels(scopes, full)


@metric(
    "catalog.procedures_online_pct",
    label=gettext_lazy("Procedures offered online (full or partial)"),
    formula=gettext_lazy(
        "procedures in force offered as a full or partial online service ÷ procedures in force × 100"
    ),
)
def procedures_online_pct(scope: Scope) -> Measurement:
    in_force = _in_force(scope)
    online = _online(in_force, scope.end)
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


@batch("catalog.procedures_online_pct")
def procedures_online_pct_batch(scopes: Scopes) -> Values:
    def online_pct(levels: frozenset[str]):
        in_force = _in_force_at(levels, scopes.end)
        return percent(_online(in_force, scopes.end).distinct().count(), in_force.count())

    return _by_levels(scopes, online_pct)


@metric(
    "catalog.procedures_published",
    additive=False,  # procedures are shared between units: counted once, not summed
    label=gettext_lazy("Procedures published in the catalogue"),
    unit="",
    formula=gettext_lazy("procedures in force at the unit's levels that are published on the public pages"),
)
def procedures_published(scope: Scope) -> Measurement:
    return count(_in_force(scope).filter(is_published=True).count(), what=_("procedures published"))


@batch("catalog.procedures_published")
def procedures_published_batch(scopes: Scopes) -> Values:
    return _by_levels(
        scopes, lambda levels: amount(_in_force_at(levels, scopes.end).filter(is_published=True).count())
    )
