"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role

GROUP = "reform"
ORDER = 20


def items(user, roles: set[str]) -> list[dict]:
    """Every signed-in user with a role (or a superuser) reaches the periodic reports; the province's PAR officer
    also its report forms and periods. No database query."""
    if not (roles or user.is_superuser):
        return []
    entries = [{"label": _("Periodic reports"), "url": reverse("reporting:period_list"), "key": "reports"}]
    if Role.PAR_OFFICER in roles or user.is_superuser:
        entries.append(
            {
                "label": _("Report forms and periods"),
                "url": reverse("reporting:setup_home"),
                "key": "report_setup",
            }
        )
    return entries
