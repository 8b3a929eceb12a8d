"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from par.accounts.models import Role

GROUP = "one_stop"
ORDER = 10


def items(user, roles: set[str]) -> list[dict]:
    """The one-stop pages for the roles the user holds (no database query: `roles` is given)."""
    entries = []
    if Role.ONE_STOP_CLERK in roles or getattr(user, "is_superuser", False):
        entries.append({"label": _("One-stop desk"), "url": reverse("dossiers:desk"), "key": "dossiers.desk"})
    if roles & {Role.PROCESSING_OFFICER, Role.SIGNING_LEADER} or getattr(user, "is_superuser", False):
        entries.append(
            {"label": _("Dossiers to process"), "url": reverse("dossiers:queue"), "key": "dossiers.queue"}
        )
    if roles & {Role.ONE_STOP_CLERK, Role.PROCESSING_OFFICER, Role.SIGNING_LEADER} or getattr(
        user, "is_superuser", False
    ):
        entries.append(
            {"label": _("Find a dossier"), "url": reverse("dossiers:search"), "key": "dossiers.search"}
        )
    if roles & {
        Role.ONE_STOP_CLERK,
        Role.PROCESSING_OFFICER,
        Role.SIGNING_LEADER,
        Role.PAR_OFFICER,
        Role.UNIT_HEAD,
    } or getattr(user, "is_superuser", False):
        entries.append(
            {"label": _("On-time board"), "url": reverse("dossiers:board"), "key": "dossiers.board"}
        )
    return entries
