"""Processing after receipt: assigning and moving through the steps of the process, approval, the result and
its return, withdrawal, and the apology with a new appointment date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from par.catalog.models import StepActor
from par.core.exceptions import require
from par.dossiers import clock, routing
from par.dossiers.access import is_clerk, is_leader, is_processor
from par.dossiers.actions.base import (
    S,
    begin,
    catalogue_steps,
    commit,
    finish_step,
    lock,
    now,
    open_step,
    person,
    received_due,
    start_step,
    state_in,
)
from par.dossiers.models import (
    OPEN_STATES,
    Dossier,
    DossierExtension,
    DossierResult,
    ReturnMethod,
)
from par.orgunits.models import Unit


def do_assign(
    dossier: Dossier, *, assignee, expected_version: int | None, actor, at: dt.datetime | None = None
) -> Dossier:
    """Assign (or reassign) the current step to an officer of the step's unit."""
    from par.accounts.access import has_role
    from par.dossiers.access import PROCESSORS

    at = now(at)
    with transaction.atomic():
        d = lock(dossier, expected_version)
        state_in(d, OPEN_STATES)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        step = open_step(d)
        if not has_role(assignee, step.unit, PROCESSORS):
            raise ValidationError(
                _("%(name)s is not a processing officer of %(unit)s.")
                % {"name": assignee.full_name or assignee.username, "unit": step.unit.name}
            )
        change = begin(d)
        previous = step.assignee
        step.assignee = assignee
        step.save(update_fields=["assignee"])
        if d.state == S.RECEIVED:
            d.state = S.IN_PROCESS
        action = "reassign" if previous is not None else "assign"
        commit(change, actor=actor, action=action, at=at, note=assignee.full_name or assignee.username)
    return d


