"""Who may see and change what: scoping by org unit and role.

Reading: a user sees every unit in the subtrees of the units they hold a membership in (a commune sees
itself; a department sees its public-service units; the province PAR officer sees the whole province).
Writing: each app asks `has_role(user, unit, roles)`, which also honours roles held at an ancestor unit
for the roles in SUBTREE_ROLES.

An API token narrows both for the request it authenticates (docs/decisions/0102): the authentication attaches a
`TokenScope` to the request's user, and `visible_units` and `has_role` read it, so every `visible_to`/`access_*`
helper built on them is narrowed too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from par.accounts.models import READ_ONLY_ROLES, SUBTREE_ROLES, Membership, Role
from par.orgunits.models import Unit
from par.orgunits.querysets import UnitQuerySet, subtree_q


@dataclass(frozen=True)
class TokenScope:
    """What an API token leaves of its user's reach for one request.

    `read_only`: no role may be used to change anything. `unit_paths`: the paths of the token's units, whose
    subtrees bound what the user sees and where a role counts; None leaves the user's own reach.
    """

    read_only: bool
    unit_paths: tuple[str, ...] | None = None


def token_scope(user) -> TokenScope | None:
    """The scope of the API token that authenticated this request's user, if any."""
    return getattr(user, "token_scope", None)


def within_token_units(user, unit: Unit) -> bool:
    """False when the request's token is limited to units and `unit` lies outside their subtrees."""
    scope = token_scope(user)
    if scope is None or scope.unit_paths is None:
        return True
    return any(unit.path.startswith(path) for path in scope.unit_paths)


def limit_to_token_units(user, units: UnitQuerySet) -> UnitQuerySet:
    """`units` narrowed to the subtrees of the request's token units (unchanged without a unit-limited token)."""
    scope = token_scope(user)
    if scope is None or scope.unit_paths is None:
        return units
    if not scope.unit_paths:
        return units.none()
    condition = Q()
    for path in scope.unit_paths:
        condition |= subtree_q(path)
    return units.filter(condition)


def visible_units(user) -> UnitQuerySet:
    """Every unit the user may see, as one queryset (one query when evaluated)."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_superuser:
        return limit_to_token_units(user, Unit.objects.all())
    paths = list(Membership.objects.filter(user=user).values_list("unit__path", flat=True).distinct())
    if not paths:
        return Unit.objects.none()
    condition = Q()
    for path in _outermost(paths):
        condition |= subtree_q(path)
    return limit_to_token_units(user, Unit.objects.filter(condition))


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths inside another one: a membership below another adds nothing to what is visible."""
    kept: list[str] = []
    for path in sorted(paths):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def has_role(user, unit: Unit, roles: Iterable[str]) -> bool:
    """True when the user holds one of `roles` at `unit`, or a subtree role at one of its ancestors.

    Through a read-only token no role counts, and through a unit-limited one only inside the token's units.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    scope = token_scope(user)
    if scope is not None and (scope.read_only or not within_token_units(user, unit)):
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
