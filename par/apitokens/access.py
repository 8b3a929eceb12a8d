"""Who may see and manage API tokens: system administrators only (docs/decisions/0102).

A token lends a system everything its user may do, so issuing one is a decision for whoever can grant any
account any role. Everyone else gets 404 on the pages, as for any object outside their scope.
"""

from __future__ import annotations

from django.http import Http404

from par.apitokens.models import ApiToken


def can_manage_tokens(user) -> bool:
    """True for an active system administrator signed in with a session (never through a token)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_superuser
        and getattr(user, "token_scope", None) is None
    )


def visible_tokens(user):
    """Every token record for an administrator, none for anyone else."""
    if not can_manage_tokens(user):
        return ApiToken.objects.none()
    return ApiToken.objects.all()


def access_token(user, pk) -> ApiToken:
    """The token record if the user may manage it; 404 for missing and forbidden alike."""
    try:
        return visible_tokens(user).select_related("user").get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
