"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role

ROLES = {
    Role.UNIT_OFFICER,
    Role.UNIT_HEAD,
    Role.PAR_OFFICER,
    Role.APPRAISER,
    Role.AUDITOR,
    Role.SIGNING_LEADER,
}

GROUP = "reform"
ORDER = 40


def items(user, roles: set[str]) -> list[dict]:
    entries = []
    if roles & ROLES or user.is_superuser:
        entries.append({"label": _("PAR index"), "url": reverse("scoring:index"), "key": "par_index"})
    # The province PAR officer issues each year's framework (decision 0122).
    if Role.PAR_OFFICER in roles or user.is_superuser:
        entries.append(
            {
                "label": _("Next year's index framework"),
                "url": reverse("scoring:framework_new_year"),
                "key": "par_index_new_year",
            }
        )
    return entries