def do_move_to_next_step(
    dossier: Dossier,
    *,
    expected_version: int | None,
    actor,
    unit=None,
    assignee=None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Finish the current step and hand the dossier to the next one (to another unit for inter-agency steps)."""
    at = now(at)
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d) or is_clerk(actor, d),
            _("Only the officers of the current step may do this."),
        )
        state_in(d, {S.RECEIVED, S.IN_PROCESS})
        current = open_step(d)
        following = [s for s in catalogue_steps(d) if s.position > current.position]
        if not following:
            raise ValidationError(_("This is the last step: submit the dossier for approval."))
        nxt = following[0]
        unit = routing.unit_for_step(d, nxt, unit, day=clock.local_day(at))
        change = begin(d)
        finish_step(d, at)
        step = start_step(d, nxt, at=at, unit=unit, assignee=assignee)
        d.state = S.IN_PROCESS
        commit(
            change, actor=actor, action="next_step", at=at, note=note, public_note=step.name, unit=step.unit
        )
    return d


def do_return_to_step(
    dossier: Dossier,
    *,
    position: int,
    note: str,
    expected_version: int | None,
    actor,
    at: dt.datetime | None = None,
) -> Dossier:
    """Send the dossier back to an earlier step of the process, with the reason."""
    at = now(at)
    if not note.strip():
        raise ValidationError(_("Say why the dossier is sent back."))
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        state_in(d, {S.IN_PROCESS, S.AWAITING_APPROVAL})
        earlier = [
            s for s in catalogue_steps(d) if s.position == position and s.position < open_step(d).position
        ]
        if not earlier:
            raise ValidationError(_("Choose an earlier step of this procedure."))
        previous_unit = (
            d.steps.filter(position=position).order_by("-sequence").values_list("unit", flat=True).first()
        )
        change = begin(d)
        finish_step(d, at)
        unit = Unit.objects.get(pk=previous_unit) if previous_unit else d.unit
        routing.require_alive(unit, clock.local_day(at))
        step = start_step(d, earlier[0], at=at, unit=unit)
        d.state = S.IN_PROCESS
        commit(change, actor=actor, action="return_step", at=at, note=note, public_note=step.name)
    return d


def do_submit_for_approval(
    dossier: Dossier, *, expected_version: int | None, actor, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Send the draft result to the signing leader; the leader's step of the process opens if there is one."""
    at = now(at)
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        state_in(d, {S.RECEIVED, S.IN_PROCESS})
        change = begin(d)
        leader = [
            s
            for s in catalogue_steps(d)
            if s.position > open_step(d).position and s.actor == StepActor.LEADER
        ]
        if leader:
            finish_step(d, at)
            start_step(d, leader[0], at=at, unit=d.unit)
        d.state = S.AWAITING_APPROVAL
        commit(
            change,
            actor=actor,
            action="submit_approval",
            at=at,
            note=note,
            public_note=_("Awaiting approval"),
        )
    return d


def _open_return_step(d: Dossier, *, at) -> None:
    """Open the process's "return the result" step when the step before it (signing) is done.

    It is the desk's step (performed by the reception-and-results desk of the receiving unit), so it opens at
    the receiving unit whatever unit signed; it stays open while the result waits at the desk and is completed
    when the result is handed over (`do_return_result`).
    """
    finished = d.current_step
    if finished is None:
        return
    after = [s for s in catalogue_steps(d) if s.position > finished.position]
    if after and after[0].actor == StepActor.RECEPTION:
        start_step(d, after[0], at=at, unit=d.unit)


def _at_return_step(d: Dossier) -> bool:
    step = d.current_step
    return step is not None and step.finished_at is None and step.actor_kind == StepActor.RECEPTION


def do_approve(
    dossier: Dossier, *, expected_version: int | None, actor, number: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The signing leader approves and signs the result."""
    at = now(at)
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(actor is None or is_leader(actor, d), _("Only a signing leader of this unit may approve."))
        state_in(d, {S.AWAITING_APPROVAL})
        change = begin(d)
        finish_step(d, at)
        _open_return_step(d, at=at)
        result, _created = DossierResult.objects.get_or_create(dossier=d)
        result.approved_at = at
        result.approved_by = person(actor)
        result.number = number
        result.save()
        d.state = S.APPROVED
        commit(change, actor=actor, action="approve", at=at, public_note=_("Approved"))
    return d


def do_issue_result(
    dossier: Dossier, *, expected_version: int | None, actor, summary: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The result reaches the desk: the dossier is resolved early, on time or late against its appointment."""
    at = now(at)
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(
            actor is None or is_clerk(actor, d) or is_processor(actor, d),
            _("Only the staff of this dossier's units may do this."),
        )
        state_in(d, {S.APPROVED})
        change = begin(d)
        if not _at_return_step(d):
            finish_step(d, at)
            d.current_step = None
        d.resolved_at = at
        d.resolved_on = clock.local_day(at)
        d.outcome = clock.outcome_of(at, received_due(d, d.due_date), d.due_at)
        DossierResult.objects.filter(dossier=d).update(issued_at=at, summary=summary)
        d.state = S.RESULT_READY
        commit(change, actor=actor, action="issue_result", at=at, public_note=_("Result ready"))
    return d


def do_return_result(
    dossier: Dossier, *, method: str, expected_version: int | None, actor, at: dt.datetime | None = None
) -> Dossier:
    """Hand the result to the applicant at the counter, by post or online."""
    at = now(at)
    if method not in ReturnMethod.values:
        raise ValidationError(_("Choose how the result was returned."))
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        state_in(d, {S.RESULT_READY})
        change = begin(d)
        # Handing the result over completes the process's last step ("return the result"), if it has one.
        finish_step(d, at)
        d.current_step = None
        DossierResult.objects.filter(dossier=d).update(returned_at=at, return_method=method)
        d.returned_at = at
        d.state = S.RETURNED
        commit(change, actor=actor, action="return_result", at=at, public_note=_("Result returned"))
    return d


def do_withdraw(
    dossier: Dossier, *, reason: str, expected_version: int | None, actor, at: dt.datetime | None = None
) -> Dossier:
    """Stop processing at the applicant's request (thông báo dừng giải quyết hồ sơ)."""
    at = now(at)
    if not reason.strip():
        raise ValidationError(_("Record the applicant's request to withdraw."))
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        state_in(d, {S.SUBMITTED, S.SUPPLEMENT_REQUESTED, *OPEN_STATES})
        change = begin(d)
        d.pauses.filter(resumed_at__isnull=True).update(resumed_at=at)
        finish_step(d, at)
        d.current_step = None
        d.state = S.WITHDRAWN
        d.closed_reason = reason
        commit(change, actor=actor, action="withdraw", at=at, note=reason, public_note=_("Withdrawn"))
    return d


def do_extend(
    dossier: Dossier,
    *,
    new_date: dt.date,
    reason: str,
    expected_version: int | None,
    actor,
    at: dt.datetime | None = None,
) -> Dossier:
    """Apologise and set a new appointment date; the unit of the current step is recorded as the cause."""
    at = now(at)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the delay."))
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        state_in(d, OPEN_STATES)
        previous = received_due(d, d.promised_date)
        if new_date <= previous:
            raise ValidationError(
                _("The new appointment date must be after %(date)s.") % {"date": f"{previous:%d/%m/%Y}"}
            )
        clock.check_new_appointment(
            previous=previous, new=new_date, unit=d.current_step.unit if d.current_step else d.unit
        )
        change = begin(d)
        DossierExtension.objects.create(
            dossier=d,
            created_at=at,
            created_by=person(actor),
            unit=d.current_step.unit if d.current_step else d.unit,
            previous_date=previous,
            new_date=new_date,
            reason=reason,
        )
        d.extended_due_date = new_date
        d.due_explanation = d.due_explanation + "\n" + clock.extension_text(previous=previous, new=new_date)
        commit(
            change,
            actor=actor,
            action="extend",
            at=at,
            note=reason,
            public_note=_("Apology and new appointment"),
        )
    return d
