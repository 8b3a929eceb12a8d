"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

GROUP = "one_stop"
ORDER = 30


def items(user, roles: set[str]) -> list[dict]:
    # Public pages: useful to every signed-in officer too (answering a citizen on the phone).
    return [
        {"label": _("Dossier lookup"), "url": reverse("portal:lookup"), "key": "portal_lookup"},
        {"label": _("On-time results by unit"), "url": reverse("portal:board"), "key": "portal_board"},
    ]
