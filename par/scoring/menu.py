"""Entries this app adds to the main navigation (see par.accounts.context_processors)."""

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


def items(user, roles: set[str]) -> list[dict]:
    if roles & ROLES or user.is_superuser:
        return [{"label": _("PAR index"), "url": reverse("scoring:index"), "key": "par_index"}]
    return []
