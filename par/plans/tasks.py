"""Background work of plans: the daily deadline sweep (docs/decisions/0030-deadline-sweeps.md)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from par.accounts.models import Membership, Role
from par.notices.actions import do_notify
from par.plans.models import Assignment, PlanState, UnitRole
from par.plans.queries import annotate_assignments, attach_next_milestones
from par.plans.status import DUE_SOON_DAYS

if TYPE_CHECKING:
    from par.accounts.models import User
    from par.plans.queries import AnnotatedAssignment

# Who hears about a lead unit's deadline: the people who report for it and the one answerable for it.
RECIPIENT_ROLES = (Role.UNIT_OFFICER, Role.UNIT_HEAD)
KIND_DUE_SOON = "plans.due_soon"
KIND_OVERDUE = "plans.overdue"


def pending_deadlines(today: dt.date) -> list[AnnotatedAssignment]:
    """Open lead assignments of issued plans whose next undone milestone is overdue or due within the window."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rows = (
        annotate_assignments(
            Assignment.objects.filter(
                role=UnitRole.LEAD, task__plan__state=PlanState.ISSUED, task__cancelled_at__isnull=True
            )
        )
        .filter(completed_on__isnull=True, next_due__lte=soon)
        .select_related("unit", "task__plan")
        .order_by("next_due", "pk")
    )
    return attach_next_milestones(list(rows))


def notice_key(kind: str, assignment: AnnotatedAssignment, due: dt.date) -> str:
    """One notice per unit, task, milestone and date: re-running the sweep sends nothing twice.

    The assignment is named by its task and unit, and the milestone by its position in the task, not by their
    ids: editing a task recreates the assignments that have no progress yet and parses the schedule again into
    new milestone rows, and an unchanged deadline must not be announced again after such an edit.
    """
    position = assignment.next_milestone.order if assignment.next_milestone else "end"
    name = kind.removeprefix("plans.")
    return f"plans:{name}:{assignment.task_id}-{assignment.unit_id}:{position}:{due.isoformat()}"


def _message(kind: str, assignment: AnnotatedAssignment, due: dt.date, today: dt.date) -> tuple[str, str]:
    task_ = assignment.task
    shown_due = due.strftime("%d/%m/%Y")
    milestone = assignment.next_milestone.label if assignment.next_milestone else ""
    values = {
        "number": task_.number,
        "text": task_.text[:120],
        "due": shown_due,
        "unit": assignment.unit.name,
    }
    if kind == KIND_OVERDUE:
        title = _("Overdue since %(due)s: task %(number)s") % values
    else:
        title = _("Due on %(due)s: task %(number)s") % values
    body = _("%(unit)s, task %(number)s: %(text)s") % values
    if milestone:
        body += "\n" + _("Milestone: %(label)s") % {"label": milestone}
    body += "\n" + _("Plan: %(plan)s") % {"plan": task_.plan.title}
    days = (due - today).days
    if days >= 0:
        body += "\n" + _("Days left: %(n)s") % {"n": days}
    else:
        body += "\n" + _("Days overdue: %(n)s") % {"n": -days}
    return title, body


def sweep(today: dt.date) -> dict[str, int]:
    """Notify the officers and heads of each lead unit with an overdue or nearly due milestone."""
    rows = pending_deadlines(today)
    recipients: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(
        unit__in={r.unit_id for r in rows}, role__in=RECIPIENT_ROLES, user__is_active=True
    ).select_related("user")
    for m in memberships:
        if m.user not in recipients[m.unit_id]:
            recipients[m.unit_id].append(m.user)
    sent = {"assignments": len(rows), "notices": 0}
    # Notices are stored as text, so they are written in the site's language, whoever runs the sweep.
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            due = row.next_due
            assert due is not None  # pending_deadlines keeps only rows with a next deadline
            kind = KIND_OVERDUE if due < today else KIND_DUE_SOON
            title, body = _message(kind, row, due, today)
            created = do_notify(
                recipients[row.unit_id],
                kind=kind,
                key=notice_key(kind, row, due),
                title=title,
                body=body,
                url=reverse("plans:task_detail", args=[row.task_id]),
                unit=row.unit,
            )
            sent["notices"] += len(created)
    return sent


@task()
def sweep_plan_deadlines() -> dict[str, int]:
    """The daily deadline sweep, run by the database worker (or inline by the management command)."""
    return sweep(timezone.localdate())
