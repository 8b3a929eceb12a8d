"""Notices to units when a task is assigned to them: at the plan's issue, and when units are added later.

Called by the actions inside their transaction, so a notice exists exactly when the assignment does. The
officers and heads of each assigned unit receive one in-app notice (e-mailed after commit by par.notices).
A draft plan assigns nothing yet: its units are told when it is issued.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from par.accounts.models import Membership
from par.notices.actions import do_notify
from par.plans.models import Assignment, UnitRole
from par.plans.tasks import RECIPIENT_ROLES

KIND_ASSIGNED = "plans.assigned"


def assigned_key(assignment: Assignment) -> str:
    """One notice per task and unit, whatever the role or how often the task is saved."""
    return f"{KIND_ASSIGNED}:{assignment.task_id}-{assignment.unit_id}"


def notify_assigned(assignments: Iterable[Assignment], *, actor) -> int:
    """Notify the people of each assigned unit; returns the number of notices sent."""
    rows = list(assignments)
    if not rows:
        return 0
    people: dict[int, list] = defaultdict(list)
    memberships = Membership.objects.filter(
        unit__in={a.unit_id for a in rows}, role__in=RECIPIENT_ROLES, user__is_active=True
    ).select_related("user")
    for m in memberships:
        if m.user not in people[m.unit_id]:
            people[m.unit_id].append(m.user)
    sent = 0
    # Notices are stored as text, so they are written in the site's language, whoever acts.
    with translation.override(settings.LANGUAGE_CODE):
        for a in rows:
            if not people[a.unit_id]:
                continue
            task, plan = a.task, a.task.plan
            role = _("lead unit") if a.role == UnitRole.LEAD else _("coordinating unit")
            title = _("New task for %(unit)s: %(number)s. %(text)s") % {
                "unit": a.unit.name,
                "number": task.number,
                "text": task.text[:120],
            }
            body = _("%(plan)s assigns this task to %(unit)s as %(role)s.") % {
                "plan": plan.title,
                "unit": a.unit.name,
                "role": role,
            }
            if task.schedule_text:
                body += "\n" + _("Schedule: %(schedule)s") % {"schedule": task.schedule_text}
            sent += len(
                do_notify(
                    people[a.unit_id],
                    kind=KIND_ASSIGNED,
                    key=assigned_key(a),
                    title=title,
                    body=body,
                    url=reverse("plans:task_detail", args=[task.pk]),
                    unit=a.unit,
                    actor=actor,
                )
            )
    return sent


def new_assignments(task_ids: Iterable[int], known: set[int]) -> list[Assignment]:
    """The assignments of these tasks that were not there before (`known` holds the earlier ids)."""
    return list(
        Assignment.objects.filter(task_id__in=list(task_ids))
        .exclude(pk__in=known)
        .select_related("unit", "task__plan")
        .order_by("task_id", "unit__path")
    )
