"""Read side of plans: dates and counts annotated in SQL, statuses derived in Python, rollups with their formula.

The definitions every page, the API and the deadline sweep share:

* A task's deadline (`final_due`) is its last dated milestone; recurring work without a dated milestone is due
  on 31/12 of the plan year (as `PlanTask.final_due` says).
* An assignment's next deadline (`next_due`) is the earliest dated milestone of its task that the unit has not
  yet reported as reached; once every milestone is reached, it is the task's deadline.
* An assignment is completed on the latest completion date its unit reported (a correction moves it).
* An open assignment is measured against its next deadline, a completed one against the task's deadline: a unit
  that finished on time is not late because it never ticked an intermediate milestone.

Every list here costs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from par import metrics
from par.accounts.models import SUBTREE_ROLES, Membership
from par.orgunits.groups import UnitGroup
from par.plans.access import REPORTERS
from par.plans.models import (
    Assignment,
    Milestone,
    PlanState,
    PlanTask,
    ProgressUpdate,
    ReformPlan,
    Target,
    UnitRole,
)
from par.plans.status import DONE, DUE_SOON_DAYS, Rollup, Status, derive_status, rollup, task_status

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class AssignmentAnnotations(TypedDict):
    """The columns `annotate_assignments` adds in SQL, and the two attributes `with_status` and
    `attach_next_milestones` then set in Python on the listed rows."""

    final_due: dt.date | None
    completed_on: dt.date | None
    update_count: int
    last_percent: int | None
    task_cancelled_at: dt.datetime | None
    next_due: dt.date | None
    status: Status
    next_milestone: Milestone | None


if TYPE_CHECKING:
    # An assignment row as the lists and the deadline sweep read it.
    AnnotatedAssignment = WithAnnotations[Assignment, AssignmentAnnotations]


# --- scoping ---------------------------------------------------------------------------------------------


def own_unit_assignments(user) -> QuerySet[Assignment]:
    """Assignments of the units the user is a member of ("my unit's tasks"), not of the units below them."""
    return Assignment.objects.filter(unit__in=Membership.objects.filter(user=user).values("unit"))


# --- assignments: SQL annotations and the status derived from them ---------------------------------------


def annotate_assignments(queryset: QuerySet[Assignment]) -> QuerySet[AnnotatedAssignment]:
    """Add final_due, next_due, completed_on, update_count, last_percent and task_cancelled_at to each row."""
    if "next_due" in queryset.query.annotations:
        return cast("QuerySet[AnnotatedAssignment]", queryset)
    dated = Milestone.objects.filter(task=OuterRef("task_id"), due_date__isnull=False)
    reached = ProgressUpdate.objects.filter(assignment=OuterRef(OuterRef("pk")), milestone=OuterRef("pk"))
    updates = ProgressUpdate.objects.filter(assignment=OuterRef("pk"))
    year_end = Cast(Concat(Cast("task__plan__year", CharField()), Value("-12-31")), DateField())
    annotated = queryset.annotate(
        final_due=Coalesce(
            Subquery(dated.order_by("-due_date").values("due_date")[:1]),
            Case(When(~Q(task__recurrence=""), then=year_end), default=None, output_field=DateField()),
            output_field=DateField(),
        ),
        completed_on=Subquery(
            updates.filter(completed_on__isnull=False).order_by("-completed_on").values("completed_on")[:1]
        ),
        update_count=Coalesce(
            Subquery(updates.order_by().values("assignment").annotate(n=Count("pk")).values("n")), 0
        ),
        last_percent=Subquery(
            updates.filter(percent__isnull=False).order_by("-created_at", "-id").values("percent")[:1]
        ),
        task_cancelled_at=F("task__cancelled_at"),
    ).annotate(
        next_due=Coalesce(
            Subquery(dated.filter(~Exists(reached)).order_by("due_date").values("due_date")[:1]),
            F("final_due"),
            output_field=DateField(),
        )
    )
    # The rows carry status and next_milestone too once with_status and attach_next_milestones have run.
    return cast("QuerySet[AnnotatedAssignment]", annotated)


def assignment_status(row, today: dt.date) -> Status:
    """The status of an assignment annotated by `annotate_assignments`."""
    return derive_status(
        today=today,
        due=row.final_due if row.completed_on else row.next_due,
        completed_on=row.completed_on,
        has_updates=row.update_count > 0,
        cancelled=row.task_cancelled_at is not None,
    )


def assignment_status_q(status: str, today: dt.date) -> Q:
    """The same rule as `assignment_status`, as a filter on annotated rows (tests prove both agree)."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    live = Q(task__cancelled_at__isnull=True)
    done = live & Q(completed_on__isnull=False)
    open_ = live & Q(completed_on__isnull=True)
    later = Q(next_due__isnull=True) | Q(next_due__gt=soon)
    conditions = {
        Status.CANCELLED: ~live,
        Status.DONE_LATE: done & Q(final_due__isnull=False, completed_on__gt=F("final_due")),
        Status.DONE_ON_TIME: done & (Q(final_due__isnull=True) | Q(completed_on__lte=F("final_due"))),
        Status.OVERDUE: open_ & Q(next_due__lt=today),
        Status.DUE_SOON: open_ & Q(next_due__gte=today, next_due__lte=soon),
        Status.IN_PROGRESS: open_ & later & Q(update_count__gt=0),
        Status.NOT_STARTED: open_ & later & Q(update_count=0),
    }
    return conditions[Status(status)]


