"""Changes of the sync app: an attempt's outcome, an administrator's retry or discard of a dead letter, a
province admitted by the national deployment, and an item received from one (decision 0171).

Each checks permission (`actor=None` is the system: the delivery task, a command, the inbox after it checked the
province's token), writes, and writes its audit row in one transaction. A successful or failed attempt is the
delivery's bookkeeping and is audited only when it makes the event dead: the audit trail shows what needs a
person, not every retry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.core.exceptions import ConflictError, require
from par.sync.access import can_manage_sync
from par.sync.models import OutboxEvent, OutboxState, ReceivedItem, ReceivingProvince

TOKEN_PREFIX = "prv_"  # noqa: S105 - the visible start of every province token, not a secret


def backoff(attempts: int) -> dt.timedelta:
    """The wait before the next try after `attempts` failures: base × 2^(attempts-1), capped."""
    base = settings.SYNC_BACKOFF_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.SYNC_BACKOFF_MAX_SECONDS)
    return dt.timedelta(seconds=seconds)


def record_attempt(event: OutboxEvent, *, ok: bool, error: str = "", now: dt.datetime) -> OutboxEvent:
    """Note one delivery attempt of a (locked) event: delivered, or retried later, or dead after the last try."""
    event.attempts += 1
    if ok:
        event.state = OutboxState.DELIVERED
        event.delivered_at = now
        event.last_error = ""
    else:
        event.last_error = error
        event.next_attempt_at = now + backoff(event.attempts)
        if event.attempts >= settings.SYNC_MAX_ATTEMPTS:
            event.state = OutboxState.DEAD
    event.save(update_fields=["attempts", "state", "delivered_at", "last_error", "next_attempt_at"])
    if event.state == OutboxState.DEAD:
        record_event(
            actor=None,
            action="sync.dead",
            obj=event,
            after={"key": event.key, "attempts": event.attempts, "error": error},
        )
    return event


def _describe(event: OutboxEvent) -> dict:
    return {"key": event.key, "state": event.state, "attempts": event.attempts}


def _lock_dead(event: OutboxEvent) -> OutboxEvent:
    # Locked: two administrators acting at once make one change and one audit row.
    locked = OutboxEvent.objects.select_for_update().get(pk=event.pk)
    if locked.state != OutboxState.DEAD:
        raise ConflictError(_("This item is no longer waiting for an administrator."))
    return locked


def do_retry_dead_letter(event: OutboxEvent, *, actor) -> OutboxEvent:
    """Put a dead item back in line: it is tried again at the next push, with its attempts counted afresh."""
    require(actor is None or can_manage_sync(actor), _("Only a system administrator may retry a sync item."))
    with transaction.atomic():
        locked = _lock_dead(event)
        before = _describe(locked)
        locked.state = OutboxState.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["state", "attempts", "next_attempt_at"])
        record_event(actor=actor, action="sync.retry", obj=locked, before=before, after=_describe(locked))
    return locked


def do_discard_dead_letter(event: OutboxEvent, *, reason: str, actor) -> OutboxEvent:
    """Give up a dead item with a reason: the stream goes on with the next one, the national side never gets it."""
    require(
        actor is None or can_manage_sync(actor), _("Only a system administrator may discard a sync item.")
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this item is discarded.")})
    with transaction.atomic():
        locked = _lock_dead(event)
        before = _describe(locked)
        locked.state = OutboxState.DISCARDED
        locked.save(update_fields=["state"])
        record_event(
            actor=actor,
            action="sync.discard",
            obj=locked,
            before=before,
            after=_describe(locked),
            reason=reason,
        )
    return locked


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_add_receiving_province(*, code: str, name: str, actor) -> tuple[ReceivingProvince, str]:
    """Admit a province to a national deployment; returns it and its token, shown once and kept only hashed."""
    require(actor is None or can_manage_sync(actor), _("Only a system administrator may admit a province."))
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationError(_("Give the province's code and name."))
    if ReceivingProvince.objects.filter(code=code).exists():
        raise ValidationError(_("Province %(code)s is already admitted.") % {"code": code})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        province = ReceivingProvince.objects.create(
            code=code,
            name=name,
            token_prefix=token[:12],
            token_hash=hash_token(token),
            created_at=timezone.now(),
        )
        record_event(
            actor=actor, action="sync.add_province", obj=province, after={"code": code, "name": name}
        )
    return province, token


def do_receive_item(province: ReceivingProvince, item: dict) -> tuple[ReceivedItem, bool]:
    """Store a province's pushed item once: (the stored item, whether it is new). A known key returns the stored
    one unchanged; an item whose `previous` is not the last sequence received in its stream is refused (409)."""
    with transaction.atomic():
        # Lock the province: its pushes are stored one at a time, so "the last sequence" cannot change under us.
        ReceivingProvince.objects.select_for_update().filter(pk=province.pk).first()
        known = ReceivedItem.objects.filter(province=province, key=item["key"]).first()
        if known is not None:
            return known, False
        last = (
            ReceivedItem.objects.filter(province=province, stream=item["stream"]).aggregate(
                m=Max("sequence")
            )["m"]
            or 0
        )
        if item["previous"] != last or item["sequence"] <= last:
            # The sender retries in order: it sends the missing items first (the answer says which came last).
            raise ConflictError(
                _("Out of order: the last item received in stream %(stream)s is number %(last)s.")
                % {"stream": item["stream"], "last": last},
                current={"stream": item["stream"], "last_sequence": last},
            )
        now = timezone.now()
        received = ReceivedItem.objects.create(
            province=province,
            stream=item["stream"],
            sequence=item["sequence"],
            key=item["key"],
            payload=item["payload"],
            sent_at=item["created_at"],
            received_at=now,
        )
        record_event(
            actor=None,
            action="sync.receive",
            obj=received,
            after={"province": province.code, "stream": received.stream, "sequence": received.sequence},
        )
    return received, True
