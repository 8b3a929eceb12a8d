"""Plans, their tasks, progress and targets: permission check, change and audit row in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par import metrics
from par.audit.log import record_event, snapshot
from par.audit.updates import audited_update
from par.core.exceptions import require
from par.documents import uploads
from par.documents.uploads import check_upload, save_upload
from par.orgunits.groups import UnitGroup, units_in_group
from par.orgunits.models import Unit
from par.plans.access import can_manage_plan, can_report
from par.plans.actions.events import due_after_event
from par.plans.models import (
    DEFAULT_AREAS,
    Assignment,
    Evidence,
    Milestone,
    PlanArea,
    PlanState,
    PlanTask,
    ProgressUpdate,
    ReformPlan,
    TaskProduct,
    TaskUnitGroup,
    UnitRole,
)
from par.plans.notify import new_assignments, notify_assigned
from par.plans.performers import performers_in, performers_of
from par.plans.schedule import parse_schedule

PLAN_FIELDS = [
    "year",
    "unit_id",
    "title",
    "decision_number",
    "decision_date",
    "signer",
    "signer_title",
    "state",
]
TASK_FIELDS = [
    "area_id",
    "number",
    "text",
    "units_text",
    "schedule_text",
    "note",
    "recurrence",
    "event_trigger",
]


def do_create_plan(
    *,
    unit: Unit,
    year: int,
    title: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    signer: str = "",
    signer_title: str = "",
    parent: ReformPlan | None = None,
    areas: Sequence[tuple[str, str]] | None = None,
    actor,
) -> ReformPlan:
    """Create a draft plan for a unit and year, with the seven default reform areas unless others are given."""
    probe = ReformPlan(unit=unit, year=year)
    require(actor is None or can_manage_plan(actor, probe), _("You may not create plans for this unit."))
    with transaction.atomic():
        if ReformPlan.objects.filter(unit=unit, year=year).exists():
            raise ValidationError(_("This unit already has a PAR plan for %(year)s.") % {"year": year})
        if parent is not None and (parent.year != year or parent.unit_id not in unit.ancestor_ids):
            raise ValidationError(
                _("A unit's plan can only carry out a plan of the same year issued by a unit above it.")
            )
        plan = ReformPlan(
            unit=unit,
            year=year,
            title=title,
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            signer_title=signer_title,
            parent=parent,
        )
        plan.full_clean()
        plan.save()
        area_rows = areas or [(code.value, str(code.label)) for code in DEFAULT_AREAS]
        PlanArea.objects.bulk_create(
            PlanArea(plan=plan, code=code, name=name, order=i)
            for i, (code, name) in enumerate(area_rows, start=1)
        )
        record_event(
            actor=actor, action="plans.create_plan", obj=plan, unit=unit, after=snapshot(plan, PLAN_FIELDS)
        )
    return plan


def do_update_plan(plan: ReformPlan, *, changes: dict, expected_version: int | None, actor) -> ReformPlan:
    """Change the plan's header fields (title, decision number and date, signer)."""
    require(actor is None or can_manage_plan(actor, plan), _("You may not edit this plan."))
    allowed = {"title", "decision_number", "decision_date", "signer", "signer_title"}
    if set(changes) - allowed:
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(set(changes) - allowed)}
        )
    with transaction.atomic():
        return audited_update(
            plan,
            changes,
            actor=actor,
            action="plans.update_plan",
            expected_version=expected_version,
            fields=PLAN_FIELDS,
            unit=plan.unit,
        )


@dataclass
class TaskInput:
    """What a task row says, as the form, the API and the importers hand it over."""

    area_code: str
    number: str
    text: str
    products: list[str] = field(default_factory=list)
    lead_units: list[Unit] = field(default_factory=list)
    coordinating_units: list[Unit] = field(default_factory=list)
    lead_groups: list[str] = field(default_factory=list)
    coordinating_groups: list[str] = field(default_factory=list)
    units_text: str = ""
    schedule_text: str = ""
    note: str = ""
    named_in_text: list[dict[str, str]] = field(default_factory=list)


