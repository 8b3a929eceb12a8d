"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role

STAFF_ROLES = {Role.PAR_OFFICER, Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.AUDITOR}

GROUP = "one_stop"
ORDER = 20


def items(user, roles: set[str]) -> list[dict]:
    if roles & STAFF_ROLES or user.is_superuser:
        return [{"label": _("Petitions"), "url": reverse("petitions:queue"), "key": "petitions"}]
    return []
