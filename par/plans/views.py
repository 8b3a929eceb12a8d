"""Plan pages: list, plan by area, task, my unit's tasks with inline progress, deadlines, timeline, forms.

Every view has one shape: decorators → access → form → action → render or redirect. The actions check the
rules again and raise ValidationError / PermissionDenied / ConflictError, shown here as form errors with the page
status of par.core.http (decision 0106): 400 invalid input, 403 a refused permission, 409 a stale version.
"""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from par.accounts.models import Membership
from par.core.http import form_status, run_action
from par.core.lists import Sort, work_list
from par.orgunits.groups import UnitGroup
from par.orgunits.models import Unit
from par.plans.access import (
    PLAN_MANAGERS,
    access_assignment,
    access_milestone,
    access_plan,
    access_task,
    can_manage_plan,
    can_record_event,
    visible_assignments,
    visible_plans,
    visible_tasks,
)
from par.plans.actions import (
    do_add_task,
    do_cancel_task,
    do_create_plan,
    do_issue_plan,
    do_record_event,
    do_report_progress,
    do_save_target,
    do_update_plan,
    do_update_task,
)
from par.plans.filters import ALL, AssignmentFilter, PlanFilter, TaskFilter
from par.plans.forms import (
    CancelTaskForm,
    EventDateForm,
    PlanCreateForm,
    PlanEditForm,
    ProgressForm,
    TargetForm,
    TaskForm,
)
from par.plans.models import Evidence, PlanState, PlanTask, TaskUnitGroup, UnitRole
from par.plans.paging import task_units_page
from par.plans.queries import (
    assignment_status_q,
    attach_next_milestones,
    measure_targets,
    my_assignments,
    pending_assignments,
    plan_areas,
    plan_rollup,
    reportable_units,
    sortable_assignments,
    status_counts,
    summarise_tasks,
    task_rows,
    tasks_for_display,
    timeline_data,
    with_status,
)
from par.plans.schedule import parse_schedule
from par.plans.status import DUE_SOON_DAYS, Status
from par.plans.views_import import importable_units

GET_POST = require_http_methods(["GET", "POST"])


PLAN_SORTS = {
    "year": Sort(gettext_lazy("Year"), ["-year", "unit__path"]),
    "title": Sort(gettext_lazy("Plan"), ["title"]),
    "unit": Sort(gettext_lazy("Issuing unit"), ["unit__path", "-year"]),
    "state": Sort(gettext_lazy("State"), ["state", "-year"]),
    "tasks": Sort(gettext_lazy("Tasks"), ["task_count", "-year"]),
}


@login_required
def plan_list(request):
    """The plans the user sees, a page at a time, by year unless sorted otherwise (decision 0125)."""
    base = visible_plans(request.user)
    tasks = PlanTask.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("pk"))
    rows = base.select_related("unit").annotate(task_count=Coalesce(Subquery(tasks.values("n")), 0))
    filterset = PlanFilter(request.GET, queryset=rows, request=request)
    filterset.form.fields["unit"].queryset = Unit.objects.filter(pk__in=base.values("unit")).order_by("path")
    totals = {"issued": Count("pk", filter=Q(state=PlanState.ISSUED))}
    plans = work_list(
        request, rows, sorts=PLAN_SORTS, default_sort="year", filterset=filterset, totals=totals
    )
    by_year = plans.sort.lstrip("-") == "year"
    groups = (
        [(year, list(group)) for year, group in groupby(plans.rows, key=attrgetter("year"))]
        if by_year
        else [(None, plans.rows)]
    )
    can_create = Membership.objects.filter(user=request.user, role__in=PLAN_MANAGERS).exists()
    can_import = importable_units(request.user).exists()
    context = {
        "filter": filterset,
        "list": plans,
        "groups": groups,
        "can_create": can_create,
        "can_import": can_import,
        "active_nav": "plans",
    }
    return render(
        request, "plans/plan_list.html#plan-table" if request.htmx else "plans/plan_list.html", context
    )


