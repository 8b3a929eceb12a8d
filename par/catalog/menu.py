"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

GROUP = "one_stop"
ORDER = 40


def items(user, roles: set[str]) -> list[dict]:
    """The published catalogue is read by every signed-in user."""
    return [{"label": _("Procedure catalogue"), "url": reverse("catalog:list"), "key": "catalog"}]
