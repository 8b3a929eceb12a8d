"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role

ROLES = {Role.PAR_OFFICER, Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.AUDITOR}

GROUP = "reform"
ORDER = 30


def items(user, roles: set[str]) -> list[dict]:
    """Inspectors, inspected units and auditors reach the inspections; no database query."""
    if not (roles & ROLES or user.is_superuser):
        return []
    return [
        {"label": _("PAR inspections"), "url": reverse("inspections:inspection_list"), "key": "inspections"}
    ]
