"""Adapters: how an outbox event reaches one target. The first and only one is PAR's own national deployment.

An adapter sends one item and answers with a `Sent` (delivered, or why not). It never raises for a network or
server fault: those are the normal weather of sync, counted and retried by `par.sync.delivery`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from par.sync.models import OutboxEvent

IDEMPOTENCY_HEADER = "Idempotency-Key"
# The longest error text kept on an event.
ERROR_CHARS = 500


@dataclass(frozen=True)
class Sent:
    ok: bool
    error: str = ""


def item_body(event: OutboxEvent, previous: int) -> dict:
    """What the national inbox receives for one event (decision 0171)."""
    return {
        "stream": event.stream,
        "sequence": event.sequence,
        "previous": previous,
        "key": event.key,
        "created_at": event.created_at.isoformat(),
        "payload": event.payload,
    }


class NationalAdapter:
    """PAR in national mode: POST one JSON item to its inbox, with the key in a header and the province's token."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = settings.SYNC_NATIONAL_URL if url is None else url
        self.token = settings.SYNC_NATIONAL_TOKEN if token is None else token
        self.timeout = settings.SYNC_TIMEOUT_SECONDS if timeout is None else timeout

    @property
    def configured(self) -> bool:
        return bool(self.url and self.token)

    def send(self, event: OutboxEvent, previous: int) -> Sent:
        """Push one item; 200 (already there) and 201 (stored) are both delivered."""
        data = json.dumps(item_body(event, previous)).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the administrator's setting
            self.url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Province {self.token}",
                IDEMPOTENCY_HEADER: event.key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            body = exc.read(ERROR_CHARS).decode("utf-8", "replace")
            return Sent(False, f"HTTP {exc.code}: {body}"[:ERROR_CHARS])
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            return Sent(False, f"{type(exc).__name__}: {exc}"[:ERROR_CHARS])
        if status in (200, 201):
            return Sent(True)
        return Sent(False, f"HTTP {status}")


def national_adapter() -> NationalAdapter:
    """The adapter of the configured national deployment."""
    return NationalAdapter()
