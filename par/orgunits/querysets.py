"""Read paths for units: the tree valid on a date, subtrees without N+1."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from par.orgunits.models import Unit


def subtree_q(path: str, prefix: str = "") -> Q:
    """Rows whose path starts with `path`, as a range (path >= p AND path < p + ":").

    Paths are zero-padded digits and ":" sorts right after "9", so the range is exactly the prefix match, and
    unlike LIKE 'p%' it uses the plain B-tree index on both SQLite and PostgreSQL (whatever the collation).
    """
    return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path + ":"})


def existed_q(start: dt.date, end: dt.date) -> Q:
    """Units that existed at some time from `start` to `end` (valid_from and valid_to are inclusive)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


class UnitQuerySet(models.QuerySet["Unit"]):
    def as_of(self, day: dt.date) -> UnitQuerySet:
        """Units valid on `day` (valid_to is the last valid day, inclusive)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self) -> UnitQuerySet:
        return self.as_of(dt.date.today())

    def subtree_of(self, units: models.QuerySet | list[Unit]) -> UnitQuerySet:
        """Every unit in the subtrees of `units` (themselves included), in one query."""
        paths = [u.path for u in units]
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= subtree_q(path)
        return self.filter(condition)

    def communes(self) -> UnitQuerySet:
        from par.orgunits.models import COMMUNE_KINDS

        return self.filter(kind__in=COMMUNE_KINDS)