def with_status(rows: Iterable[AnnotatedAssignment], today: dt.date) -> list[AnnotatedAssignment]:
    """Set `status` on each annotated assignment."""
    rows = list(rows)
    for row in rows:
        row.status = assignment_status(row, today)
    return rows


def attach_next_milestones(rows: list[AnnotatedAssignment]) -> list[AnnotatedAssignment]:
    """Set `next_milestone` (the Milestone behind `next_due`, or None) on annotated assignments: two queries."""
    task_ids = {r.task_id for r in rows}
    by_task: dict[int, list[Milestone]] = defaultdict(list)
    for m in Milestone.objects.filter(task_id__in=task_ids, due_date__isnull=False).order_by(
        "due_date", "order"
    ):
        by_task[m.task_id].append(m)
    reached: dict[int, set[int]] = defaultdict(set)
    pairs = ProgressUpdate.objects.filter(assignment_id__in=[r.pk for r in rows], milestone__isnull=False)
    for assignment_id, milestone_id in pairs.values_list("assignment_id", "milestone_id"):
        reached[assignment_id].add(milestone_id)
    for row in rows:
        dated = by_task.get(row.task_id, [])
        open_ = [m for m in dated if m.pk not in reached[row.pk]]
        row.next_milestone = open_[0] if open_ else (dated[-1] if dated else None)
    return rows


# --- tasks: performers, status and a rollup over their lead units -----------------------------------------


@dataclass
class PerformerGroup:
    """A collective performer ("all provincial departments") and the units it was expanded into."""

    code: str
    label: str
    units: list = field(default_factory=list)


@dataclass
class Performers:
    """The units of one role on a task: named one by one, or through a group."""

    named: list = field(default_factory=list)
    groups: list[PerformerGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.named) + sum(len(g.units) for g in self.groups)


@dataclass
class TaskSummary:
    """What the plan page shows about a task beside its text."""

    status: Status
    final_due: dt.date | None
    units: Rollup
    lead: Performers
    coordinating: Performers

    @property
    def units_formula(self) -> str:
        return unit_formula(self.units)


def unit_formula(r: Rollup) -> str:
    """The rollup formula over the lead units of one task (status.py words it for tasks)."""
    return _(
        "On-time rate = lead units done on time (%(on_time)s) ÷ lead units due by today (%(due)s); "
        "completion rate = lead units done (%(done)s) ÷ lead units due by today (%(due)s). "
        "A unit is due once the task's deadline has passed or it has reported completion."
    ) % {"on_time": r.done_on_time, "due": r.due, "done": r.done}


