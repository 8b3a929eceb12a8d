"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.sync.access import can_manage_sync, can_see_national_view

GROUP = "system"
ORDER = 15


def items(user, roles: set[str]) -> list[dict]:
    entries = []
    if can_see_national_view(user):
        entries.append(
            {"label": _("Provinces (national view)"), "url": reverse("sync:national"), "key": "national"}
        )
    if can_manage_sync(user):
        entries.append(
            {"label": _("Sync to the national level"), "url": reverse("sync:outbox"), "key": "sync"}
        )
    return entries
