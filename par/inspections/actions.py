"""Every change to inspections: permission check, change and audit row in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.audit.updates import audited_update
from par.core.exceptions import require
from par.inspections.access import can_follow_up, can_inspect
from par.inspections.models import Finding, FollowUp, Inspection, InspectionPlan
from par.orgunits.models import Unit


def do_create_inspection_plan(
    *,
    unit: Unit,
    year: int,
    title: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    actor,
) -> InspectionPlan:
    """Create a unit's PAR inspection plan for a year."""
    require(can_inspect(actor, unit), _("You may not plan inspections for this unit."))
    if not (title or "").strip():
        raise ValidationError(_("Give the plan a title."))
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            unit=unit,
            year=year,
            title=title.strip(),
            decision_number=decision_number,
            decision_date=decision_date,
        )
        record_event(actor=actor, action="inspections.create_plan", obj=plan, unit=unit, after=snapshot(plan))
    return plan


def do_schedule_inspection(
    plan: InspectionPlan, *, inspected_unit: Unit, scheduled_on: dt.date, actor
) -> Inspection:
    """Add a unit to inspect under the plan; only units below the inspecting unit can be inspected."""
    require(can_inspect(actor, plan.unit), _("You may not change this inspection plan."))
    if inspected_unit.pk == plan.unit_id or plan.unit_id not in inspected_unit.ancestor_ids:
        raise ValidationError(_("Only a unit below the inspecting unit can be inspected."))
    if scheduled_on.year != plan.year:
        raise ValidationError(
            _("The inspection must fall in the plan's year (%(year)s).") % {"year": plan.year}
        )
    with transaction.atomic():
        inspection = Inspection.objects.create(
            plan=plan, inspected_unit=inspected_unit, scheduled_on=scheduled_on
        )
        record_event(
            actor=actor,
            action="inspections.schedule",
            obj=inspection,
            unit=plan.unit,
            after=snapshot(inspection),
        )
    return inspection


def do_record_inspection(
    inspection: Inspection, *, held_on: dt.date, conclusion: str, expected_version: int | None, actor
) -> Inspection:
    """Record that the inspection was held, with its conclusion."""
    require(can_inspect(actor, inspection.plan.unit), _("You may not change this inspection."))
    if held_on > timezone.localdate():
        raise ValidationError(_("An inspection cannot be held in the future."))
    with transaction.atomic():
        return audited_update(
            inspection,
            {"held_on": held_on, "conclusion": (conclusion or "").strip()},
            actor=actor,
            action="inspections.record",
            expected_version=expected_version,
            fields=["held_on", "conclusion"],
            unit=inspection.plan.unit,
        )


def do_add_finding(inspection: Inspection, *, text: str, area: str, due_on: dt.date | None, actor) -> Finding:
    """Record an issue found by a held inspection."""
    require(can_inspect(actor, inspection.plan.unit), _("You may not change this inspection."))
    if inspection.held_on is None:
        raise ValidationError(_("Record the inspection as held before adding findings."))
    if not (text or "").strip():
        raise ValidationError(_("Describe the finding."))
    with transaction.atomic():
        finding = Finding.objects.create(inspection=inspection, text=text.strip(), area=area, due_on=due_on)
        record_event(
            actor=actor,
            action="inspections.add_finding",
            obj=finding,
            unit=inspection.inspected_unit,
            after=snapshot(finding),
        )
    return finding


def do_add_follow_up(finding: Finding, *, text: str, actor) -> FollowUp:
    """The inspected unit (or the inspectors) report what was done about a finding."""
    require(can_follow_up(actor, finding), _("You may not follow up this finding."))
    if not (text or "").strip():
        raise ValidationError(_("Say what was done."))
    if finding.closed_on:
        raise ValidationError(_("This finding is closed."))
    with transaction.atomic():
        step = FollowUp.objects.create(finding=finding, text=text.strip(), author=actor)
        record_event(
            actor=actor,
            action="inspections.follow_up",
            obj=finding,
            unit=finding.inspection.inspected_unit,
            after={"text": step.text},
        )
    return step


def _open(finding: Finding) -> None:
    if finding.closed_on:
        raise ValidationError(_("This finding is closed."))


def do_close_finding(
    finding: Finding, *, closed_on: dt.date, note: str, expected_version: int | None, actor
) -> Finding:
    """The inspecting unit closes a finding once it is fixed."""
    require(can_inspect(actor, finding.inspection.plan.unit), _("Only the inspecting unit closes a finding."))
    if not (note or "").strip():
        raise ValidationError(_("Say how the finding was fixed."))
    held_on = finding.inspection.held_on
    assert held_on is not None  # findings are added only to inspections recorded as held
    if closed_on > timezone.localdate() or closed_on < held_on:
        raise ValidationError(_("The closing date must lie between the inspection and today."))
    with transaction.atomic():
        return audited_update(
            finding,
            {"closed_on": closed_on, "closure_note": note.strip()},
            actor=actor,
            action="inspections.close_finding",
            expected_version=expected_version,
            check=_open,
            fields=["closed_on", "closure_note"],
            unit=finding.inspection.inspected_unit,
        )
