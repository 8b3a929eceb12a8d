"""The navigation shown to a user depends on their roles."""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from par.accounts.models import Membership
from par.core.discovery import announcing

# The menu's groups, in the order shown. Each app puts its entries in one of them through its own `menu.py`:
# GROUP (a key here), ORDER (place within the group) and items(user, roles), which must not query the database
# (the menu is on every page). No list of apps here: an app announces itself (decision 0118).
GROUPS = {
    "reform": _("Reform"),
    "one_stop": _("One-stop shop"),
    "system": _("System"),
}


def menu_modules() -> list:
    """Every app's menu module, by group, then ORDER, then app label: the same order on every page."""
    modules = []
    for label, module in announcing("menu"):
        if getattr(module, "GROUP", None) not in GROUPS:
            raise ImproperlyConfigured(f"par.{label}.menu: GROUP must be one of {sorted(GROUPS)}")
        modules.append((list(GROUPS).index(module.GROUP), getattr(module, "ORDER", 100), label, module))
    return [module for *_key, module in sorted(modules, key=lambda row: row[:3])]


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
    for module in menu_modules():
        groups[module.GROUP].extend(module.items(user, roles))

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
