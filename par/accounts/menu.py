"""Entries this app adds to the main navigation (found by par.accounts.context_processors, decision 0118).

The audit trail's pages are this app's (`accounts.urls.audit_urlpatterns`): `audit` is below the apps and draws
no page. Django's admin site has no app of its own here, and staff rights are the user's.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Role

GROUP = "system"
ORDER = 30


def items(user, roles: set[str]) -> list[dict]:
    entries = []
    if roles & {Role.PAR_OFFICER, Role.AUDITOR} or user.is_superuser:
        entries.append({"label": _("Audit trail"), "url": reverse("audit:list"), "key": "audit"})
    if user.is_staff or user.is_superuser:
        entries.append({"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"})
    return entries
