"""Reads that may go to a streaming replica of the database (decision 0176).

With `DATABASE_REPLICA_URL` set, the settings add a "replica" alias and this router. It sends a read to the
replica only inside `replica_reads()`, which the two kinds of read that a replica is for enter explicitly: the
public dossier lookup (par.portal.lookup) and the report aggregates (roll-up, completeness, drill-down). Every
other read, every write and everything inside a transaction stays on "default":

    with replica_reads(request):
        values = rollup_values(unit, period, template)

Read-your-writes: a signed-in user who changed something (any unsafe request, `PinAfterWriteMiddleware`) reads
from "default" for `PAR_REPLICA_PIN_SECONDS`, so that a report they just approved shows in the roll-up before the
replica has replayed it. The public lookup keeps a per-code marker of its own instead (par.portal.lookup).
Without a replica alias the context manager changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_KEY = "par_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_wanted: ContextVar[bool] = ContextVar("par_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and any(
        isinstance(r, str) and r.endswith(".ReplicaRouter") for r in settings.DATABASE_ROUTERS
    )


def pinned_to_primary(request: HttpRequest | None) -> bool:
    """Whether `request`'s signed-in user changed something within the last PAR_REPLICA_PIN_SECONDS."""
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is not None and float(session.get(PIN_KEY, 0)) > time.time()


@contextmanager
def replica_reads(request: HttpRequest | None = None) -> Iterator[None]:
    """Reads inside go to the replica when one is configured, unless `request`'s user is pinned to "default"."""
    if pinned_to_primary(request):
        yield
        return
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


class ReplicaRouter:
    """Reads inside `replica_reads()` and outside any transaction on "default" go to "replica"; nothing else."""

    def db_for_read(self, model, **hints) -> str | None:
        if _wanted.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        # None: Django's own choice, the alias the related instance came from, else "default".
        return None

    def db_for_write(self, model, **hints) -> str:
        # Explicit: an instance read from the replica and then saved must not be written there.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Both aliases hold the same database.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        # The replica replays the primary's changes; nothing is ever migrated on it directly.
        return db != REPLICA


class PinAfterWriteMiddleware:
    """After an unsafe request by a signed-in user, their reads stay on "default" for PAR_REPLICA_PIN_SECONDS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if (
            request.method not in SAFE_METHODS
            and user is not None
            and user.is_authenticated
            and session is not None
        ):
            session[PIN_KEY] = time.time() + settings.PAR_REPLICA_PIN_SECONDS
        return response