def _apply_schedule(task: PlanTask) -> None:
    schedule = parse_schedule(task.schedule_text, task.plan.year)
    task.recurrence = schedule.recurrence.value if schedule.recurrence else ""
    task.event_trigger = (schedule.event_trigger or "")[:255]
    task.schedule_warnings = list(schedule.warnings)
    # An event already recorded stays recorded while the schedule still counts from it (the same event as
    # written); its due date is counted again, the number of days may have changed (decision 0113).
    recorded = dict(task.milestones.filter(event_date__isnull=False).values_list("after_event", "event_date"))
    task.milestones.all().delete()
    milestones = [
        Milestone(
            task=task,
            label=m.label[:255],
            due_date=m.due,
            kind=m.kind.value,
            source_text=m.source_text[:500],
            after_days=m.after_days,
            working_days=m.working_days,
            after_event=m.after_event[:255],
            order=i,
        )
        for i, m in enumerate(schedule.milestones)
    ]
    for milestone in milestones:
        event_date = recorded.get(milestone.after_event) if milestone.counted_from_event else None
        if event_date is not None:
            milestone.event_date = event_date
            milestone.due_date = due_after_event(
                event_date,
                milestone.after_days or 0,
                working_days=milestone.working_days,
                unit=task.plan.unit,
            )
    Milestone.objects.bulk_create(milestones)


def _set_performers(task: PlanTask, data: TaskInput) -> None:
    task.products.all().delete()
    TaskProduct.objects.bulk_create(
        TaskProduct(task=task, name=name[:500], order=i)
        for i, name in enumerate(data.products)
        if name.strip()
    )
    task.unit_groups.all().delete()
    groups = [(g, UnitRole.LEAD) for g in data.lead_groups] + [
        (g, UnitRole.COORDINATING) for g in data.coordinating_groups
    ]
    for group, _role in groups:
        if group not in UnitGroup.values:
            raise ValidationError(_("Unknown unit group: %(g)s") % {"g": group})
    TaskUnitGroup.objects.bulk_create(
        [TaskUnitGroup(task=task, group=g, role=r) for g, r in dict.fromkeys(groups)]
    )
    task.assignments.filter(updates__isnull=True).delete()
    named = [(u, UnitRole.LEAD) for u in data.lead_units] + [
        (u, UnitRole.COORDINATING) for u in data.coordinating_units
    ]
    _ensure_assignments(task, named, via_group="")


def _ensure_assignments(task: PlanTask, units: Iterable[tuple[Unit, str]], *, via_group: str) -> int:
    # Named units keep the order the document names them in (1, 2, …); units from a group come first by path.
    """Create missing assignments; a unit named as lead stays lead even if a group also lists it as coordinating."""
    existing = dict(task.assignments.values_list("unit_id", "role"))
    new: dict[int, Assignment] = {}
    for unit, role in units:
        if unit.pk in existing:
            if existing[unit.pk] == UnitRole.COORDINATING and role == UnitRole.LEAD:
                task.assignments.filter(unit=unit).update(role=UnitRole.LEAD)
                existing[unit.pk] = UnitRole.LEAD
            continue
        if unit.pk in new:
            if role == UnitRole.LEAD:
                new[unit.pk].role = UnitRole.LEAD
            continue
        order = 0 if via_group else len(new) + 1
        new[unit.pk] = Assignment(task=task, unit=unit, role=role, via_group=via_group, order=order)
    Assignment.objects.bulk_create(new.values())
    return len(new)


def _cascade(task: PlanTask) -> int:
    """Expand the task's unit groups into one assignment per unit valid on the plan's reference date."""
    created = 0
    day = task.plan.reference_date
    # Lead groups first, so a unit in both a lead and a coordinating group is lead.
    for tg in sorted(task.unit_groups.all(), key=lambda g: g.role != UnitRole.LEAD):
        units = units_in_group(task.plan.unit, tg.group, day)
        created += _ensure_assignments(task, ((u, tg.role) for u in units), via_group=tg.group)
    return created