@login_required
def plan_detail(request, pk: int):
    plan = access_plan(request.user, pk)
    today = timezone.localdate()
    base = visible_tasks(request.user).filter(plan=plan)
    tasks = list(tasks_for_display(base))
    summaries = summarise_tasks(tasks, today)
    filterset = TaskFilter(request.GET or None, queryset=base, request=request, summaries=summaries)
    fields = filterset.form.fields
    fields["area"].choices = [(a.code, a.name) for a in plan.areas.all()]
    fields["unit"].queryset = Unit.objects.filter(plan_assignments__task__in=base).distinct().order_by("path")
    shown = set(filterset.qs.values_list("pk", flat=True))
    targets = measure_targets(plan, today)
    context = {
        "plan": plan,
        "filter": filterset,
        "areas": plan_areas(plan, [t for t in tasks if t.pk in shown], summaries, today, targets),
        "plan_targets": [t for t in targets if t.area_id is None],
        "rollup": plan_rollup(summaries, today),
        "counts": status_counts(summaries),
        "can_manage": can_manage_plan(request.user, plan),
        "today": today,
        "active_nav": "plans",
    }
    return render(
        request, "plans/plan_detail.html#plan-tasks" if request.htmx else "plans/plan_detail.html", context
    )


@login_required
def plan_timeline(request, pk: int):
    plan = access_plan(request.user, pk)
    tasks = list(tasks_for_display(visible_tasks(request.user).filter(plan=plan)))
    summaries = summarise_tasks(tasks, timezone.localdate())
    data = timeline_data(plan, tasks, summaries)
    return render(request, "plans/plan_timeline.html", {"plan": plan, "data": data, "active_nav": "plans"})


@login_required
@GET_POST
def plan_create(request):
    form = PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        outcome = run_action(form, do_create_plan, **form.cleaned_data, actor=request.user)
        if outcome.ok:
            messages.success(request, _("The plan was created as a draft. Add its tasks, then issue it."))
            return redirect("plans:plan_detail", outcome.value.pk)
    context = {"form": form, "active_nav": "plans"}
    return render(request, "plans/plan_form.html", context, status=form_status(form))


