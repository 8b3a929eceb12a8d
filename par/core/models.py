"""Small abstract bases shared by the domain apps. No concrete domain models live here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