def do_add_task(plan: ReformPlan, data: TaskInput, *, actor) -> PlanTask:
    """Add a task to a plan: parse its schedule into milestones and, once the plan is issued, cascade it."""
    require(actor is None or can_manage_plan(actor, plan), _("You may not edit this plan."))
    with transaction.atomic():
        try:
            area = plan.areas.get(code=data.area_code)
        except PlanArea.DoesNotExist:
            raise ValidationError(_("The plan has no area “%(a)s”.") % {"a": data.area_code}) from None
        if not data.text.strip():
            raise ValidationError(_("The task text is required."))
        order = plan.tasks.filter(area=area).count() + 1
        task = PlanTask(
            plan=plan,
            area=area,
            number=data.number or str(order),
            text=data.text.strip(),
            units_text=data.units_text,
            named_in_text=data.named_in_text,
            schedule_text=data.schedule_text.strip(),
            note=data.note,
            order=order,
        )
        task.full_clean(exclude=["recurrence"])
        task.save()
        _apply_schedule(task)
        task.save(update_fields=["recurrence", "event_trigger", "schedule_warnings"])
        _set_performers(task, data)
        if plan.state == PlanState.ISSUED:
            _cascade(task)
            notify_assigned(new_assignments([task.pk], set()), actor=actor)
        record_event(
            actor=actor, action="plans.add_task", obj=task, unit=plan.unit, after=snapshot(task, TASK_FIELDS)
        )
    return task


def do_update_task(task: PlanTask, data: TaskInput, *, expected_version: int | None, actor) -> PlanTask:
    """Change a task; the schedule is parsed again and new units are cascaded; reported progress is kept."""
    require(actor is None or can_manage_plan(actor, task.plan), _("You may not edit this plan."))
    with transaction.atomic():
        locked = PlanTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
        locked.check_version(expected_version)
        before = snapshot(locked, TASK_FIELDS)
        locked.area = locked.plan.areas.get(code=data.area_code)
        locked.number, locked.text = data.number, data.text.strip()
        performers_changed = performers_of(locked) != performers_in(data)
        # The wording "as written" describes the units of the document; once the units change it would print
        # the old ones, so it gives way to the units themselves (decision 0138; the audit row keeps the old text).
        kept_text = data.units_text if data.units_text != locked.units_text or not performers_changed else ""
        locked.units_text, locked.note = kept_text, data.note
        locked.schedule_text = data.schedule_text.strip()
        locked.version += 1
        known = set(locked.assignments.values_list("pk", flat=True))
        locked.full_clean(exclude=["recurrence"])
        _apply_schedule(locked)
        locked.save()
        _set_performers(locked, data)
        if locked.plan.state == PlanState.ISSUED:
            _cascade(locked)
            notify_assigned(new_assignments([locked.pk], known), actor=actor)
        record_event(
            actor=actor,
            action="plans.update_task",
            obj=locked,
            unit=locked.plan.unit,
            before=before,
            after=snapshot(locked, TASK_FIELDS),
        )
    return locked


def do_issue_plan(plan: ReformPlan, *, actor) -> ReformPlan:
    """Issue the plan: lock it as the decision says and cascade every task to the units of its groups."""
    require(actor is None or can_manage_plan(actor, plan), _("You may not issue this plan."))
    with transaction.atomic():
        locked = ReformPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.state == PlanState.ISSUED:
            raise ValidationError(_("The plan has already been issued."))
        if not locked.decision_number or not locked.decision_date:
            raise ValidationError(_("Enter the decision number and date before issuing the plan."))
        if not locked.tasks.exists():
            raise ValidationError(_("The plan has no tasks."))
        created = sum(_cascade(task) for task in locked.tasks.prefetch_related("unit_groups"))
        locked.state = PlanState.ISSUED
        locked.issued_at = timezone.now()
        locked.version += 1
        locked.save()
        notify_assigned(new_assignments(locked.tasks.values_list("pk", flat=True), set()), actor=actor)
        record_event(
            actor=actor,
            action="plans.issue_plan",
            obj=locked,
            unit=locked.unit,
            after={"state": locked.state, "assignments_created": created},
        )
    return locked


