"""In-app notices to a user (deadlines, returns, approvals), mirrored by e-mail when the user has an address."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One message to one user; `key` makes repeated sweeps idempotent (one notice per event and user)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notices"
    )
    unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("deduplication key"), max_length=200)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="notice_once_per_key",
                violation_error_message=_("This notice was already sent."),
            )
        ]
        indexes = [
            # The unread badge in the header: Notice.objects.filter(user=..., read_at__isnull=True).count()
            models.Index(fields=["user", "read_at"], name="notice_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title
