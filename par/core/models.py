"""Small abstract bases shared by the domain apps. No concrete domain models live here."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from par.core.exceptions import ConflictError


class TimeStamped(models.Model):
    """Creation and last-change times, stored in UTC."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """An optimistic-lock counter: a write that read an older version is refused, never silently applied."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True

    def check_version(self, expected_version: int | None, message: str = "") -> None:
        """Refuse a write based on an older read (call on the row locked with select_for_update).

        `message` replaces the general one where the item can say more (which dossier, in what state).
        """
        if expected_version is not None and self.version != expected_version:
            raise ConflictError(
                message
                or gettext(
                    "Someone else changed this item while you were editing it. Reload the page to see their "
                    "changes."
                )
            )
