"""Entries this app adds to the main navigation (see par.accounts.context_processors)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(user, roles: set[str]) -> list[dict]:
    # Public pages: useful to every signed-in officer too (answering a citizen on the phone).
    return [
        {"label": _("Dossier lookup"), "url": reverse("portal:lookup"), "key": "portal_lookup"},
        {"label": _("On-time results by unit"), "url": reverse("portal:board"), "key": "portal_board"},
    ]
