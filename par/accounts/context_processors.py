"""The navigation shown to a user depends on their roles."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from par.accounts.access import roles_of
from par.accounts.models import Role


def _menu(request):
    user = request.user
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    items = [
        {"label": _("Home"), "url": reverse("home"), "key": "home"},
        {"label": _("Working calendar"), "url": reverse("calendars:index"), "key": "calendars"},
    ]
    if user.is_staff or user.is_superuser:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"})
    if roles & {Role.PAR_OFFICER, Role.AUDITOR} or user.is_superuser:
        items.append({"label": _("Audit trail"), "url": reverse("audit:list"), "key": "audit"})
    return items


def navigation(request):
    return {"nav_items": SimpleLazyObject(lambda: _menu(request))}