def do_cancel_task(task: PlanTask, *, reason: str, actor) -> PlanTask:
    """Cancel a task (it stays in the plan, shown as cancelled, out of the rates)."""
    require(actor is None or can_manage_plan(actor, task.plan), _("You may not edit this plan."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for cancelling the task."))
    with transaction.atomic():
        locked = PlanTask.objects.select_for_update().get(pk=task.pk)
        if locked.cancelled_at:
            raise ValidationError(_("The task is already cancelled."))
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason.strip()
        locked.version += 1
        locked.save()
        record_event(
            actor=actor, action="plans.cancel_task", obj=locked, unit=locked.plan.unit, reason=reason
        )
    return locked


def do_report_progress(
    assignment: Assignment,
    *,
    text: str,
    percent: int | None = None,
    milestone: Milestone | None = None,
    product_reference: str = "",
    completed_on: dt.date | None = None,
    files: Sequence = (),
    actor,
) -> ProgressUpdate:
    """Record progress on an assignment with its evidence files; all files are checked before anything is saved."""
    require(can_report(actor, assignment), _("You may not report progress for this unit."))
    if not text.strip():
        raise ValidationError(_("Describe the progress."))
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError(_("The percentage must be between 0 and 100."))
    if milestone is not None and milestone.task_id != assignment.task_id:
        raise ValidationError(_("The milestone belongs to another task."))
    if completed_on is not None and completed_on > timezone.localdate():
        raise ValidationError(_("The completion date cannot be in the future."))
    if assignment.task.cancelled_at:
        raise ValidationError(_("The task was cancelled; progress can no longer be reported."))
    checked = [check_upload(f) for f in files]
    # uploads.atomic: the files written before a failure are removed with the rolled-back rows.
    with uploads.atomic():
        update = ProgressUpdate.objects.create(
            assignment=assignment,
            author=actor,
            text=text.strip(),
            percent=100 if completed_on and percent is None else percent,
            milestone=milestone,
            product_reference=product_reference.strip(),
            completed_on=completed_on,
        )
        for item in checked:
            evidence = Evidence(
                update=update,
                original_name=item.name[:255],
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
            )
            save_upload(evidence.file, item)
            evidence.save()
        record_event(
            actor=actor,
            action="plans.report_progress",
            obj=update,
            unit=assignment.unit,
            after={
                "assignment": assignment.pk,
                "percent": update.percent,
                "completed_on": completed_on,
                "product_reference": update.product_reference,
                "files": [c.name for c in checked],
            },
        )
    return update


TARGET_FIELDS = [
    "area_id",
    "text",
    "metric",
    "comparator",
    "target_value",
    "unit_of_measure",
    "baseline",
    "measured_value",
    "measured_source",
    "measured_on",
    "order",
]


def do_save_target(plan: ReformPlan, *, data: dict, target=None, actor):
    """Add a quantified target to the plan, or change one (including its measured value and source)."""
    from par.plans.models import Target

    require(actor is None or can_manage_plan(actor, plan), _("You may not edit this plan."))
    if data.get("area") is not None and data["area"].plan_id != plan.pk:
        raise ValidationError(_("The area belongs to another plan."))
    if data.get("measured_on") and data["measured_on"] > timezone.localdate():
        raise ValidationError(_("The measurement date cannot be in the future."))
    if data.get("measured_value") is not None and not (data.get("measured_source") or "").strip():
        raise ValidationError(_("Say where the measured value comes from."))
    if data.get("metric"):
        try:
            metrics.get(data["metric"])
        except metrics.UnknownMetricError:
            raise ValidationError(
                _("There is no live measure %(code)s.") % {"code": data["metric"]}
            ) from None
    with transaction.atomic():
        if target is not None:
            return audited_update(
                Target.objects.filter(pk=target.pk, plan=plan),
                data,
                actor=actor,
                action="plans.save_target",
                fields=TARGET_FIELDS,
                unit=plan.unit,
            )
        target = Target(plan=plan, order=plan.targets.count() + 1)
        for name, value in data.items():
            setattr(target, name, value)
        target.full_clean()
        target.save()
        record_event(
            actor=actor,
            action="plans.save_target",
            obj=target,
            unit=plan.unit,
            after=snapshot(target, TARGET_FIELDS),
        )
    return target