def summarise_tasks(tasks, today: dt.date) -> dict[int, TaskSummary]:
    """Status, deadline, performers and unit rollup of each task (tasks prefetched by `tasks_for_display`).

    One query whatever the number of tasks and units: the task's status is public within the plan, so every
    assignment counts, while the progress behind it is shown only through `visible_assignments`.
    """
    tasks = list(tasks)
    rows = annotate_assignments(
        Assignment.objects.filter(task__in=[t.pk for t in tasks])
        .select_related("unit")
        .order_by("unit__path")
    )
    by_task: dict[int, list[AnnotatedAssignment]] = defaultdict(list)
    for row in rows:
        row.status = assignment_status(row, today)
        by_task[row.task_id].append(row)
    labels = dict(UnitGroup.choices)
    summaries = {}
    for task in tasks:
        assignments = by_task.get(task.pk, [])
        performers = {role: Performers() for role in UnitRole.values}
        groups: dict[str, dict[str, PerformerGroup]] = {role: {} for role in UnitRole.values}
        for tg in task.unit_groups.all():
            group = PerformerGroup(tg.group, str(labels.get(tg.group, tg.group)))
            groups[tg.role][tg.group] = group
            performers[tg.role].groups.append(group)
        for a in assignments:
            via = groups[a.role].get(a.via_group) if a.via_group else None
            (via.units if via else performers[a.role].named).append(a.unit)
        lead = [a.status for a in assignments if a.role == UnitRole.LEAD]
        final_due = task.final_due
        summaries[task.pk] = TaskSummary(
            status=task_status(lead, cancelled=task.cancelled_at is not None),
            final_due=final_due,
            units=rollup(lead, [final_due] * len(lead), today),
            lead=performers[UnitRole.LEAD],
            coordinating=performers[UnitRole.COORDINATING],
        )
    return summaries


def tasks_for_display(queryset: QuerySet[PlanTask]) -> QuerySet[PlanTask]:
    return queryset.select_related("plan", "area").prefetch_related("milestones", "products", "unit_groups")


def plan_rollup(summaries: dict[int, TaskSummary], today: dt.date) -> Rollup:
    """The whole-plan rollup over tasks (the formula comes with it)."""
    values = list(summaries.values())
    return rollup([s.status for s in values], [s.final_due for s in values], today)


@dataclass
class AreaBlock:
    """One appendix of the plan page: an area, its targets, its tasks and their rollup."""

    area: object
    targets: list
    tasks: list
    rollup: Rollup | None


class TargetLive(TypedDict):
    """What `measure_targets` sets on each target."""

    live: metrics.Measurement | None
    live_error: str
    live_met: bool | None


if TYPE_CHECKING:
    LiveTarget = WithAnnotations[Target, TargetLive]


def measure_targets(plan: ReformPlan, today: dt.date) -> list[LiveTarget]:
    """The plan's targets, each with `live`: its live measure's Measurement from 1 January to today.

    `live` is None for a target measured by hand, or before the plan's year starts; `live_error` says why a
    named measure could not be computed (a measure that no longer exists).
    """
    targets = cast("list[LiveTarget]", list(plan.targets.all()))
    start, end = dt.date(plan.year, 1, 1), min(today, dt.date(plan.year, 12, 31))
    for target in targets:
        target.live, target.live_error, target.live_met = None, "", None
        if not target.metric or end < start:
            continue
        try:
            target.live = metrics.measure(target.metric, plan.unit, start, end)
        except metrics.UnknownMetricError:
            target.live_error = _("The live measure %(code)s no longer exists.") % {"code": target.metric}
            continue
        target.live_met = target.meets(target.live.value)
    return targets


class TaskShown(TypedDict):
    """What `plan_areas` sets on each task it groups."""

    summary: TaskSummary


if TYPE_CHECKING:
    SummarisedTask = WithAnnotations[PlanTask, TaskShown]


def plan_areas(
    plan: ReformPlan, tasks: list[PlanTask], summaries, today: dt.date, targets: list | None = None
) -> list[AreaBlock]:
    """Group the shown tasks by area, in the plan's area order; areas without shown tasks are left out."""
    by_area: dict[int, list[PlanTask]] = defaultdict(list)
    for task in cast("list[SummarisedTask]", tasks):
        task.summary = summaries[task.pk]
        by_area[task.area_id].append(task)
    by_target_area: dict[int | None, list] = defaultdict(list)
    for target in plan.targets.all() if targets is None else targets:
        by_target_area[target.area_id].append(target)
    blocks = []
    for area in plan.areas.all():
        shown = by_area.get(area.pk, [])
        if shown:
            part = {t.pk: summaries[t.pk] for t in shown}
            blocks.append(AreaBlock(area, by_target_area.get(area.pk, []), shown, plan_rollup(part, today)))
    return blocks


