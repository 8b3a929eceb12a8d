"""Who may see and change what: scoping by org unit and role.

Reading: a user sees every unit in the subtrees of the units they hold a membership in (a commune sees
itself; a department sees its public-service units; the province PAR officer sees the whole province).
Writing: each app asks `has_role(user, unit, roles)`, which also honours roles held at an ancestor unit
for the roles in SUBTREE_ROLES.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.http import Http404

from par.accounts.models import READ_ONLY_ROLES, SUBTREE_ROLES, Membership, Role
from par.orgunits.models import Unit
from par.orgunits.querysets import UnitQuerySet, subtree_q


def visible_units(user) -> UnitQuerySet:
    """Every unit the user may see, as one queryset (one query when evaluated)."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    paths = list(Membership.objects.filter(user=user).values_list("unit__path", flat=True).distinct())
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in _outermost(paths):
        condition |= subtree_q(path)
    return Unit.objects.filter(condition)


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths inside another one: a membership below another adds nothing to what is visible."""
    kept: list[str] = []
    for path in sorted(paths):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def has_role(user, unit: Unit, roles: Iterable[str]) -> bool:
    """True when the user holds one of `roles` at `unit`, or a subtree role at one of its ancestors."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = set(roles)
    own = Q(unit_id=unit.pk, role__in=roles)
    inherited = Q(unit_id__in=unit.ancestor_ids, role__in=roles & SUBTREE_ROLES)
    return Membership.objects.filter(Q(user=user) & (own | inherited)).exists()


def can_write(user, unit: Unit) -> bool:
    """True when the user holds any role that may change things at `unit`."""
    writable = {r for r in Role.values if r not in READ_ONLY_ROLES}
    return has_role(user, unit, writable)


def access_unit(user, pk) -> Unit:
    """The unit with `pk` if the user may see it; 404 for missing and forbidden alike."""
    try:
        return visible_units(user).get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def roles_of(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))
