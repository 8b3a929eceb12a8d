"""What the public portal may open by id: only units in force today (decision 0167).

A public page has no reader to scope by; what scopes it is what is public at all. A unit that ended, or an id that
names nothing, answer the same 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind

# The units the portal lists: the departments and the communes, whose results the public may compare.
PUBLIC_KINDS = (UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.DISTRICT, *COMMUNE_KINDS)


def public_units():
    """Units in force today, of the kinds the portal shows."""
    return Unit.objects.as_of(timezone.localdate()).filter(kind__in=PUBLIC_KINDS)


def public_communes():
    return Unit.objects.as_of(timezone.localdate()).filter(kind__in=COMMUNE_KINDS).order_by("path")


def portal_province() -> Unit | None:
    """The province whose portal this is: the first province in force (a deployment serves one province)."""
    return Unit.objects.as_of(timezone.localdate()).filter(kind=UnitKind.PROVINCE).order_by("path").first()


def access_public_unit(pk: int) -> Unit:
    """A unit in force today, for its public pages; 404 otherwise."""
    unit = public_units().filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit
