"""`emit(stream, key, payload)`: the one way an action tells the national level something (decision 0171).

Called inside the action's own `transaction.atomic` block, so that the event and the change commit or roll back
together. Nothing is written unless `SYNC_ENABLED`. Each stream is numbered 1, 2, 3 … without gaps: the
stream's counter row is locked until the action commits, so two actions on one stream take turns and a
rolled-back action gives its number back. A key already in the outbox is not written again (a command run twice
for the same day emits once).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from par.sync.models import OutboxEvent, SyncStream

# The streams a province sends; the national side shows the first three.
REPORTS = "reports"
INDEX_RESULTS = "index_results"
PETITIONS = "petitions"
DOSSIER_STATISTICS = "dossier_statistics"
STREAMS = (REPORTS, INDEX_RESULTS, PETITIONS, DOSSIER_STATISTICS)


def enabled() -> bool:
    """Whether this deployment writes its outbox."""
    return bool(settings.SYNC_ENABLED)


def jsonable(payload: dict) -> dict:
    # Dates, decimals and lazy strings as JSON text, once, so that what is stored is exactly what is sent.
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _counter(stream: str) -> SyncStream:
    """The stream's counter, locked until the caller's transaction ends."""
    row = SyncStream.objects.select_for_update().filter(name=stream).first()
    if row is not None:
        return row
    try:
        # A savepoint: another action may create the counter first; then lock theirs.
        with transaction.atomic():
            SyncStream.objects.create(name=stream)
    except IntegrityError:
        pass
    return SyncStream.objects.select_for_update().get(name=stream)


def emit(stream: str, key: str, payload: dict | Callable[[], dict]) -> OutboxEvent | None:
    """Add an event to the outbox in the caller's transaction; None when sync is off or the key is known.

    `payload` may be a function that builds it: then a deployment with sync off pays no query for it.
    """
    if not enabled():
        return None
    if stream not in STREAMS:
        raise ValueError(f"unknown sync stream {stream!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("emit must be called inside the action's transaction.atomic block")
    counter = _counter(stream)
    if OutboxEvent.objects.filter(key=key).exists():
        return None
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    now = timezone.now()
    if settings.SYNC_NATIONAL_URL:
        # The push starts once the action is committed; a rolled-back action queues nothing.
        transaction.on_commit(_queue_push)
    return OutboxEvent.objects.create(
        stream=stream,
        sequence=counter.last_sequence,
        key=key,
        payload=jsonable(payload() if callable(payload) else payload),
        created_at=now,
        next_attempt_at=now,
    )


def _queue_push() -> None:
    from par.sync.tasks import push_to_national

    push_to_national.enqueue()
