"""Background work of sync: the push to the national level, run by the database worker."""

from __future__ import annotations

from django_tasks import task

from par.sync.delivery import deliver_pending


@task()
def push_to_national() -> dict[str, int]:
    """Send the outbox's due events (queued after each emitting action's commit, and by `sync_push --enqueue`)."""
    return deliver_pending()
