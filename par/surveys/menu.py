"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role
from par.surveys.access import KIOSK_OPENERS

ROLES = {Role.PAR_OFFICER, Role.UNIT_HEAD, Role.AUDITOR, Role.APPRAISER}

GROUP = "reform"
ORDER = 50


def items(user, roles: set[str]) -> list[dict]:
    entries = []
    if roles & ROLES or user.is_superuser:
        entries.append({"label": _("Satisfaction surveys"), "url": reverse("surveys:list"), "key": "surveys"})
    if roles & KIOSK_OPENERS or user.is_superuser:
        entries.append(
            {"label": _("Survey kiosks"), "url": reverse("surveys:kiosk_sessions"), "key": "kiosk_sessions"}
        )
    return entries
