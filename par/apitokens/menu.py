"""Entries this app adds to the main navigation (see par.accounts.context_processors)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(user, roles: set[str]) -> list[dict]:
    if user.is_superuser:
        return [{"label": _("API tokens"), "url": reverse("apitokens:list"), "key": "apitokens"}]
    return []
