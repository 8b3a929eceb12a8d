"""Who may change a calendar.

Calendars are read by everyone signed in (deadlines are computed from them everywhere). Changing one is the job
of the province's PAR officer (the Department of Home Affairs announces the yearly holiday and swap plan to
agencies) or of a superuser:
- a unit's calendar: superuser, or a PAR officer at that unit or at an ancestor (`has_role`);
- the national calendar (no unit): superuser, or a PAR officer anywhere. Each province runs its own instance of
  the system (docs/ARCHITECTURE.md §6), so "national" here means the province's copy of the national plan.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from par.accounts.access import has_role
from par.accounts.models import Membership, Role

EDITOR_ROLES = frozenset({Role.PAR_OFFICER})


def can_edit_calendar(user, calendar) -> bool:
    """True when `user` may change `calendar`, its days and its yearly confirmation."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if calendar.unit_id is not None:
        return has_role(user, calendar.unit, EDITOR_ROLES)
    return Membership.objects.filter(user=user, role__in=EDITOR_ROLES).exists()


def require_calendar_editor(actor, calendar, *, system_allowed: bool = True) -> None:
    """Raise PermissionDenied unless `actor` may change `calendar`; None is a system command when allowed."""
    if actor is None and system_allowed:
        return
    if not can_edit_calendar(actor, calendar):
        raise PermissionDenied(_("You may not edit this working calendar."))
