"""Every change to a dossier: permission, change, history event, audit row and statistics in one transaction.

Each action locks the dossier row (select_for_update) and compares the version the user read, so of two
concurrent actions on one dossier the first wins and the second gets a ConflictError (HTTP 409 in the API).
`actor=None` is the system: the public online form, commands, the demo generator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.catalog.models import Procedure, StepActor
from par.core.exceptions import require
from par.dossiers import clock, completeness, rollups, routing
from par.dossiers.access import is_clerk, is_leader, is_processor
from par.dossiers.models import (
    OPEN_STATES,
    Channel,
    Dossier,
    DossierCounter,
    DossierDocument,
    DossierEvent,
    DossierExtension,
    DossierPause,
    DossierResult,
    DossierState,
    DossierStep,
    ReturnMethod,
)
from par.dossiers.signals import dossier_changed

S = DossierState
AUDIT_FIELDS = [
    "state",
    "received_at",
    "completeness_reason",
    "due_date",
    "legal_due_date",
    "due_at",
    "legal_due_at",
    "extended_due_date",
    "current_step_id",
    "resolved_at",
    "outcome",
    "returned_at",
]


def _state_in(d: Dossier, states, message: str | None = None) -> None:
    if d.state not in states:
        raise ValidationError(
            message
            or _("This action is not possible while the dossier is “%(state)s”.")
            % {"state": d.get_state_display()}
        )


def _lock(dossier: Dossier, expected_version: int | None) -> Dossier:
    # Lock the row so two officers acting at once cannot both pass the version check.
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("unit", "procedure", "procedure_version", "current_step__unit")
        .get(pk=dossier.pk)
    )
    locked.check_version(
        expected_version,
        _(
            "Dossier %(code)s was changed by someone else (%(what)s) while you were looking at it. "
            "Reload the page to see the change, then try again."
        )
        % {"code": locked.code, "what": locked.get_state_display()},
    )
    return locked


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


@dataclass
class _Change:
    dossier: Dossier
    before_state: str
    before_counts: object
    before_audit: dict


def _begin(d: Dossier) -> _Change:
    return _Change(d, d.state, rollups.contributions(d), {f: getattr(d, f) for f in AUDIT_FIELDS})


def _commit(
    change: _Change,
    *,
    actor,
    action: str,
    at: dt.datetime,
    note: str = "",
    public_note: str = "",
    unit=None,
) -> Dossier:
    """Save the dossier, append its event and audit row, move its statistics and announce it after commit."""
    d = change.dossier
    d.version += 1
    d.events_count += 1
    d.save()
    step = d.current_step
    DossierEvent.objects.create(
        dossier=d,
        sequence=d.events_count,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=change.before_state,
        to_state=d.state,
        step_name=step.name if step else "",
        unit=unit or (step.unit if step else d.unit),
        note=note,
        public_note=public_note[:255],
    )
    rollups.apply_delta(change.before_counts, rollups.contributions(d))
    record_event(
        actor=actor,
        action=f"dossiers.{action}",
        obj=d,
        unit=d.unit,
        before=change.before_audit,
        after={f: getattr(d, f) for f in AUDIT_FIELDS},
        reason=note,
    )
    code, pk = d.code, d.pk
    transaction.on_commit(lambda: dossier_changed.send(sender=Dossier, code=code, dossier_id=pk))
    return d


def _next_code(unit, day: dt.date) -> str:
    """`<unit code>-<yymmdd>-<nnnn>`, the daily sequence drawn under a row lock (decision 0070)."""
    counter, _created = DossierCounter.objects.get_or_create(unit=unit, day=day)
    counter = DossierCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{unit.code}-{day:%y%m%d}-{counter.last:04d}"


@dataclass
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class PaperDocument:
    """A document of the checklist received on paper, or an uploaded file checked by `check_upload`."""

    name: str
    required_document_id: int | None = None
    originals: int = 0
    copies: int = 0
    upload: object | None = None


def do_file_dossier(
    *,
    unit,
    procedure: Procedure,
    applicant: Applicant,
    channel: str,
    documents: list[PaperDocument] = (),
    note: str = "",
    actor,
    at: dt.datetime | None = None,
) -> Dossier:
    """Register a dossier as filed (submitted, awaiting the completeness check) and give it its code."""
    at = _now(at)
    if actor is not None:
        require(_is_clerk_of(actor, unit), _("Only the one-stop clerks of this unit may file dossiers."))
    elif channel != Channel.ONLINE:
        raise PermissionDenied(_("Only online dossiers are filed without a clerk."))
    if not applicant.name.strip():
        raise ValidationError(_("Enter the applicant's name."))
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    version = procedure.version_on(clock.local_day(at))
    if version is None:
        raise ValidationError(
            _("Procedure %(code)s has no version in force on %(date)s.")
            % {"code": procedure.code, "date": f"{clock.local_day(at):%d/%m/%Y}"}
        )
    if not (procedure.at_commune if unit.level == "commune" else procedure.at_province):
        raise ValidationError(_("This procedure is not performed at the level of this unit."))
    return _with_file_cleanup(
        lambda: _file(unit, procedure, version, applicant, channel, documents, note, actor, at)
    )


def _file(unit, procedure, version, applicant, channel, documents, note, actor, at) -> Dossier:
    with transaction.atomic():
        d = Dossier(
            code=_next_code(unit, clock.local_day(at)),
            unit=unit,
            procedure=procedure,
            procedure_version=version,
            channel=channel,
            state=S.SUBMITTED,
            applicant_name=applicant.name.strip(),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            note=note,
            submitted_at=at,
            legal_days=version.legal_days,
            committed_days=version.committed_days,
            version=0,
        )
        d.full_clean(exclude=["current_step", "version"])
        d.save()
        change = _begin(d)
        change.before_state = ""
        _add_documents(d, documents, at=at)
        _commit(change, actor=actor, action="file", at=at, note=note, public_note=_("Dossier filed"))
    return d


def _is_clerk_of(user, unit) -> bool:
    from par.accounts.access import has_role
    from par.dossiers.access import CLERKS

    return has_role(user, unit, CLERKS)


def _add_documents(d: Dossier, documents, *, at, kind="submitted") -> None:
    for doc in documents:
        row = DossierDocument(
            dossier=d,
            required_document_id=doc.required_document_id,
            name=doc.name[:500],
            originals=doc.originals,
            copies=doc.copies,
            kind=kind,
            received_at=at,
        )
        if doc.upload is not None:
            row.content_type = getattr(doc.upload, "content_type", "")
            row.size = doc.upload.size
            row.file.save(doc.upload.name, doc.upload, save=False)
            stored = _stored_files.get()
            if stored is not None:
                stored.append((row.file.storage, row.file.name))
        row.save()


# Files written by the running action (per thread / task); removed when its transaction fails, because files
# are not transactional.
_stored_files: ContextVar[list | None] = ContextVar("dossier_stored_files", default=None)


def _with_file_cleanup(function):
    """Run `function()`; on any error delete the files it stored, then re-raise."""
    stored: list = []
    token = _stored_files.set(stored)
    try:
        return function()
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_files.reset(token)


def _start_step(d: Dossier, catalogue_step, *, at, unit=None, assignee=None) -> DossierStep:
    sequence = (d.steps.order_by("-sequence").values_list("sequence", flat=True).first() or 0) + 1
    if catalogue_step is None:
        position, name, actor_kind, days = 1, _("Process the dossier"), StepActor.SPECIALIST, d.committed_days
    else:
        position, name, actor_kind, days = (
            catalogue_step.position,
            catalogue_step.name,
            catalogue_step.actor,
            catalogue_step.days,
        )
    unit = unit or d.unit
    step = DossierStep.objects.create(
        dossier=d,
        sequence=sequence,
        position=position,
        name=name,
        actor_kind=actor_kind,
        days=days,
        unit=unit,
        assignee=assignee,
        started_at=at,
        due_date=clock.step_due(started_at=at, days=days, unit=unit, version=d.procedure_version),
    )
    d.current_step = step
    return step


def _finish_step(d: Dossier, at) -> None:
    step = d.current_step
    if step is not None and step.finished_at is None:
        step.finished_at = at
        step.outcome = clock.outcome_of(at, step.due_date)
        step.save(update_fields=["finished_at", "outcome"])


def _catalogue_steps(d: Dossier) -> list:
    return list(d.procedure_version.steps.order_by("position"))


def do_receive_complete(
    dossier: Dossier,
    *,
    expected_version: int | None,
    actor,
    at=None,
    checked: Iterable[int] = (),
    reason: str = "",
) -> Dossier:
    """Accept a complete, valid dossier: the clock starts, the first step opens, the receipt can be printed.

    `checked` are the required documents (ids of the version's checklist) the clerk checks off now, besides
    those recorded when the dossier was filed; each one left unchecked needs `reason` (decision 0151).
    """
    at = _now(at)
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        _state_in(d, {S.SUBMITTED})
        change = _begin(d)
        note = completeness.require_complete(completeness.check_off(d, checked, at=at), reason)
        d.completeness_reason = reason.strip() if note else ""
        started = clock.start_clock(received_at=at, unit=d.unit, version=d.procedure_version)
        d.received_at = at
        d.received_on = clock.local_day(at)
        d.received_by = actor if getattr(actor, "is_authenticated", False) else None
        d.due_date, d.legal_due_date, d.due_explanation = (
            started.due_date,
            started.legal_due_date,
            started.explanation,
        )
        d.due_at, d.legal_due_at = started.due_at, started.legal_due_at
        d.state = S.RECEIVED
        steps = _catalogue_steps(d)
        _start_step(d, steps[0] if steps else None, at=at)
        _commit(change, actor=actor, action="receive", at=at, note=note, public_note=_("Received complete"))
    return d


def do_request_supplement(
    dossier: Dossier, *, reason: str, expected_version: int | None, actor, at=None
) -> Dossier:
    """Ask once, in writing, for what is missing; after complete receipt this stops the clock."""
    at = _now(at)
    if not reason.strip():
        raise ValidationError(_("Say what the applicant must supplement."))
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        _state_in(d, {S.SUBMITTED, *OPEN_STATES} - {S.APPROVED})
        if d.state == S.SUBMITTED:
            require(
                actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this.")
            )
        else:
            require(
                actor is None or is_processor(actor, d),
                _("Only the officers of the current step may do this."),
            )
        change = _begin(d)
        pause = DossierPause(
            dossier=d,
            requested_at=at,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            reason=reason,
            resume_state=d.state,
            stops_clock=d.received_at is not None,
        )
        if pause.stops_clock:
            pause.remaining_days = clock.remaining_days(paused_at=at, due=d.due_date, unit=d.unit)
            pause.remaining_legal_days = clock.remaining_days(paused_at=at, due=d.legal_due_date, unit=d.unit)
            pause.remaining_minutes = clock.remaining_time(paused_at=at, due_at=d.due_at, unit=d.unit)
            pause.remaining_legal_minutes = clock.remaining_time(
                paused_at=at, due_at=d.legal_due_at, unit=d.unit
            )
            if d.current_step is not None:
                pause.remaining_step_days = clock.remaining_days(
                    paused_at=at, due=d.current_step.due_date, unit=d.current_step.unit
                )
        pause.save()
        d.state = S.SUPPLEMENT_REQUESTED
        _commit(
            change,
            actor=actor,
            action="request_supplement",
            at=at,
            note=reason,
            public_note=_("Supplement requested"),
        )
    return d


def do_receive_supplement(
    dossier: Dossier, *, expected_version: int | None, actor, at=None, documents: list[PaperDocument] = ()
) -> Dossier:
    """Record the supplement; a stopped clock continues with the working days it had left."""
    at = _now(at)
    return _with_file_cleanup(lambda: _supplement(dossier, expected_version, actor, at, documents))


def _supplement(dossier, expected_version, actor, at, documents) -> Dossier:
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d) or is_processor(actor, d), _("You may not do this."))
        _state_in(d, {S.SUPPLEMENT_REQUESTED})
        change = _begin(d)
        pause = d.pauses.get(resumed_at__isnull=True)
        pause.resumed_at = at
        pause.save(update_fields=["resumed_at"])
        _add_documents(d, documents, at=at, kind="supplement")
        if pause.stops_clock:
            resumed = clock.resume_clock(
                resumed_at=at,
                paused_at=pause.requested_at,
                remaining=pause.remaining_days or 0,
                remaining_legal=pause.remaining_legal_days or 0,
                unit=d.unit,
                version=d.procedure_version,
                remaining_minutes=pause.remaining_minutes,
                remaining_legal_minutes=pause.remaining_legal_minutes,
            )
            d.due_date, d.legal_due_date = resumed.due_date, resumed.legal_due_date
            d.due_at, d.legal_due_at = resumed.due_at, resumed.legal_due_at
            d.due_explanation = d.due_explanation + "\n" + resumed.explanation
            if d.extended_due_date is not None and d.extended_due_date <= d.due_date:
                d.extended_due_date = None
            step = d.current_step
            if step is not None and pause.remaining_step_days is not None:
                step.due_date = clock.step_due(
                    started_at=at, days=pause.remaining_step_days, unit=step.unit, version=d.procedure_version
                )
                step.save(update_fields=["due_date"])
        d.state = pause.resume_state
        _commit(change, actor=actor, action="receive_supplement", at=at, public_note=_("Supplement received"))
    return d


def do_refuse(dossier: Dossier, *, reason: str, expected_version: int | None, actor, at=None) -> Dossier:
    """Refuse to accept the dossier (not eligible, not in the list, wrong authority), with the reason."""
    at = _now(at)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the refusal."))
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        _state_in(d, {S.SUBMITTED, S.SUPPLEMENT_REQUESTED})
        if d.received_at is not None:
            raise ValidationError(_("A dossier received complete cannot be refused any more."))
        change = _begin(d)
        d.pauses.filter(resumed_at__isnull=True).update(resumed_at=at)
        d.state = S.REFUSED
        d.closed_reason = reason
        _commit(change, actor=actor, action="refuse", at=at, note=reason, public_note=_("Refused"))
    return d


def do_assign(dossier: Dossier, *, assignee, expected_version: int | None, actor, at=None) -> Dossier:
    """Assign (or reassign) the current step to an officer of the step's unit."""
    from par.accounts.access import has_role
    from par.dossiers.access import PROCESSORS

    at = _now(at)
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        _state_in(d, OPEN_STATES)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        step = d.current_step
        if not has_role(assignee, step.unit, PROCESSORS):
            raise ValidationError(
                _("%(name)s is not a processing officer of %(unit)s.")
                % {"name": assignee.full_name or assignee.username, "unit": step.unit.name}
            )
        change = _begin(d)
        previous = step.assignee
        step.assignee = assignee
        step.save(update_fields=["assignee"])
        if d.state == S.RECEIVED:
            d.state = S.IN_PROCESS
        action = "reassign" if previous is not None else "assign"
        _commit(change, actor=actor, action=action, at=at, note=assignee.full_name or assignee.username)
    return d


def do_move_to_next_step(
    dossier: Dossier,
    *,
    expected_version: int | None,
    actor,
    unit=None,
    assignee=None,
    note: str = "",
    at=None,
) -> Dossier:
    """Finish the current step and hand the dossier to the next one (to another unit for inter-agency steps)."""
    at = _now(at)
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d) or is_clerk(actor, d),
            _("Only the officers of the current step may do this."),
        )
        _state_in(d, {S.RECEIVED, S.IN_PROCESS})
        current = d.current_step
        following = [s for s in _catalogue_steps(d) if s.position > current.position]
        if not following:
            raise ValidationError(_("This is the last step: submit the dossier for approval."))
        nxt = following[0]
        unit = routing.unit_for_step(d, nxt, unit, day=clock.local_day(at))
        change = _begin(d)
        _finish_step(d, at)
        step = _start_step(d, nxt, at=at, unit=unit, assignee=assignee)
        d.state = S.IN_PROCESS
        _commit(
            change, actor=actor, action="next_step", at=at, note=note, public_note=step.name, unit=step.unit
        )
    return d


