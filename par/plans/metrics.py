"""Live measures read from plans: tasks completed on time, tasks done, plans issued."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.metrics import (
    MeasuredRow,
    Measurement,
    Scope,
    Scopes,
    Values,
    amount,
    batch,
    count,
    metric,
    percent,
    ratio,
    shared,
)
from par.plans.models import Assignment, PlanState, ReformPlan, UnitRole
from par.plans.queries import annotate_assignments


def _due_lead_assignments(scope: Scope):
    """Lead assignments of live tasks in the subtree whose final due date falls in the period."""
    rows = annotate_assignments(
        Assignment.objects.filter(
            scope.units_q("unit__"), role=UnitRole.LEAD, task__cancelled_at__isnull=True
        )
    )
    return rows.filter(final_due__gte=scope.start, final_due__lte=scope.end).select_related("task", "unit")


@shared
def _grouped_due(scopes: Scopes) -> dict[int, dict]:
    """Per unit's subtree: lead assignments due in the period, those completed by its end, and on time."""
    rows = annotate_assignments(
        Assignment.objects.filter(role=UnitRole.LEAD, task__cancelled_at__isnull=True)
    ).filter(final_due__gte=scopes.start, final_due__lte=scopes.end)
    return scopes.grouped(
        rows,
        "unit__",
        due=Count("pk"),
        completed=Count("pk", filter=Q(completed_on__lte=scopes.end)),
        on_time=Count("pk", filter=Q(completed_on__lte=F("final_due"))),
    )


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


@metric(
    "plans.tasks_on_time_pct",
    label=gettext_lazy("Plan tasks completed on time"),
    formula=gettext_lazy(
        "lead assignments completed by their due date ÷ lead assignments due in the period × 100"
    ),
)
def tasks_on_time(scope: Scope) -> Measurement:
    rows = list(_due_lead_assignments(scope).order_by("final_due", "task__number"))
    on_time = [r for r in rows if r.completed_on and r.completed_on <= r.final_due]

    def explain() -> list[MeasuredRow]:
        return [
            MeasuredRow(
                label=f"{r.task.number}. {Truncator(r.task.text).chars(120)} — {r.unit.short_name or r.unit.name}",
                detail=_("due %(due)s, completed %(done)s")
                % {"due": _day(r.final_due), "done": _day(r.completed_on)},
                counted=r in on_time,
                url=reverse("plans:task_detail", args=[r.task_id]),
                unit_id=r.unit_id,
            )
            for r in rows
        ]

    return ratio(len(on_time), len(rows), rows=explain, what=_("completed on time / due"))


@batch("plans.tasks_on_time_pct")
def tasks_on_time_batch(scopes: Scopes) -> Values:
    return {pk: percent(g["on_time"], g["due"]) for pk, g in _grouped_due(scopes).items()}


@metric(
    "plans.tasks_due",
    label=gettext_lazy("Plan tasks due"),
    unit="",
    formula=gettext_lazy("lead assignments of live tasks whose due date falls in the period"),
)
def tasks_due(scope: Scope) -> Measurement:
    return count(_due_lead_assignments(scope).count(), what=_("lead assignments due"))


@batch("plans.tasks_due")
def tasks_due_batch(scopes: Scopes) -> Values:
    return {pk: amount(g["due"]) for pk, g in _grouped_due(scopes).items()}


@metric(
    "plans.tasks_completed",
    label=gettext_lazy("Plan tasks completed"),
    unit="",
    formula=gettext_lazy("lead assignments due in the period that were completed by its end"),
)
def tasks_completed(scope: Scope) -> Measurement:
    # Counted among the assignments due in the period, so that "completed" never exceeds "due" on a report.
    done = _due_lead_assignments(scope).filter(completed_on__lte=scope.end)
    return count(done.count(), what=_("lead assignments completed"))


@batch("plans.tasks_completed")
def tasks_completed_batch(scopes: Scopes) -> Values:
    return {pk: amount(g["completed"]) for pk, g in _grouped_due(scopes).items()}


@metric(
    "plans.plans_issued",
    label=gettext_lazy("PAR plans issued"),
    unit="",
    formula=gettext_lazy("plans of units in the subtree issued in the period"),
)
def plans_issued(scope: Scope) -> Measurement:
    plans = ReformPlan.objects.filter(
        scope.units_q("unit__"),
        state=PlanState.ISSUED,
        decision_date__gte=scope.start,
        decision_date__lte=scope.end,
    ).select_related("unit")

    def explain() -> list[MeasuredRow]:
        return [
            MeasuredRow(
                label=p.title,
                detail=f"{p.decision_number} {_day(p.decision_date)}",
                url=reverse("plans:plan_detail", args=[p.pk]),
            )
            for p in plans.order_by("decision_date")
        ]

    return count(plans.count(), rows=explain, what=_("plans issued"))


@batch("plans.plans_issued")
def plans_issued_batch(scopes: Scopes) -> Values:
    plans = ReformPlan.objects.filter(
        state=PlanState.ISSUED, decision_date__gte=scopes.start, decision_date__lte=scopes.end
    )
    return {pk: amount(g["n"]) for pk, g in scopes.grouped(plans, "unit__", n=Count("pk")).items()}
