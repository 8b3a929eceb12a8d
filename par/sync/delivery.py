"""`deliver_pending()`: push the outbox to the national level, in order within each stream (decision 0171).

Each stream is sent from its first undelivered event on, one at a time; the first failure stops that stream until
its next try (exponential back-off), so the national side never receives number n+1 before n. A dead event (out of
tries) stops its stream until an administrator retries or discards it. The event being sent is locked for the
length of the call: a second worker skips the stream instead of sending the same event twice (a double send
would be harmless anyway: the national side stores each key once).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from par.sync import actions
from par.sync.adapters import NationalAdapter, national_adapter
from par.sync.models import OutboxEvent, OutboxState
from par.sync.outbox import enabled

WAITING = (OutboxState.PENDING, OutboxState.DEAD)


def _previous(event: OutboxEvent) -> int:
    """The sequence of the last delivered event before this one in its stream (0: none), as the receiver knows it."""
    found = OutboxEvent.objects.filter(
        stream=event.stream, state=OutboxState.DELIVERED, sequence__lt=event.sequence
    ).aggregate(m=Max("sequence"))["m"]
    return found or 0


def _send_head(stream: str, adapter: NationalAdapter, now: dt.datetime) -> str | None:
    """Try the stream's first waiting event: "delivered", "failed", "blocked" (dead, not yet due, being sent
    elsewhere), or None when the stream has nothing waiting."""
    head = OutboxEvent.objects.filter(stream=stream, state__in=WAITING).order_by("sequence").first()
    if head is None:
        return None
    if head.state == OutboxState.DEAD or head.next_attempt_at > now:
        return "blocked"
    with transaction.atomic():
        # skip_locked: another worker is sending this event right now; leave the stream to it.
        locked = (
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(pk=head.pk, state=OutboxState.PENDING)
            .first()
        )
        if locked is None:
            return "blocked"
        sent = adapter.send(locked, _previous(locked))
        actions.record_attempt(locked, ok=sent.ok, error=sent.error, now=timezone.now())
    return "delivered" if sent.ok else "failed"


def deliver_pending(
    *, adapter: NationalAdapter | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Send what is due in every stream; returns how many were delivered and how many attempts failed."""
    adapter = adapter or national_adapter()
    counts = {"delivered": 0, "failed": 0}
    if not enabled() or not adapter.configured:
        return counts
    now = now or timezone.now()
    waiting = OutboxEvent.objects.filter(state__in=WAITING).order_by("stream")
    for stream in list(waiting.values_list("stream", flat=True).distinct()):
        while (outcome := _send_head(stream, adapter, now)) == "delivered":
            counts["delivered"] += 1
        if outcome == "failed":
            counts["failed"] += 1
    return counts
