"""The navigation shown to a user depends on their roles."""

from importlib import import_module

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Membership, Role

# Apps that add entries to the menu (each has menu.items(user, roles), which must not query the database).
MENU_APPS = ("reporting", "inspections", "scoring", "surveys", "dossiers", "petitions", "portal")

# Roles whose unit carries out plan tasks and reports on them.
REPORTING_ROLES = {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.PAR_OFFICER}


def _roles_and_unread(user) -> tuple[set[str], int]:
    """The user's roles and unread notice count in one query (the menu is on every page)."""
    rows = list(
        Membership.objects.filter(user=user)
        .annotate(unread=Count("user__notices", filter=Q(user__notices__read_at__isnull=True)))
        .values_list("role", "unread")
    )
    if rows:
        return {role for role, _unread in rows}, rows[0][1]
    # No membership: nothing to join the count to, so ask for it directly.
    return set(), user.notices.filter(read_at__isnull=True).count()


def _menu(request):
    user = request.user
    if not user.is_authenticated:
        return []
    roles, unread = _roles_and_unread(user)
    items = [
        {"label": _("Home"), "url": reverse("home"), "key": "home"},
        {"label": _("Plans"), "url": reverse("plans:plan_list"), "key": "plans"},
    ]
    if roles & REPORTING_ROLES:
        items.append({"label": _("My unit's tasks"), "url": reverse("plans:my_tasks"), "key": "my_tasks"})
    if Role.PAR_OFFICER in roles or user.is_superuser:
        items.append({"label": _("Deadlines"), "url": reverse("plans:deadlines"), "key": "deadlines"})
    for app in MENU_APPS:
        items.extend(import_module(f"par.{app}.menu").items(user, roles))
    items.append({"label": _("Procedure catalogue"), "url": reverse("catalog:list"), "key": "catalog"})
    items.append({"label": _("Working calendar"), "url": reverse("calendars:index"), "key": "calendars"})
    notices = _("Notices (%(n)s)") % {"n": unread} if unread else _("Notices")
    items.append({"label": notices, "url": reverse("notices:list"), "key": "notices"})
    if user.is_staff or user.is_superuser:
        items.append({"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"})
    if roles & {Role.PAR_OFFICER, Role.AUDITOR} or user.is_superuser:
        items.append({"label": _("Audit trail"), "url": reverse("audit:list"), "key": "audit"})
    return items


def navigation(request):
    return {"nav_items": SimpleLazyObject(lambda: _menu(request))}
