"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

GROUP = "system"
ORDER = 20


def items(user, roles: set[str]) -> list[dict]:
    """Every signed-in user reads the working calendar."""
    return [{"label": _("Working calendar"), "url": reverse("calendars:index"), "key": "calendars"}]