@login_required
@GET_POST
def plan_edit(request, pk: int):
    plan = access_plan(request.user, pk, write=True)
    fields = ["title", "decision_number", "decision_date", "signer", "signer_title", "version"]
    form = PlanEditForm(request.POST or None, initial={f: getattr(plan, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        outcome = run_action(
            form, do_update_plan, plan, changes=form.changes(), expected_version=version, actor=request.user
        )
        if outcome.ok:
            messages.success(request, _("The plan was saved."))
            return redirect("plans:plan_detail", plan.pk)
    context = {"form": form, "plan": plan, "active_nav": "plans"}
    return render(request, "plans/plan_form.html", context, status=form_status(form))


@login_required
@GET_POST
def plan_issue(request, pk: int):
    plan = access_plan(request.user, pk, write=True)
    form = Form(request.POST or {})  # no fields: it carries the action's error message
    if request.method == "POST":
        outcome = run_action(form, do_issue_plan, plan, actor=request.user)
        if outcome.ok:
            messages.success(request, _("The plan was issued and its tasks assigned to the units."))
            return redirect("plans:plan_detail", plan.pk)
    labels = dict(UnitGroup.choices)
    rows = (
        TaskUnitGroup.objects.filter(task__plan=plan)
        .values("group")
        .annotate(n=Count("task"))
        .order_by("group")
    )
    groups = [(labels.get(row["group"], row["group"]), row["n"]) for row in rows]
    context = {
        "plan": plan,
        "errors": form.non_field_errors(),
        "task_count": plan.tasks.count(),
        "groups": groups,
        "active_nav": "plans",
    }
    return render(request, "plans/plan_issue.html", context, status=form_status(form))


@login_required
def task_detail(request, pk: int):
    task = tasks_for_display(PlanTask.objects.filter(pk=access_task(request.user, pk).pk)).get()
    today = timezone.localdate()
    units = task_units_page(request, visible_assignments(request.user).filter(task=task), today)
    rows = units.page.object_list
    context = {
        "task": task,
        "summary": summarise_tasks([task], today)[task.pk],
        "units": units,
        "assignments": rows,
        "reportable": reportable_units(request.user, [a.unit for a in rows]),
        "can_manage": can_manage_plan(request.user, task.plan),
        "event_forms": _event_forms(request.user, task),
        "group_labels": dict(UnitGroup.choices),
        "active_nav": "plans",
    }
    return render(request, "plans/task_detail.html", context)


def _event_forms(user, task: PlanTask) -> list[tuple]:
    """A form for each deadline counted from an event, when the user may record the event."""
    counted = [m for m in task.milestones.all() if m.counted_from_event]
    if not counted or task.cancelled_at or not can_record_event(user, task):
        return []
    return [(m, _event_form(m, task, None)) for m in counted]


def _event_form(milestone, task: PlanTask, data) -> EventDateForm:
    initial = {"event_date": milestone.event_date, "version": task.version}
    return EventDateForm(data, initial=initial, auto_id=f"id_m{milestone.pk}_%s")


@login_required
@GET_POST
def milestone_event(request, pk: int):
    """Record the day the event of a deadline counted from an event happened; its due date follows."""
    milestone = access_milestone(request.user, pk, write=True)
    task = milestone.task
    form = _event_form(milestone, task, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            do_record_event,
            milestone,
            event_date=data["event_date"],
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            due = outcome.value.due_date
            messages.success(
                request, _("The event was recorded: due %(date)s.") % {"date": f"{due:%d/%m/%Y}"}
            )
            return redirect("plans:task_detail", task.pk)
    context = {"form": form, "milestone": milestone, "task": task, "active_nav": "plans"}
    return render(request, "plans/milestone_event.html", context, status=form_status(form))


@login_required
@GET_POST
def task_create(request, pk: int):
    plan = access_plan(request.user, pk, write=True)
    initial = {"area": request.GET.get("area", "")}
    form = TaskForm(request.POST or None, plan=plan, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_action(form, do_add_task, plan, form.to_input(), actor=request.user)
        if outcome.ok:
            messages.success(request, _("The task was added."))
            return redirect("plans:task_detail", outcome.value.pk)
    context = {"form": form, "plan": plan, "active_nav": "plans"}
    return render(request, "plans/task_form.html", context, status=form_status(form))


@login_required
@GET_POST
def task_edit(request, pk: int):
    task = access_task(request.user, pk, write=True)
    plan = task.plan
    form = TaskForm(request.POST or None, plan=plan, user=request.user, initial=TaskForm.initial_for(task))
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        data = form.to_input(units_text=task.units_text)
        if run_action(form, do_update_task, task, data, expected_version=version, actor=request.user).ok:
            messages.success(request, _("The task was saved."))
            return redirect("plans:task_detail", task.pk)
    context = {"form": form, "plan": plan, "task": task, "active_nav": "plans"}
    return render(request, "plans/task_form.html", context, status=form_status(form))


@login_required
@GET_POST
def task_cancel(request, pk: int):
    task = access_task(request.user, pk, write=True)
    form = CancelTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_action(form, do_cancel_task, task, reason=reason, actor=request.user).ok:
            messages.success(request, _("The task was cancelled."))
            return redirect("plans:task_detail", task.pk)
    context = {"form": form, "task": task, "active_nav": "plans"}
    return render(request, "plans/task_cancel.html", context, status=form_status(form))


@login_required
def schedule_preview(request):
    """The milestones a schedule text gives, shown live under the task form's schedule field."""
    try:
        year = min(max(int(request.GET.get("year", "")), 2000), 2100)
    except ValueError:
        year = timezone.localdate().year
    schedule = parse_schedule(request.GET.get("schedule_text", ""), year)
    context = {"schedule": schedule, "year": year}
    template = "plans/schedule_preview.html#preview" if request.htmx else "plans/schedule_preview.html"
    return render(request, template, context)


ASSIGNMENT_SORTS = {
    "due": Sort(
        gettext_lazy("Next deadline"),
        ["finished", "next_due", "task__plan__year", "task__area__order", "task__order"],
    ),
    "year": Sort(gettext_lazy("Year"), ["task__plan__year", "task__area__order", "task__order"]),
    "task": Sort(gettext_lazy("Task"), ["task__area__order", "task__order", "unit__path"]),
    "unit": Sort(gettext_lazy("Unit"), ["unit__path", "next_due"]),
    "role": Sort(gettext_lazy("Role"), ["role", "next_due"]),
    "deadline": Sort(gettext_lazy("Deadline"), ["next_due", "unit__path", "task__order"]),
}


def _assignment_filter(request, base) -> AssignmentFilter:
    rows = sortable_assignments(base).select_related("unit", "task__plan", "task__area")
    return AssignmentFilter(request.GET, queryset=rows, request=request)


def _assignment_list(request, filterset: AssignmentFilter, *, default_sort: str, today):
    """A page of annotated assignments with their statuses counted in the totals query (decision 0125)."""
    rows = filterset.queryset
    totals = {str(s): Count("pk", filter=assignment_status_q(str(s), today)) for s in Status}
    listing = work_list(
        request, rows, sorts=ASSIGNMENT_SORTS, default_sort=default_sort, filterset=filterset, totals=totals
    )
    listing.page.object_list = attach_next_milestones(with_status(listing.page.object_list, today))
    return listing


@login_required
def my_tasks(request):
    base = my_assignments(request.user)
    today = timezone.localdate()
    filterset = _assignment_filter(request, base)
    filterset.form.fields["plan"].queryset = (
        visible_plans(request.user).filter(tasks__assignments__in=base).distinct()
    )
    tasks = _assignment_list(request, filterset, default_sort="due", today=today)
    rows = tasks.rows
    context = {
        "filter": filterset,
        "list": tasks,
        "rows": rows,
        "status_totals": [(s, tasks.totals[str(s)]) for s in Status if tasks.totals[str(s)]],
        "reportable": reportable_units(request.user, [r.unit for r in rows]),
        "active_nav": "my_tasks",
    }
    return render(
        request, "plans/my_tasks.html#task-table" if request.htmx else "plans/my_tasks.html", context
    )


@login_required
@GET_POST
def assignment_progress(request, pk: int):
    """Report progress on one assignment: a page without JavaScript, an in-place table row with htmx."""
    assignment = access_assignment(request.user, pk, write=True)
    editing = request.method == "POST" or not request.htmx or "edit" in request.GET
    form = (
        ProgressForm(request.POST or None, request.FILES or None, assignment=assignment) if editing else None
    )
    saved = False
    if request.method == "POST" and form is not None and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        files = form.cleaned_data["evidence"]
        outcome = run_action(form, do_report_progress, assignment, **data, files=files, actor=request.user)
        if outcome.ok and not request.htmx:
            messages.success(request, _("The progress was recorded."))
            return redirect("plans:my_tasks")
        editing, saved = not outcome.ok, outcome.ok
    row = task_rows(visible_assignments(request.user).filter(pk=assignment.pk), timezone.localdate())[0]
    context = {"a": row, "form": form if editing else None, "reportable": {row.unit_id}, "saved": saved}
    template = "plans/my_tasks.html#assignment-row" if request.htmx else "plans/assignment_progress.html"
    return render(request, template, context, status=form_status(form))


@login_required
def deadlines(request):
    """Overdue and due-soon lead assignments across the units the user sees (the PAR officer's follow-up): one
    list, overdue first, a page at a time, with the overdue and due-soon totals."""
    today = timezone.localdate()
    base = visible_assignments(request.user).filter(role=UnitRole.LEAD, task__plan__state=PlanState.ISSUED)
    filterset = _assignment_filter(request, pending_assignments(base, today))
    fields = filterset.form.fields
    fields["unit"].queryset = Unit.objects.filter(pk__in=base.values("unit")).order_by("path")
    fields["plan"].queryset = visible_plans(request.user).filter(state=PlanState.ISSUED)
    fields["status"].choices = [("", ALL), *[(s.value, s.label) for s in (Status.OVERDUE, Status.DUE_SOON)]]
    board = _assignment_list(request, filterset, default_sort="deadline", today=today)
    context = {
        "filter": filterset,
        "list": board,
        "overdue_total": board.totals[Status.OVERDUE.value],
        "due_soon_total": board.totals[Status.DUE_SOON.value],
        "today": today,
        "soon_days": DUE_SOON_DAYS,
        "active_nav": "deadlines",
    }
    return render(request, "plans/deadlines.html#lists" if request.htmx else "plans/deadlines.html", context)


@login_required
@never_cache
def evidence_download(request, pk: int):
    """Evidence files are private: served only to users who may see the assignment, never from MEDIA_URL."""
    try:
        evidence = Evidence.objects.get(pk=pk, update__assignment__in=visible_assignments(request.user))
        handle = evidence.file.open("rb")
    except (Evidence.DoesNotExist, FileNotFoundError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@GET_POST
def target_edit(request, pk: int, target_pk: int | None = None):
    plan = access_plan(request.user, pk, write=True)
    target = get_object_or_404(plan.targets, pk=target_pk) if target_pk else None
    form = TargetForm(request.POST or None, instance=target, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if run_action(form, do_save_target, plan, data=data, target=target, actor=request.user).ok:
            messages.success(request, _("The target was saved."))
            return redirect("plans:plan_detail", plan.pk)
    context = {"form": form, "plan": plan, "target": target, "active_nav": "plans"}
    return render(request, "plans/target_form.html", context, status=form_status(form))
