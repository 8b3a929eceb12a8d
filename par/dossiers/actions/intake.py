"""Intake at the one-stop desk: filing, the completeness check (receive, ask for a supplement, refuse) and the
supplement. Uploaded files are checked before the transaction and written inside `uploads.atomic()`, so a
refused or rolled-back action leaves no file on disk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from par.calendars.services import calendar_for_unit
from par.catalog.models import ONLINE_LEVELS, Procedure, ProcedureVersion
from par.core.exceptions import require
from par.core.text import search_key
from par.documents import uploads
from par.documents.uploads import CheckedFile, check_upload, save_upload
from par.dossiers import clock, completeness
from par.dossiers.access import is_clerk, is_processor
from par.dossiers.actions.base import (
    S,
    begin,
    catalogue_steps,
    commit,
    lock,
    next_code,
    now,
    person,
    start_step,
    state_in,
)
from par.dossiers.models import OPEN_STATES, Channel, Dossier, DossierDocument, DossierPause

# The completeness check the counter form records with the filing (`do_file_and_check`).
RECEIVE, SUPPLEMENT, REFUSE = "receive", "supplement", "refuse"
DECISIONS = (RECEIVE, SUPPLEMENT, REFUSE)


@dataclass
class Applicant:
    """Who files the dossier, as the clerk or the online form records them."""

    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class PaperDocument:
    """A document of the checklist received on paper, or an uploaded file (checked by the action)."""

    name: str
    required_document_id: int | None = None
    originals: int = 0
    copies: int = 0
    upload: Any = None


Received = list[tuple[PaperDocument, CheckedFile | None]]


def _check_documents(documents: Iterable[PaperDocument]) -> Received:
    """Each document with its upload checked (type, size, content); a refused file refuses the action."""
    return [(doc, check_upload(doc.upload) if doc.upload is not None else None) for doc in documents]


def _is_clerk_of(user, unit) -> bool:
    from par.accounts.access import has_role
    from par.dossiers.access import CLERKS

    return has_role(user, unit, CLERKS)


def _may_file(
    *, unit, procedure: Procedure, applicant: Applicant, channel: str, actor, at
) -> ProcedureVersion:
    """The permission and rules of filing; returns the procedure version in force."""
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
    if channel == Channel.ONLINE and version.online_level not in ONLINE_LEVELS:
        # Decree 42/2022/NĐ-CP: only full and partial online public services take an application online
        # (decision 0108); the others are filed at the one-stop desk or by post.
        raise ValidationError(
            {
                "procedure": _(
                    "“%(name)s” cannot be filed online: it is not an online public service. File it at the "
                    "one-stop desk of the unit or by post."
                )
                % {"name": procedure.name}
            }
        )
    return version


def do_file_dossier(
    *,
    unit,
    procedure: Procedure,
    applicant: Applicant,
    channel: str,
    documents: Sequence[PaperDocument] = (),
    note: str = "",
    actor,
    at: dt.datetime | None = None,
) -> Dossier:
    """Register a dossier as filed (submitted, awaiting the completeness check) and give it its code."""
    at = now(at)
    version = _may_file(
        unit=unit, procedure=procedure, applicant=applicant, channel=channel, actor=actor, at=at
    )
    received = _check_documents(documents)
    with uploads.atomic():
        return _file(unit, procedure, version, applicant, channel, received, note, actor, at)


def do_file_and_check(
    *,
    unit,
    procedure: Procedure,
    applicant: Applicant,
    channel: str,
    decision: str,
    documents: Sequence[PaperDocument] = (),
    reason: str = "",
    missing_reason: str = "",
    actor,
    at: dt.datetime | None = None,
) -> Dossier:
    """File a dossier at the counter and record its completeness check at once: `receive` it complete, ask
    for a `supplement`, or `refuse` it with `reason`. One unit of work: a refused check leaves no dossier, no
    code drawn and no file behind; an accepted one has both events (filed, then checked) and their audit rows."""
    at = now(at)
    if decision not in DECISIONS:
        raise ValidationError(_("Choose the result of the completeness check."))
    version = _may_file(
        unit=unit, procedure=procedure, applicant=applicant, channel=channel, actor=actor, at=at
    )
    received = _check_documents(documents)
    with uploads.atomic():
        d = _file(unit, procedure, version, applicant, channel, received, "", actor, at)
        # The filing clerk is a clerk of the dossier's unit: the check needs no second permission test.
        if decision == RECEIVE:
            return _receive(d, actor=actor, at=at, checked=(), reason=missing_reason)
        if decision == SUPPLEMENT:
            return _request_supplement(d, reason=reason, actor=actor, at=at)
        return _refuse(d, reason=reason, actor=actor, at=at)


def _file(unit, procedure, version, applicant, channel, received: Received, note, actor, at) -> Dossier:
    with transaction.atomic():
        d = Dossier(
            code=next_code(unit, clock.local_day(at)),
            unit=unit,
            procedure=procedure,
            procedure_version=version,
            channel=channel,
            state=S.SUBMITTED,
            applicant_name=applicant.name.strip(),
            applicant_folded=search_key(applicant.name),
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
        # The unit, procedure and version were read and checked by the caller, the code comes from the locked
        # counter (its unique index still stands) and a dossier just filed has no result for the one check
        # constraint to test: the fields are validated without a query.
        d.full_clean(
            exclude=["current_step", "version", "unit", "procedure", "procedure_version"],
            validate_unique=False,
            validate_constraints=False,
        )
        d.save()
        change = begin(d)
        change.before_state = ""
        _add_documents(d, received, at=at)
        commit(change, actor=actor, action="file", at=at, note=note, public_note=_("Dossier filed"))
    return d


def _add_documents(d: Dossier, received: Received, *, at: dt.datetime, kind: str = "submitted") -> None:
    """The document rows; an upload's file is written inside the caller's `uploads.atomic()`."""
    for doc, checked in received:
        row = DossierDocument(
            dossier=d,
            required_document_id=doc.required_document_id,
            name=doc.name[:500],
            originals=doc.originals,
            copies=doc.copies,
            kind=kind,
            received_at=at,
        )
        if checked is not None:
            row.content_type = checked.content_type
            row.size = checked.size
            save_upload(row.file, checked)
        row.save()


def do_receive_complete(
    dossier: Dossier,
    *,
    expected_version: int | None,
    actor,
    at: dt.datetime | None = None,
    checked: Iterable[int] = (),
    reason: str = "",
) -> Dossier:
    """Accept a complete, valid dossier: the clock starts, the first step opens, the receipt can be printed.

    `checked` are the required documents (ids of the version's checklist) the clerk checks off now, besides
    those recorded when the dossier was filed; each one left unchecked needs `reason` (decision 0151).
    """
    at = now(at)
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        return _receive(d, actor=actor, at=at, checked=checked, reason=reason)


def _receive(d: Dossier, *, actor, at: dt.datetime, checked: Iterable[int], reason: str) -> Dossier:
    state_in(d, {S.SUBMITTED})
    change = begin(d)
    note = completeness.require_complete(completeness.check_off(d, checked, at=at), reason)
    d.completeness_reason = reason.strip() if note else ""
    calendar = calendar_for_unit(d.unit)  # the dossier's clock and its first step's, both at its unit
    started = clock.start_clock(received_at=at, unit=d.unit, version=d.procedure_version, calendar=calendar)
    d.received_at = at
    d.received_on = clock.local_day(at)
    d.received_by = person(actor)
    d.due_date, d.legal_due_date, d.due_explanation = (
        started.due_date,
        started.legal_due_date,
        started.explanation,
    )
    d.due_at, d.legal_due_at = started.due_at, started.legal_due_at
    d.state = S.RECEIVED
    steps = catalogue_steps(d)
    start_step(d, steps[0] if steps else None, at=at, calendar=calendar)
    commit(change, actor=actor, action="receive", at=at, note=note, public_note=_("Received complete"))
    return d


def do_request_supplement(
    dossier: Dossier, *, reason: str, expected_version: int | None, actor, at: dt.datetime | None = None
) -> Dossier:
    """Ask once, in writing, for what is missing; after complete receipt this stops the clock."""
    at = now(at)
    if not reason.strip():
        raise ValidationError(_("Say what the applicant must supplement."))
    with transaction.atomic():
        d = lock(dossier, expected_version)
        state_in(d, {S.SUBMITTED, *OPEN_STATES} - {S.APPROVED})
        if d.state == S.SUBMITTED:
            require(
                actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this.")
            )
        else:
            require(
                actor is None or is_processor(actor, d),
                _("Only the officers of the current step may do this."),
            )
        return _request_supplement(d, reason=reason, actor=actor, at=at)


def _request_supplement(d: Dossier, *, reason: str, actor, at: dt.datetime) -> Dossier:
    if not reason.strip():
        raise ValidationError(_("Say what the applicant must supplement."))
    state_in(d, {S.SUBMITTED, *OPEN_STATES} - {S.APPROVED})
    change = begin(d)
    pause = DossierPause(
        dossier=d,
        requested_at=at,
        requested_by=person(actor),
        reason=reason,
        resume_state=d.state,
        stops_clock=d.received_at is not None,
    )
    if pause.stops_clock and d.due_date is not None and d.legal_due_date is not None:
        pause.remaining_days = clock.remaining_days(paused_at=at, due=d.due_date, unit=d.unit)
        pause.remaining_legal_days = clock.remaining_days(paused_at=at, due=d.legal_due_date, unit=d.unit)
        pause.remaining_minutes = clock.remaining_time(paused_at=at, due_at=d.due_at, unit=d.unit)
        pause.remaining_legal_minutes = clock.remaining_time(paused_at=at, due_at=d.legal_due_at, unit=d.unit)
        if d.current_step is not None:
            pause.remaining_step_days = clock.remaining_days(
                paused_at=at, due=d.current_step.due_date, unit=d.current_step.unit
            )
    pause.save()
    d.state = S.SUPPLEMENT_REQUESTED
    commit(
        change,
        actor=actor,
        action="request_supplement",
        at=at,
        note=reason,
        public_note=_("Supplement requested"),
    )
    return d


def do_receive_supplement(
    dossier: Dossier,
    *,
    expected_version: int | None,
    actor,
    at: dt.datetime | None = None,
    documents: Sequence[PaperDocument] = (),
) -> Dossier:
    """Record the supplement; a stopped clock continues with the working days it had left."""
    at = now(at)
    received = _check_documents(documents)
    with uploads.atomic():
        d = lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d) or is_processor(actor, d), _("You may not do this."))
        return _receive_supplement(d, received, actor=actor, at=at)


def do_supplement_online(
    code: str, secret: str, *, documents: Sequence[PaperDocument], at: dt.datetime | None = None
) -> Dossier:
    """The applicant sends what was asked for from the public supplement page, proven by the security code of
    the confirmation or receipt: the files are attached and the dossier resumes, as at the desk."""
    at = now(at)
    if not documents:
        raise ValidationError({"files": _("Attach the documents you were asked to supplement.")})
    from par.dossiers.public import SUPPLEMENT_NOT_FOUND, supplement_request

    found = supplement_request(code, secret)
    if found is None:
        raise ValidationError(SUPPLEMENT_NOT_FOUND)
    received = _check_documents(documents)
    with uploads.atomic():
        # Another request may have resumed it meanwhile: the state check under the lock decides.
        d = lock(found[0], None)
        return _receive_supplement(d, received, actor=None, at=at, online=True)


def _receive_supplement(d: Dossier, received: Received, *, actor, at: dt.datetime, online: bool = False):
    state_in(d, {S.SUPPLEMENT_REQUESTED})
    change = begin(d)
    pause = d.pauses.get(resumed_at__isnull=True)
    pause.resumed_at = at
    pause.save(update_fields=["resumed_at"])
    _add_documents(d, received, at=at, kind="supplement")
    if pause.stops_clock:
        _resume_clock(d, pause, at)
    d.state = pause.resume_state
    action, note = (
        ("supplement_online", _("Supplement received online"))
        if online
        else (
            "receive_supplement",
            _("Supplement received"),
        )
    )
    commit(change, actor=actor, action=action, at=at, public_note=note)
    return d


def _resume_clock(d: Dossier, pause: DossierPause, at: dt.datetime) -> None:
    """The due dates (and the current step's) after a pause, from the working days left when it began."""
    resumed = clock.resume_from_pause(pause, resumed_at=at, unit=d.unit, version=d.procedure_version)
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


def do_refuse(
    dossier: Dossier, *, reason: str, expected_version: int | None, actor, at: dt.datetime | None = None
) -> Dossier:
    """Refuse to accept the dossier (not eligible, not in the list, wrong authority), with the reason."""
    at = now(at)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the refusal."))
    with transaction.atomic():
        d = lock(dossier, expected_version)
        require(actor is None or is_clerk(actor, d), _("Only the one-stop clerks of this unit may do this."))
        return _refuse(d, reason=reason, actor=actor, at=at)


def _refuse(d: Dossier, *, reason: str, actor, at: dt.datetime) -> Dossier:
    if not reason.strip():
        raise ValidationError(_("Give the reason for the refusal."))
    state_in(d, {S.SUBMITTED, S.SUPPLEMENT_REQUESTED})
    if d.received_at is not None:
        raise ValidationError(_("A dossier received complete cannot be refused any more."))
    change = begin(d)
    d.pauses.filter(resumed_at__isnull=True).update(resumed_at=at)
    d.state = S.REFUSED
    d.closed_reason = reason
    commit(change, actor=actor, action="refuse", at=at, note=reason, public_note=_("Refused"))
    return d
