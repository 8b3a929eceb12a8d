"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role

GROUP = "reform"
ORDER = 10

# Roles whose unit carries out plan tasks and reports on them.
REPORTING_ROLES = {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.PAR_OFFICER}
# Roles that manage plans and so may import one (par.plans.access.PLAN_MANAGERS; the import page checks the unit).
PLAN_IMPORTERS = {Role.PAR_OFFICER, Role.UNIT_HEAD, Role.UNIT_OFFICER}


def items(user, roles: set[str]) -> list[dict]:
    """Every signed-in user reads the plans; units that carry out tasks their own; the PAR officer the deadlines."""
    entries = [{"label": _("Plans"), "url": reverse("plans:plan_list"), "key": "plans"}]
    if roles & REPORTING_ROLES:
        entries.append({"label": _("My unit's tasks"), "url": reverse("plans:my_tasks"), "key": "my_tasks"})
    if roles & PLAN_IMPORTERS or user.is_superuser:
        entries.append(
            {"label": _("Import a plan"), "url": reverse("plans:import_upload"), "key": "plan_import"}
        )
    if Role.PAR_OFFICER in roles or user.is_superuser:
        entries.append({"label": _("Deadlines"), "url": reverse("plans:deadlines"), "key": "deadlines"})
    return entries
