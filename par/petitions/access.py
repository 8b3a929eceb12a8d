"""Who may see and act on petitions: scoped by the responsible unit; missing and forbidden are both 404."""

from __future__ import annotations

from django.http import Http404

from par.accounts.access import has_role, visible_units
from par.accounts.models import Role
from par.petitions.models import Petition

ROUTERS = frozenset({Role.PAR_OFFICER})
ANSWERERS = frozenset({Role.UNIT_OFFICER, Role.UNIT_HEAD})
PUBLISHERS = frozenset({Role.UNIT_HEAD, Role.PAR_OFFICER})


def visible_petitions(user):
    """Petitions whose responsible unit the user may see (one query when evaluated)."""
    return Petition.objects.filter(unit__in=visible_units(user))


def access_petition(user, pk) -> Petition:
    try:
        return visible_petitions(user).select_related("unit").get(pk=pk)
    except (Petition.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_route(user, petition: Petition) -> bool:
    return has_role(user, petition.unit, ROUTERS)


def can_answer(user, petition: Petition) -> bool:
    return has_role(user, petition.unit, ANSWERERS)


def can_publish(user, petition: Petition) -> bool:
    return has_role(user, petition.unit, PUBLISHERS)
