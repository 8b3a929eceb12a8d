"""Entries this app adds to the main navigation (see par.accounts.context_processors)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def items(user, roles: set[str]) -> list[dict]:
    """Every signed-in user with a role (or a superuser) reaches the periodic reports; no database query."""
    if not (roles or user.is_superuser):
        return []
    return [{"label": _("Periodic reports"), "url": reverse("reporting:period_list"), "key": "reports"}]
