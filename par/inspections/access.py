"""Who sees and changes inspections: the inspecting unit plans and records; the inspected unit follows up."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from par.accounts.access import has_role, visible_units
from par.accounts.models import Role
from par.inspections.models import Finding, Inspection, InspectionPlan

INSPECTORS = {Role.PAR_OFFICER, Role.UNIT_HEAD, Role.UNIT_OFFICER}
FOLLOWERS = {Role.UNIT_HEAD, Role.UNIT_OFFICER}


def visible_plans(user):
    return InspectionPlan.objects.filter(unit__in=visible_units(user))


def visible_inspections(user):
    units = visible_units(user)
    return Inspection.objects.filter(Q(plan__unit__in=units) | Q(inspected_unit__in=units))


def can_inspect(user, unit) -> bool:
    """The inspecting unit's PAR officer, head or officer (None: the system, in the demo)."""
    if user is None:
        return True
    return has_role(user, unit, INSPECTORS)


def can_follow_up(user, finding: Finding) -> bool:
    if user is None:
        return True
    inspection = finding.inspection
    return can_inspect(user, inspection.plan.unit) or has_role(user, inspection.inspected_unit, FOLLOWERS)


def access_plan(user, pk, *, write: bool = False) -> InspectionPlan:
    try:
        plan = visible_plans(user).select_related("unit").get(pk=pk)
    except (InspectionPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_inspect(user, plan.unit):
        raise Http404
    return plan


def access_inspection(user, pk) -> Inspection:
    try:
        return visible_inspections(user).select_related("plan__unit", "inspected_unit").get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_finding(user, pk) -> Finding:
    try:
        return Finding.objects.select_related("inspection__plan__unit", "inspection__inspected_unit").get(
            pk=pk, inspection__in=visible_inspections(user)
        )
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
