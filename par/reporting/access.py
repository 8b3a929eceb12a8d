"""Who may see, write and review reports.

A unit writes its own report (its officer, head, or the PAR officer who holds a membership at that unit); the
level above reviews it: a PAR officer or unit head at the parent unit or above. The report of the top unit
(the province, which reports to the Ministry) is approved by its own head or signing leader
(docs/decisions/0051).
"""

from __future__ import annotations

from django.http import Http404

from par.accounts.access import has_role, token_scope, visible_units, within_token_units
from par.accounts.models import Membership, Role
from par.reporting.models import Report

AUTHOR_ROLES = {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.PAR_OFFICER}
REVIEWER_ROLES = {Role.PAR_OFFICER, Role.UNIT_HEAD}
TOP_APPROVER_ROLES = {Role.UNIT_HEAD, Role.SIGNING_LEADER}


def visible_reports(user):
    """Reports of the units the user may see (their own units and everything below them)."""
    return Report.objects.filter(unit__in=visible_units(user))


def can_author(user, unit) -> bool:
    """The unit's own officer, head or PAR officer writes and submits its report (None: the system, in the demo)."""
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    scope = token_scope(user)
    if scope is not None and (scope.read_only or not within_token_units(user, unit)):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, unit=unit, role__in=AUTHOR_ROLES).exists()


def can_review(user, report: Report) -> bool:
    """The level above returns, approves and reopens; the top unit's report is approved by its own head."""
    if user is None:
        return True
    unit = report.unit
    if unit.parent_id is None:
        return has_role(user, unit, TOP_APPROVER_ROLES)
    return has_role(user, unit.parent, REVIEWER_ROLES)


def access_report(user, pk, *, write: bool = False) -> Report:
    """The report if the user may see it (and write it when `write`); 404 for missing and forbidden alike."""
    try:
        report = visible_reports(user).select_related("unit", "period", "template", "decided_by").get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_author(user, report.unit):
        raise Http404
    return report