def status_counts(summaries: dict[int, TaskSummary]) -> list[tuple[Status, int]]:
    """How many tasks are in each status, in the order of the statuses, leaving out those with none."""
    counts: dict[str, int] = defaultdict(int)
    for s in summaries.values():
        counts[str(s.status)] += 1
    return [(status, counts[status.value]) for status in Status if counts[status.value]]


# --- lists of assignments: my unit's tasks, deadlines ------------------------------------------------------


def my_assignments(user) -> QuerySet[Assignment]:
    """Assignments of the user's own units on issued plans (a draft plan is not yet anyone's work)."""
    return own_unit_assignments(user).filter(task__plan__state=PlanState.ISSUED)


def _sort_key(row):
    finished = row.status in DONE or row.status == Status.CANCELLED
    return (finished, row.next_due or dt.date.max, row.task.plan.year, row.task.area.order, row.task.order)


def task_rows(queryset: QuerySet[Assignment], today: dt.date) -> list:
    """Annotated assignments with status and next milestone, open ones first by deadline: three queries."""
    rows = annotate_assignments(queryset).select_related("unit", "task__plan", "task__area")
    return sorted(attach_next_milestones(with_status(rows, today)), key=_sort_key)


def sortable_assignments(queryset: QuerySet[Assignment]) -> QuerySet[AnnotatedAssignment]:
    """Annotated assignments with `finished` (1 once done or cancelled), so that open work can sort first."""
    finished = Q(completed_on__isnull=False) | Q(task__cancelled_at__isnull=False)
    annotated = annotate_assignments(queryset).annotate(
        finished=Case(When(finished, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    return cast("QuerySet[AnnotatedAssignment]", annotated)


def pending_assignments(queryset: QuerySet[Assignment], today: dt.date) -> QuerySet[AnnotatedAssignment]:
    """Open assignments whose next milestone is overdue or due within DUE_SOON_DAYS (the deadline board)."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return sortable_assignments(queryset).filter(
        completed_on__isnull=True, task__cancelled_at__isnull=True, next_due__lte=soon
    )


def reportable_units(user, units) -> set[int]:
    """Ids of `units` where the user may report progress, in one query (the same rule as `can_report`)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return {u.pk for u in units}
    held = list(Membership.objects.filter(user=user, role__in=REPORTERS).values_list("unit_id", "role"))
    own = {unit_id for unit_id, _role in held}
    above = {unit_id for unit_id, role in held if role in SUBTREE_ROLES}
    return {u.pk for u in units if u.pk in own or above.intersection(u.ancestor_ids)}


# --- the timeline chart ------------------------------------------------------------------------------------


def _month_position(day: dt.date, year: int) -> int:
    """The month of `day` counted from the plan year's January (1 = January, 13 = the next January)."""
    return (day.year - year) * 12 + day.month


def timeline_data(plan: ReformPlan, tasks: list[PlanTask], summaries: dict[int, TaskSummary]) -> dict:
    """Dated milestones per area for the chart (JSON), and the same counts per area and month as a table."""
    areas = list(plan.areas.all())
    index = {a.pk: i for i, a in enumerate(areas)}
    points, table = [], {a.pk: [0] * 12 for a in areas}
    for task in tasks:
        status = summaries[task.pk].status
        for m in task.milestones.all():
            if m.due_date is None:
                continue
            if m.due_date.year == plan.year:
                table[task.area_id][m.due_date.month - 1] += 1
            points.append(
                {
                    "x": _month_position(m.due_date, plan.year),
                    "y": index[task.area_id],
                    "task": task.number,
                    "text": task.text[:120],
                    "label": m.label,
                    "date": m.due_date.strftime("%d/%m/%Y"),
                    "status": str(status),
                }
            )
    chart = {
        "year": plan.year,
        "areas": [a.name for a in areas],
        "points": points,
        "statuses": {str(value): str(label) for value, label in Status.choices},
    }
    return {"chart": chart, "rows": [(a, table[a.pk]) for a in areas]}
