"""Unit groups: the collective names plans and reports use ("các sở, ban, ngành cấp tỉnh", "UBND cấp xã")."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind
from par.orgunits.querysets import UnitQuerySet, subtree_q


class UnitGroup(models.TextChoices):
    DEPARTMENTS = "departments", _("All provincial departments")
    DISTRICTS = "districts", _("All district people's committees")
    COMMUNES = "communes", _("All commune people's committees")
    PUBLIC_SERVICE_UNITS = "public_service_units", _("All public-service units")


GROUP_KINDS: dict[str, tuple[str, ...]] = {
    UnitGroup.DEPARTMENTS: (UnitKind.DEPARTMENT,),
    UnitGroup.DISTRICTS: (UnitKind.DISTRICT,),
    UnitGroup.COMMUNES: tuple(COMMUNE_KINDS),
    UnitGroup.PUBLIC_SERVICE_UNITS: (UnitKind.PUBLIC_SERVICE,),
}


def units_in_group(root: Unit, group: str, day: dt.date) -> UnitQuerySet:
    """The units of `group` below `root` that are valid on `day` (districts exist only before 01/07/2025)."""
    return (
        Unit.objects.as_of(day).filter(subtree_q(root.path), kind__in=GROUP_KINDS[group]).exclude(pk=root.pk)
    ).order_by("path")
