"""Who may see and change plans, tasks and progress."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from par.accounts.access import has_role, visible_units
from par.accounts.models import Role
from par.plans.models import Assignment, Milestone, PlanTask, ReformPlan, UnitRole

PLAN_MANAGERS = {Role.PAR_OFFICER, Role.UNIT_HEAD, Role.UNIT_OFFICER}
REPORTERS = {Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.PAR_OFFICER}


# Each visible_* is a plain queryset (the scope is a subquery on the primary key): the access filter joins
# assignments, which would repeat rows, and a DISTINCT would make annotations count wrongly.


def visible_plans(user) -> QuerySet[ReformPlan]:
    """Plans of the user's units, and plans that assign a task to one of them (a commune sees the province plan)."""
    units = visible_units(user)
    reached = ReformPlan.objects.filter(Q(unit__in=units) | Q(tasks__assignments__unit__in=units))
    return ReformPlan.objects.filter(pk__in=reached.values("pk"))


def visible_tasks(user) -> QuerySet[PlanTask]:
    """Tasks of the user's units' plans, and tasks assigned to one of their units."""
    units = visible_units(user)
    reached = PlanTask.objects.filter(Q(plan__unit__in=units) | Q(assignments__unit__in=units))
    return PlanTask.objects.filter(pk__in=reached.values("pk"))


def visible_assignments(user) -> QuerySet[Assignment]:
    """Assignments to the user's units, and every assignment of their units' plans."""
    units = visible_units(user)
    return Assignment.objects.filter(Q(unit__in=units) | Q(task__plan__unit__in=units))


def can_manage_plan(user, plan: ReformPlan) -> bool:
    """The issuing unit's head or officer, or the PAR officer above it, edits the plan."""
    return has_role(user, plan.unit, PLAN_MANAGERS)


def can_report(user, assignment: Assignment) -> bool:
    """The assigned unit's officer or head, or a PAR officer above it, reports progress."""
    return has_role(user, assignment.unit, REPORTERS)


def can_record_event(user, task: PlanTask) -> bool:
    """Who manages the plan (the PAR officer), or the officer or head of one of the task's lead units, records
    the day the event of a deadline counted from an event happened."""
    if can_manage_plan(user, task.plan):
        return True
    leads = task.assignments.filter(role=UnitRole.LEAD).select_related("unit")
    return any(has_role(user, a.unit, REPORTERS) for a in leads)


def access_plan(user, pk, *, write: bool = False) -> ReformPlan:
    """The plan if the user may see it (and manage it when `write`); 404 otherwise."""
    try:
        plan = visible_plans(user).select_related("unit").get(pk=pk)
    except (ReformPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_manage_plan(user, plan):
        raise Http404
    return plan


def access_task(user, pk, *, write: bool = False) -> PlanTask:
    try:
        task = visible_tasks(user).select_related("plan__unit", "area").get(pk=pk)
    except (PlanTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_manage_plan(user, task.plan):
        raise Http404
    return task


def access_assignment(user, pk, *, write: bool = False) -> Assignment:
    try:
        assignment = visible_assignments(user).select_related("unit", "task__plan").get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_report(user, assignment):
        raise Http404
    return assignment


def access_milestone(user, pk, *, write: bool = False) -> Milestone:
    """A milestone of a task the user may see (and whose event they may record when `write`); 404 otherwise."""
    try:
        milestone = Milestone.objects.select_related("task__plan__unit").get(
            pk=pk, task__in=visible_tasks(user)
        )
    except (Milestone.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_record_event(user, milestone.task):
        raise Http404
    return milestone
