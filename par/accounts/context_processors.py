"""The navigation shown to a user depends on their roles."""

from importlib import import_module

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Membership, Role

# Apps that add entries to the menu, and the menu group they go into. Each has menu.items(user, roles), which
# must not query the database (the menu is on every page).
MENU_APPS = {
    "reporting": "reform",
    "inspections": "reform",
    "scoring": "reform",
    "surveys": "reform",
    "dossiers": "one_stop",
    "petitions": "one_stop",
    "portal": "one_stop",
    "apitokens": "system",
}
GROUPS = {
    "reform": _("Reform"),
    "one_stop": _("One-stop shop"),
    "system": _("System"),
}

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


def _menu(request) -> list[dict]:
    """Top-level entries: Home, a dropdown per group that has entries, Notices.

    A group is {"label", "key", "children", "keys"}; a link is {"label", "url", "key"}. A group with a single
    entry is shown as that entry.
    """
    user = request.user
    if not user.is_authenticated:
        return []
    roles, unread = _roles_and_unread(user)
    groups: dict[str, list[dict]] = {key: [] for key in GROUPS}
    reform = groups["reform"]
    reform.append({"label": _("Plans"), "url": reverse("plans:plan_list"), "key": "plans"})
    if roles & REPORTING_ROLES:
        reform.append({"label": _("My unit's tasks"), "url": reverse("plans:my_tasks"), "key": "my_tasks"})
    if Role.PAR_OFFICER in roles or user.is_superuser:
        reform.append({"label": _("Deadlines"), "url": reverse("plans:deadlines"), "key": "deadlines"})
    for app, group in MENU_APPS.items():
        groups[group].extend(import_module(f"par.{app}.menu").items(user, roles))
    groups["one_stop"].append(
        {"label": _("Procedure catalogue"), "url": reverse("catalog:list"), "key": "catalog"}
    )
    system = groups["system"]
    system.append({"label": _("Working calendar"), "url": reverse("calendars:index"), "key": "calendars"})
    if roles & {Role.PAR_OFFICER, Role.AUDITOR} or user.is_superuser:
        system.append({"label": _("Audit trail"), "url": reverse("audit:list"), "key": "audit"})
    if user.is_staff or user.is_superuser:
        system.append({"label": _("Administration"), "url": reverse("admin:index"), "key": "admin"})

    items: list[dict] = [{"label": _("Home"), "url": reverse("home"), "key": "home"}]
    for key, children in groups.items():
        if len(children) == 1:
            items.append(children[0])
        elif children:
            keys = [child["key"] for child in children]
            items.append({"label": GROUPS[key], "key": key, "children": children, "keys": keys})
    notices = _("Notices (%(n)s)") % {"n": unread} if unread else _("Notices")
    items.append({"label": notices, "url": reverse("notices:list"), "key": "notices"})
    return items


def navigation(request):
    return {"nav_items": SimpleLazyObject(lambda: _menu(request))}
