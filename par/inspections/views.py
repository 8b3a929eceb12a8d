"""Inspection pages: plans and inspections in scope, a plan with its inspections, an inspection with findings.

Each form posts to the page it is on; the actions check the rules and their refusals are shown as messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from par.accounts.access import access_unit, visible_units
from par.core.forms import posted
from par.core.http import VALIDATION, Outcome, run_action
from par.inspections import actions
from par.inspections.access import (
    INSPECTORS,
    access_finding,
    access_inspection,
    access_plan,
    can_follow_up,
    can_inspect,
    visible_inspections,
    visible_plans,
)
from par.inspections.forms import InspectionStepForm, PlanForm, ScheduleForm
from par.inspections.models import Finding, FindingArea

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

GET_POST = require_http_methods(["GET", "POST"])


class FindingShown(TypedDict):
    """What the inspection page sets on each finding it lists."""

    current_status: str
    can_follow_up: bool


if TYPE_CHECKING:
    ShownFinding = WithAnnotations[Finding, FindingShown]


def _bad_date(request) -> Outcome:
    """A date the page cannot read is invalid input, refused like an action's ValidationError."""
    message = _("Enter the date as dd/mm/yyyy.")
    messages.error(request, message)
    return Outcome(errors=[message], status=VALIDATION)


@login_required
@GET_POST
def inspection_list(request):
    status = 200
    units = visible_units(request.user)
    own = list(units.filter(memberships__user=request.user, memberships__role__in=INSPECTORS).distinct())
    if request.method == "POST":
        data = posted(PlanForm, request)
        unit = access_unit(request.user, data["unit"])
        outcome = run_action(
            request,
            actions.do_create_inspection_plan,
            unit=unit,
            year=data["year"] or timezone.localdate().year,
            title=data["title"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            actor=request.user,
        )
        if outcome.ok:
            return redirect("inspections:plan_detail", outcome.value.pk)
        status = outcome.status
    context = {
        "plans": visible_plans(request.user).select_related("unit"),
        "inspections": visible_inspections(request.user)
        .select_related("plan__unit", "inspected_unit")
        .order_by("-scheduled_on"),
        "own_units": own,
        "year": timezone.localdate().year,
        "active_nav": "inspections",
    }
    return render(request, "inspections/inspection_list.html", context, status=status)


@login_required
@GET_POST
def plan_detail(request, pk: int):
    plan = access_plan(request.user, pk)
    status = 200
    if request.method == "POST":
        plan = access_plan(request.user, pk, write=True)
        data = posted(ScheduleForm, request)
        unit = access_unit(request.user, data["inspected_unit"])
        day = data["scheduled_on"]
        outcome = (
            _bad_date(request)
            if day is None
            else run_action(
                request,
                actions.do_schedule_inspection,
                plan,
                inspected_unit=unit,
                scheduled_on=day,
                actor=request.user,
            )
        )
        if outcome.ok:
            return redirect("inspections:plan_detail", plan.pk)
        status = outcome.status
    context = {
        "plan": plan,
        "inspections": plan.inspections.select_related("inspected_unit").order_by("scheduled_on"),
        "candidates": visible_units(request.user)
        .filter(path__startswith=plan.unit.path)
        .exclude(pk=plan.unit_id)
        .order_by("path")[:500],
        "can_inspect": can_inspect(request.user, plan.unit),
        "active_nav": "inspections",
    }
    return render(request, "inspections/plan_detail.html", context, status=status)


@login_required
@GET_POST
def inspection_detail(request, pk: int):
    inspection = access_inspection(request.user, pk)
    status = 200
    if request.method == "POST":
        data = posted(InspectionStepForm, request)
        step = data["step"]
        outcome = None
        if step == "record":
            day = data["held_on"]
            outcome = (
                _bad_date(request)
                if day is None
                else run_action(
                    request,
                    actions.do_record_inspection,
                    inspection,
                    held_on=day,
                    conclusion=data["conclusion"],
                    expected_version=data["version"],
                    actor=request.user,
                )
            )
        elif step == "finding":
            area = data["area"] if data["area"] in FindingArea.values else FindingArea.PAR
            outcome = run_action(
                request,
                actions.do_add_finding,
                inspection,
                text=data["text"],
                area=area,
                due_on=data["due_on"],
                actor=request.user,
            )
        elif step in ("follow_up", "close"):
            finding = access_finding(request.user, data["finding"])
            if finding.inspection_id != inspection.pk:
                raise PermissionDenied
            if step == "follow_up":
                outcome = run_action(
                    request,
                    actions.do_add_follow_up,
                    finding,
                    text=data["text"],
                    actor=request.user,
                )
            else:
                day = data["closed_on"]
                outcome = (
                    _bad_date(request)
                    if day is None
                    else run_action(
                        request,
                        actions.do_close_finding,
                        finding,
                        closed_on=day,
                        note=data["note"],
                        expected_version=data["version"],
                        actor=request.user,
                    )
                )
        if outcome is not None:
            if outcome.ok:
                return redirect("inspections:inspection_detail", inspection.pk)
            status = outcome.status
    today = timezone.localdate()
    findings = cast("list[ShownFinding]", list(inspection.findings.prefetch_related("follow_ups__author")))
    # Who may follow up depends on the inspection only: asked once, not per finding.
    may_follow_up = bool(findings) and can_follow_up(request.user, findings[0])
    for finding in findings:
        finding.inspection = inspection
        finding.current_status = finding.status(today)
        finding.can_follow_up = may_follow_up
    context = {
        "inspection": inspection,
        "findings": findings,
        "areas": FindingArea.choices,
        "can_inspect": can_inspect(request.user, inspection.plan.unit),
        "active_nav": "inspections",
    }
    return render(request, "inspections/inspection_detail.html", context, status=status)