def do_return_to_step(
    dossier: Dossier, *, position: int, note: str, expected_version: int | None, actor, at=None
) -> Dossier:
    """Send the dossier back to an earlier step of the process, with the reason."""
    at = _now(at)
    if not note.strip():
        raise ValidationError(_("Say why the dossier is sent back."))
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        _state_in(d, {S.IN_PROCESS, S.AWAITING_APPROVAL})
        earlier = [
            s for s in _catalogue_steps(d) if s.position == position and s.position < d.current_step.position
        ]
        if not earlier:
            raise ValidationError(_("Choose an earlier step of this procedure."))
        previous_unit = (
            d.steps.filter(position=position).order_by("-sequence").values_list("unit", flat=True).first()
        )
        change = _begin(d)
        _finish_step(d, at)
        from par.orgunits.models import Unit

        unit = Unit.objects.get(pk=previous_unit) if previous_unit else d.unit
        routing.require_alive(unit, clock.local_day(at))
        step = _start_step(d, earlier[0], at=at, unit=unit)
        d.state = S.IN_PROCESS
        _commit(change, actor=actor, action="return_step", at=at, note=note, public_note=step.name)
    return d


def do_submit_for_approval(
    dossier: Dossier, *, expected_version: int | None, actor, note: str = "", at=None
) -> Dossier:
    """Send the draft result to the signing leader; the leader's step of the process opens if there is one."""
    at = _now(at)
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        _state_in(d, {S.RECEIVED, S.IN_PROCESS})
        change = _begin(d)
        leader = [
            s
            for s in _catalogue_steps(d)
            if s.position > d.current_step.position and s.actor == StepActor.LEADER
        ]
        if leader:
            _finish_step(d, at)
            _start_step(d, leader[0], at=at, unit=d.unit)
        d.state = S.AWAITING_APPROVAL
        _commit(
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
    after = [s for s in _catalogue_steps(d) if s.position > finished.position]
    if after and after[0].actor == StepActor.RECEPTION:
        _start_step(d, after[0], at=at, unit=d.unit)


def _at_return_step(d: Dossier) -> bool:
    step = d.current_step
    return step is not None and step.finished_at is None and step.actor_kind == StepActor.RECEPTION


def do_approve(
    dossier: Dossier, *, expected_version: int | None, actor, number: str = "", at=None
) -> Dossier:
    """The signing leader approves and signs the result."""
    at = _now(at)
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(actor is None or is_leader(actor, d), _("Only a signing leader of this unit may approve."))
        _state_in(d, {S.AWAITING_APPROVAL})
        change = _begin(d)
        _finish_step(d, at)
        _open_return_step(d, at=at)
        result, _created = DossierResult.objects.get_or_create(dossier=d)
        result.approved_at = at
        result.approved_by = actor if getattr(actor, "is_authenticated", False) else None
        result.number = number
        result.save()
        d.state = S.APPROVED
        _commit(change, actor=actor, action="approve", at=at, public_note=_("Approved"))
    return d


def do_issue_result(
    dossier: Dossier, *, expected_version: int | None, actor, summary: str = "", at=None
) -> Dossier:
    """The result reaches the desk: the dossier is resolved early, on time or late against its appointment."""
    at = _now(at)
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(
            actor is None or is_clerk(actor, d) or is_processor(actor, d),
            _("Only the staff of this dossier's units may do this."),
        )
        _state_in(d, {S.APPROVED})
        change = _begin(d)
        if not _at_return_step(d):
            _finish_step(d, at)
            d.current_step = None
        d.resolved_at = at
        d.resolved_on = clock.local_day(at)
        d.outcome = clock.outcome_of(at, d.due_date, d.due_at)
        DossierResult.objects.filter(dossier=d).update(issued_at=at, summary=summary)
        d.state = S.RESULT_READY
        _commit(change, actor=actor, action="issue_result", at=at, public_note=_("Result ready"))
    return d


def do_return_result(
    dossier: Dossier, *, method: str, expected_version: int | None, actor, at=None
) -> Dossier:
    """Hand the result to the applicant at the counter, by post or online."""
    at = _now(at)
    if method not in ReturnMethod.values:
        raise ValidationError(_("Choose how the result was returned."))
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        _state_in(d, {S.RESULT_READY})
        change = _begin(d)
        # Handing the result over completes the process's last step ("return the result"), if it has one.
        _finish_step(d, at)
        d.current_step = None
        DossierResult.objects.filter(dossier=d).update(returned_at=at, return_method=method)
        d.returned_at = at
        d.state = S.RETURNED
        _commit(change, actor=actor, action="return_result", at=at, public_note=_("Result returned"))
    return d


def do_withdraw(dossier: Dossier, *, reason: str, expected_version: int | None, actor, at=None) -> Dossier:
    """Stop processing at the applicant's request (thông báo dừng giải quyết hồ sơ)."""
    at = _now(at)
    if not reason.strip():
        raise ValidationError(_("Record the applicant's request to withdraw."))
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        _state_in(d, {S.SUBMITTED, S.SUPPLEMENT_REQUESTED, *OPEN_STATES})
        change = _begin(d)
        d.pauses.filter(resumed_at__isnull=True).update(resumed_at=at)
        _finish_step(d, at)
        d.current_step = None
        d.state = S.WITHDRAWN
        d.closed_reason = reason
        _commit(change, actor=actor, action="withdraw", at=at, note=reason, public_note=_("Withdrawn"))
    return d


def do_extend(
    dossier: Dossier, *, new_date: dt.date, reason: str, expected_version: int | None, actor, at=None
) -> Dossier:
    """Apologise and set a new appointment date; the unit of the current step is recorded as the cause."""
    at = _now(at)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the delay."))
    with transaction.atomic():
        d = _lock(dossier, expected_version)
        require(
            actor is None or is_processor(actor, d), _("Only the officers of the current step may do this.")
        )
        _state_in(d, OPEN_STATES)
        previous = d.promised_date
        if new_date <= previous:
            raise ValidationError(
                _("The new appointment date must be after %(date)s.") % {"date": f"{previous:%d/%m/%Y}"}
            )
        clock.check_new_appointment(
            previous=previous, new=new_date, unit=d.current_step.unit if d.current_step else d.unit
        )
        change = _begin(d)
        DossierExtension.objects.create(
            dossier=d,
            created_at=at,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            unit=d.current_step.unit if d.current_step else d.unit,
            previous_date=previous,
            new_date=new_date,
            reason=reason,
        )
        d.extended_due_date = new_date
        d.due_explanation = d.due_explanation + "\n" + clock.extension_text(previous=previous, new=new_date)
        _commit(
            change,
            actor=actor,
            action="extend",
            at=at,
            note=reason,
            public_note=_("Apology and new appointment"),
        )
    return d
