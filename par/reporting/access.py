"""Who may see, write and review reports.

A unit writes its own report (its officer, head, or the PAR officer who holds a membership at that unit); the
level above reviews it: a PAR officer or unit head at the parent unit or above. The report of the top unit
(the province, which reports to the Ministry) is approved by its own head or signing leader
(docs/decisions/0051).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404

from par.accounts.access import access_unit, has_role, token_scope, visible_units, within_token_units
from par.accounts.models import Membership, Role
from par.orgunits.models import PATH_STEP
from par.reporting.models import Report, ReportingPeriod

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
    parent = unit.parent if unit.parent_id is not None else None
    if parent is None:
        return has_role(user, unit, TOP_APPROVER_ROLES)
    return has_role(user, parent, REVIEWER_ROLES)


def access_report(user, pk, *, write: bool = False) -> Report:
    """The report if the user may see it (and write it when `write`); 404 for missing and forbidden alike."""
    try:
        report = visible_reports(user).select_related("unit", "period", "template", "decided_by").get(pk=pk)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_author(user, report.unit):
        raise Http404
    return report


def visible_periods(user):
    """The periods of the provinces the user works in (a period belongs to a province: docs/decisions/0130)."""
    if not user.is_authenticated or not user.is_active:
        return ReportingPeriod.objects.none()
    scope = token_scope(user)
    if scope is not None and scope.unit_paths is not None:
        # Every unit on a path lies in the province at its root; a province's periods belong to that root.
        roots = {int(path[:PATH_STEP]) for path in scope.unit_paths if path}
        return ReportingPeriod.objects.filter(province_id__in=roots)
    if user.is_superuser:
        return ReportingPeriod.objects.all()
    # A membership anywhere in the province's subtree: one query with the period itself.
    inside = Membership.objects.filter(user=user, unit__path__startswith=OuterRef("province__path"))
    return ReportingPeriod.objects.filter(Exists(inside))


def access_period(user, pk) -> ReportingPeriod:
    """The period if it belongs to a province the user works in; 404 for missing and forbidden alike."""
    try:
        return visible_periods(user).select_related("province", "template").get(pk=pk)
    except (ReportingPeriod.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_period_unit(user, pk, unit_pk):
    """The period and one of its province's units the user may see (404 otherwise)."""
    period = access_period(user, pk)
    unit = access_unit(user, unit_pk)
    if not period.covers(unit):
        raise Http404
    return period, unit
