"""API tokens for other systems: the record of each token (owner, purpose, scope, units, expiry, revocation).

The credential itself is django-rest-knox's `AuthToken`: only a hash of the key, deleted when the token is
revoked or found expired. The record stays, so the list of tokens and the audit trail keep their history
(docs/decisions/0102).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TokenAccess(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiToken(models.Model):
    """One API token issued to another system: it acts as `user`, narrowed to `access` and `units`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField(_("system or purpose"), max_length=120)
    prefix = models.CharField(
        _("key prefix"), max_length=25, editable=False, help_text=_("The first characters of the key.")
    )
    access = models.CharField(_("access"), max_length=10, choices=TokenAccess.choices)
    units = models.ManyToManyField(
        "orgunits.Unit",
        verbose_name=_("units"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every unit the user may see."),
    )
    # The live credential (a hash only). Null once revoked or expired: knox deletes it, the record stays.
    credential = models.OneToOneField(
        "knox.AuthToken",
        verbose_name=_("credential"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="record",
    )
    created_at = models.DateTimeField(
        pgettext_lazy("api token", "issued at"), default=timezone.now, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("api token", "issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(pgettext_lazy("api token", "revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("api token", "revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="apitoken_expires_after_issue",
                violation_error_message=_("A token must expire after it is issued."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(credential__isnull=True),
                name="apitoken_revoked_has_no_credential",
                violation_error_message=_("A revoked token keeps no credential."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status(self, now: dt.datetime | None = None) -> str:
        """Revoked, expired or active, derived from the dates."""
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE

    def get_status_display(self) -> str:
        return str(TokenStatus(self.status()).label)
