"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

GROUP = "system"
ORDER = 10


def items(user, roles: set[str]) -> list[dict]:
    if user.is_superuser:
        return [{"label": _("API tokens"), "url": reverse("apitokens:list"), "key": "apitokens"}]
    return []
