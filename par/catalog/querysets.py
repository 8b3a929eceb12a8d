"""Read paths for the catalogue: the version in force on a date, levels, accent-insensitive search."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q

from par.core.text import fold

if TYPE_CHECKING:
    from par.catalog.models import Procedure, ProcedureVersion  # noqa: F401 (the QuerySet generics)

# Attribute that `with_version_on` fills: a list holding the version in force (or nothing).
IN_FORCE_ATTR = "versions_in_force"


class ProcedureVersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def in_force(self, day: dt.date) -> ProcedureVersionQuerySet:
        """Versions whose [valid_from, valid_to] contains `day` (valid_to is the last day in force)."""
        return self.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def published(self) -> ProcedureQuerySet:
        return self.filter(is_published=True)

    def for_level(self, level: str) -> ProcedureQuerySet:
        """Procedures performed at an administrative level ("province" or "commune"; anything else: none)."""
        from par.orgunits.models import AdminLevel

        if level == AdminLevel.PROVINCE:
            return self.filter(at_province=True)
        if level == AdminLevel.COMMUNE:
            return self.filter(at_commune=True)
        return self.none()

    def search(self, text: str) -> ProcedureQuerySet:
        """Every word of `text` in the code or name, ignoring case and accents."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def with_online_level(self, level: str, day: dt.date) -> ProcedureQuerySet:
        """Procedures whose version in force on `day` has the given online level."""
        from par.catalog.models import ProcedureVersion

        versions = ProcedureVersion.objects.in_force(day).filter(procedure=OuterRef("pk"), online_level=level)
        return self.filter(Exists(versions))

    def offered_online(self, day: dt.date) -> ProcedureQuerySet:
        """Procedures that may be filed online on `day`: their version in force is a full or partial online
        service (docs/decisions/0108)."""
        from par.catalog.models import ONLINE_LEVELS, ProcedureVersion

        versions = ProcedureVersion.objects.in_force(day).filter(
            procedure=OuterRef("pk"), online_level__in=ONLINE_LEVELS
        )
        return self.filter(Exists(versions))

    def with_version_on(self, day: dt.date, *, rows: bool = False) -> ProcedureQuerySet:
        """Prefetch the version in force on `day` (one query; with its steps and documents when `rows`)."""
        from par.catalog.models import ProcedureVersion

        versions = ProcedureVersion.objects.in_force(day)
        if rows:
            versions = versions.prefetch_related("steps", "documents")
        return self.prefetch_related(Prefetch("versions", queryset=versions, to_attr=IN_FORCE_ATTR))
