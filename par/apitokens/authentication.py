"""The API's token authentication: knox checks the key against its hash, then the PAR record sets the scope.

Send `Authorization: Token par_…`. The request then runs as the token's user, narrowed by a `TokenScope`
attached to that user object (par.accounts.access reads it in `visible_units` and `has_role`), and a
read-only token is refused any unsafe method before the view runs (docs/decisions/0102).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import SAFE_METHODS

from par.accounts.access import TokenScope
from par.apitokens.actions import do_note_api_token_use
from par.apitokens.models import ApiToken, TokenAccess, TokenStatus

REFUSED = _("The API token is invalid, expired or revoked.")


class ApiTokenAuthentication(TokenAuthentication):
    """Knox's check of the key, then the token's record: active, not a superuser's, and its scope."""

    def authenticate(self, request):
        try:
            result = super().authenticate(request)
        except AuthenticationFailed:
            # One answer for a wrong, expired, revoked or malformed key: the caller learns nothing more.
            raise AuthenticationFailed(REFUSED) from None
        if result is None:
            return None  # no "Token" header: the session may still authenticate the request
        user, credential = result
        token = ApiToken.objects.filter(credential=credential).first()
        if token is None or token.status(timezone.now()) != TokenStatus.ACTIVE:
            raise AuthenticationFailed(REFUSED)
        if user.is_superuser:
            raise AuthenticationFailed(
                _("A system administrator's account cannot be used through an API token.")
            )
        paths = tuple(token.units.values_list("path", flat=True))
        user.token_scope = TokenScope(read_only=token.access == TokenAccess.READ, unit_paths=paths or None)
        if token.last_used_at is None or timezone.localdate(token.last_used_at) < timezone.localdate():
            do_note_api_token_use(token, actor=user)
        if user.token_scope.read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied(_("This API token may only read."))
        return user, token
