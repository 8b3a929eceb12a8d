"""Issuing, revoking and noting the use of API tokens: permission, change and audit row in one transaction.

`actor=None` is a system command (`manage.py issue_api_token`), as in the other apps' actions. The key is
returned once by `do_issue_api_token` and never stored: knox keeps its SHA-512 hash (docs/decisions/0102).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from par.accounts.access import visible_units
from par.apitokens.access import can_manage_tokens
from par.apitokens.models import ApiToken, TokenAccess
from par.audit.log import record_event
from par.core.exceptions import require
from par.orgunits.models import Unit


def _describe(token: ApiToken, units: Iterable[Unit]) -> dict:
    """The token as the audit trail shows it: never the key, never its hash."""
    return {
        "user": token.user_id,
        "name": token.name,
        "prefix": token.prefix,
        "access": token.access,
        "units": sorted(u.code for u in units),
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


def _check_request(user, name: str, access: str, units: list[Unit], days: int) -> None:
    """Every refusal at once, by field, in the user's language."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Say which system or purpose the token is for."))
    if access not in TokenAccess.values:
        errors.setdefault("access", []).append(_("Choose read only or read and write."))
    longest = settings.PAR_API_TOKEN_MAX_DAYS
    if not 1 <= days <= longest:
        errors.setdefault("days", []).append(
            _("A token lasts between 1 and %(days)d days.") % {"days": longest}
        )
    if not user.is_active:
        errors.setdefault("user", []).append(_("This account is disabled."))
    elif user.is_superuser:
        errors.setdefault("user", []).append(
            _("A token cannot act as a system administrator: issue it for an account with roles in units.")
        )
    elif units:
        reachable = set(visible_units(user).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
        outside = [u for u in units if u.pk not in reachable]
        if outside:
            errors.setdefault("units", []).append(
                _("%(user)s has no role reaching these units: %(units)s.")
                % {"user": user, "units": ", ".join(u.name for u in outside)}
            )
    if errors:
        raise ValidationError(errors)


def do_issue_api_token(
    *,
    user,
    name: str,
    access: str,
    units: Iterable[Unit] = (),
    days: int | None = None,
    actor,
    reason: str = "",
) -> tuple[ApiToken, str]:
    """Issue a token acting as `user`, narrowed to `access` and `units`; returns the record and the key."""
    require(actor is None or can_manage_tokens(actor), _("Only a system administrator may issue API tokens."))
    units = list(units)
    days = settings.PAR_API_TOKEN_DAYS if days is None else days
    _check_request(user, name, access, units, days)
    with transaction.atomic():
        issued_at = timezone.now()
        credential, key = AuthToken.objects.create(user=user, expiry=dt.timedelta(days=days))
        token = ApiToken.objects.create(
            user=user,
            name=name.strip(),
            prefix=credential.token_key,
            access=access,
            credential=credential,
            created_at=issued_at,
            created_by=actor if actor is not None else None,
            expires_at=credential.expiry,
        )
        token.units.set(units)
        record_event(
            actor=actor,
            action="apitokens.issue_token",
            obj=token,
            after=_describe(token, units),
            reason=reason,
        )
    return token, key


def do_revoke_api_token(token: ApiToken, *, actor, reason: str = "") -> ApiToken:
    """Revoke a token at once: its credential is deleted, the record is kept with who revoked it and when."""
    require(
        actor is None or can_manage_tokens(actor), _("Only a system administrator may revoke API tokens.")
    )
    with transaction.atomic():
        # Lock the record: two administrators revoking at once must produce one revocation and one audit row.
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("This token is already revoked."))
        units = list(locked.units.all())
        before = _describe(locked, units)
        if locked.credential_id is not None:
            AuthToken.objects.filter(pk=locked.credential_id).delete()
        locked.credential = None
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.save(update_fields=["credential", "revoked_at", "revoked_by"])
        record_event(
            actor=actor,
            action="apitokens.revoke_token",
            obj=locked,
            before=before,
            after=_describe(locked, units),
            reason=reason,
        )
    return locked


def do_note_api_token_use(token: ApiToken, *, actor) -> bool:
    """Stamp the token's first use of the local day, with one audit row; False when already stamped today."""
    require(
        actor is not None and actor.pk == token.user_id, _("Only the token's own requests count as its use.")
    )
    now = timezone.now()
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        # A conditional update instead of a row lock: a system's parallel requests must not queue on the row,
        # and only the first of the day matches the condition, so exactly one of them writes the audit row.
        stamped = (
            ApiToken.objects.filter(pk=token.pk)
            .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=start_of_day))
            .update(last_used_at=now)
        )
        if stamped:
            token.last_used_at = now
            record_event(actor=actor, action="apitokens.use_token", obj=token)
    return bool(stamped)
