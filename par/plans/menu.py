"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role
from par.plans.access import PLAN_MANAGERS, REPORTERS

GROUP = "reform"
ORDER = 10


def items(user, roles: set[str]) -> list[dict]:
    """Every signed-in user reads the plans; units that carry out tasks their own; the PAR officer the deadlines."""
    entries = [{"label": _("Plans"), "url": reverse("plans:plan_list"), "key": "plans"}]
    if roles & REPORTERS:  # their unit carries out plan tasks and reports on them
        entries.append({"label": _("My unit's tasks"), "url": reverse("plans:my_tasks"), "key": "my_tasks"})
    if roles & PLAN_MANAGERS or user.is_superuser:  # the import page checks the unit
        entries.append(
            {"label": _("Import a plan"), "url": reverse("plans:import_upload"), "key": "plan_import"}
        )
    if Role.PAR_OFFICER in roles or user.is_superuser:
        entries.append({"label": _("Deadlines"), "url": reverse("plans:deadlines"), "key": "deadlines"})
    return entries
