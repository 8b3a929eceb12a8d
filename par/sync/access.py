"""Who may see the outbox and act on its dead letters: system administrators only, as for API tokens.

What a province sends is the province's own figures, but retrying or discarding an item decides what the
Ministry sees, which is the administrator's call. Everyone else gets 404, as for anything out of scope. The
national view is for the Ministry's staff: staff or administrators of a deployment in national mode.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from par.sync.models import OutboxEvent, OutboxState


def can_manage_sync(user) -> bool:
    """True for an active system administrator signed in with a session (never through an API token)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_superuser
        and getattr(user, "token_scope", None) is None
    )


def national_mode() -> bool:
    return settings.PAR_MODE == "national"


def can_see_national_view(user) -> bool:
    """Staff of a national deployment (the Ministry's own people)."""
    return bool(
        national_mode() and user is not None and user.is_authenticated and user.is_active and user.is_staff
    )


def visible_outbox(user):
    """Every outbox event for an administrator, none for anyone else."""
    if not can_manage_sync(user):
        return OutboxEvent.objects.none()
    return OutboxEvent.objects.all()


def access_dead_letter(user, pk) -> OutboxEvent:
    """A dead outbox event the user may retry or discard; 404 for missing, forbidden or not dead alike."""
    try:
        return visible_outbox(user).get(pk=pk, state=OutboxState.DEAD)
    except (OutboxEvent.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
