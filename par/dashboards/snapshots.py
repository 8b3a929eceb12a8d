"""A dashboard's tables as computed at one moment, kept for a few minutes (decision 0157).

The province dashboard reads every measure for some 200 units; a leader who opens it, follows a link and comes
back should not wait for all of it again. The tables are kept in the cache for PAR_DASHBOARD_SNAPSHOT_SECONDS
(0: never kept), per reader (the reports table depends on the units the reader sees), unit, procedure, period,
day and language. The page says when its figures were computed and offers to compute them again; a figure is
never older than the time printed beside it. Nothing official is read from a snapshot: reports, index scores and
exports compute their figures themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from par.dashboards.tables import Context, Table

VERSION = 1  # raised when the shape of a table changes, so no snapshot of the old shape is read


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, Table]
    computed_at: dt.datetime  # aware

    @property
    def kept(self) -> bool:
        """Whether the figures were computed for an earlier request (the page then offers to recompute)."""
        return self.computed_at < timezone.now() - dt.timedelta(seconds=1)


def tables(
    ctx: Context, builders: dict[str, Callable[[Context], Table]], *, refresh: bool = False
) -> Snapshot:
    """The tables of `builders` for `ctx`: a kept snapshot when there is one and `refresh` is not asked."""
    seconds = settings.PAR_DASHBOARD_SNAPSHOT_SECONDS
    key = _key(ctx, builders)
    if seconds > 0 and not refresh:
        found = cache.get(key)
        if isinstance(found, Snapshot):
            return found
    snapshot = Snapshot({name: build(ctx) for name, build in builders.items()}, timezone.now())
    if seconds > 0:
        cache.set(key, snapshot, seconds)
    return snapshot


def _key(ctx: Context, builders: dict) -> str:
    procedure = ctx.procedure.code if ctx.procedure is not None else "-"
    return ":".join(
        [
            f"dashboards:v{VERSION}",
            ",".join(builders),
            str(getattr(ctx.user, "pk", "")),
            str(ctx.unit.pk),
            procedure,
            ctx.period.query(),
            ctx.today.isoformat(),
            translation.get_language() or "",
        ]
    )
