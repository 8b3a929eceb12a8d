"""Every change to petitions: permission check, change, history and audit row in one transaction."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from par.accounts.models import Membership, Role
from par.audit.log import record_event, snapshot
from par.audit.updates import audited_update
from par.calendars.models import WorkCalendar
from par.calendars.services import calendar_for_unit, due_for
from par.calendars.workdays import VIETNAM_TZ, OutsideCalendarError
from par.core.exceptions import require
from par.documents import uploads
from par.documents.uploads import check_upload, save_upload
from par.notices.actions import do_notify
from par.orgunits.models import Unit
from par.petitions.access import can_answer, can_publish, can_route
from par.petitions.models import Petition, PetitionEvent, PetitionKind, PetitionPublication, PetitionState
from par.sync.outbox import PETITIONS, emit

FIELDS = [
    "state",
    "unit_id",
    "time_limit_days",
    "due_date",
    "answered_at",
    "answered_on_time",
    "published_at",
    "reopen_count",
    "version",
]
# Unambiguous characters only (no 0/O, 1/I/L): codes and secrets are read aloud and typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MAX_TIME_LIMIT = 60


def default_time_limit() -> int:
    """Working days a unit has to answer (docs/decisions/0080-petition-time-limit.md)."""
    return int(settings.PAR_PETITION_ANSWER_DAYS)


def _random(n: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def _event(petition, action, *, actor=None, note="", at=None) -> None:
    PetitionEvent.objects.create(
        petition=petition, at=at or timezone.now(), actor=actor, action=action, unit=petition.unit, note=note
    )


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VIETNAM_TZ).date()


def _deadline(unit: Unit, start: dt.datetime, days: int):
    """The due date `days` working days from `start` in the unit's calendar, or a clear refusal."""
    try:
        return due_for(start, days, calendar=calendar_for_unit(unit))
    except WorkCalendar.DoesNotExist:
        raise ValidationError(_("No working calendar is set up; the deadline cannot be computed.")) from None
    except OutsideCalendarError as exc:
        raise ValidationError(str(exc)) from None


def _staff(unit: Unit, roles) -> list:
    """Active users holding one of `roles` at `unit` (or, for the PAR officer, at an ancestor)."""
    condition = Q(unit=unit, role__in=roles)
    if Role.PAR_OFFICER in roles:
        condition |= Q(unit_id__in=unit.ancestor_ids, role=Role.PAR_OFFICER)
    rows = Membership.objects.filter(condition, user__is_active=True).select_related("user")
    return list({m.user_id: m.user for m in rows}.values())


def _notify(petition: Petition, roles, kind: str, title: str) -> None:
    # Notices are stored as text, so they are written in the site's language, whoever acts.
    with translation.override(settings.LANGUAGE_CODE):
        do_notify(
            _staff(petition.unit, roles),
            kind=kind,
            key=f"petitions:{kind.removeprefix('petitions.')}:{petition.pk}:{petition.version}",
            title=str(title),
            body=petition.subject,
            url=reverse("petitions:detail", args=[petition.pk]),
            unit=petition.unit,
        )


@dataclass
class PetitionInput:
    """What the public form (or the API) hands over for a new petition."""

    kind: str
    unit: Unit
    name: str
    contact: str
    subject: str
    content: str
    address: str = ""
    dossier_code: str = ""


def do_submit_petition(data: PetitionInput, *, attachment=None, actor=None) -> tuple[Petition, str]:
    """Record a petition from the public form; returns it with the secret, which is shown once and not kept."""
    errors = {}
    for name in ("name", "contact", "subject", "content"):
        if not (getattr(data, name) or "").strip():
            errors[name] = _("This field is required.")
    if data.kind not in PetitionKind.values:
        errors["kind"] = _("Choose what the petition is about.")
    if data.kind == PetitionKind.HANDLING and not data.dossier_code.strip():
        errors["dossier_code"] = _("Give the code of the dossier whose handling the petition is about.")
    if errors:
        raise ValidationError(errors)
    checked = check_upload(attachment) if attachment else None
    secret = f"{_random(4)}-{_random(4)}"
    now = timezone.now()
    for _attempt in range(5):
        petition = Petition(
            code=f"PAKN-{_local_day(now):%y%m%d}-{_random(6)}",
            secret_hash=make_password(secret),
            kind=data.kind,
            unit=data.unit,
            name=data.name.strip(),
            contact=data.contact.strip(),
            address=data.address.strip(),
            subject=data.subject.strip(),
            content=data.content.strip(),
            dossier_code=data.dossier_code.strip().upper(),
            received_at=now,
        )
        if checked:
            petition.attachment_name = checked.name[:255]
            petition.attachment_type = checked.content_type
            petition.attachment_size = checked.size
        try:
            # uploads.atomic: a failed attempt (a code drawn twice, an error while notifying) takes its file
            # with it; the next attempt writes it again under the new code.
            with uploads.atomic():
                if checked:
                    save_upload(petition.attachment, checked)
                petition.save()
                _event(petition, PetitionEvent.Action.SUBMIT, at=now)
                record_event(
                    actor=actor,
                    action="petitions.submit",
                    obj=petition,
                    unit=petition.unit,
                    after=snapshot(petition, ["code", "kind", "unit_id", "subject"]),
                )
                _notify(petition, {Role.PAR_OFFICER}, "petitions.received", _("New petition to route"))
            return petition, secret
        except IntegrityError:
            # A code drawn twice (one in a billion a day): draw again.
            continue
    raise ValidationError(_("The petition could not be recorded; please try again."))


def _lockable(petition: Petition) -> QuerySet[Petition]:
    # The unit comes with the row: the notices and the petition's own events name it.
    return Petition.objects.select_related("unit").filter(pk=petition.pk)


def _not_answered(petition: Petition) -> None:
    if petition.state == PetitionState.ANSWERED:
        raise ValidationError(_("This petition has been answered; it can no longer be routed."))


def _awaiting_answer(petition: Petition) -> None:
    if petition.state not in (PetitionState.ROUTED, PetitionState.REOPENED):
        raise ValidationError(_("This petition is not awaiting an answer."))


def _locked(petition: Petition, expected_version: int | None) -> Petition:
    # Lock the row so two officers acting at once cannot both pass the version check.
    locked = Petition.objects.select_for_update().select_related("unit").get(pk=petition.pk)
    locked.check_version(expected_version)
    return locked


def do_route_petition(
    petition: Petition, *, unit: Unit, time_limit_days: int, note: str = "", expected_version=None, actor
) -> Petition:
    """Send the petition to the unit that must answer it, with a deadline in working days."""
    require(
        actor is None or can_route(actor, petition), _("Only the province PAR officer may route petitions.")
    )
    require(
        actor is None or can_route(actor, Petition(unit=unit)), _("You may not route petitions to this unit.")
    )
    if not 1 <= int(time_limit_days) <= MAX_TIME_LIMIT:
        raise ValidationError(
            _("The time limit must be between 1 and %(max)d working days.") % {"max": MAX_TIME_LIMIT}
        )

    def routed(locked: Petition) -> dict:
        # The deadline counts from the petition as stored (received, or reopened by the citizen).
        due = _deadline(unit, locked.reopened_at or locked.received_at, int(time_limit_days))
        return {
            "unit": unit,
            "state": PetitionState.REOPENED if locked.reopened_at else PetitionState.ROUTED,
            "routed_at": timezone.now(),
            "time_limit_days": int(time_limit_days),
            "due_date": due.due,
            "due_explanation": due.explanation,
        }

    with transaction.atomic():
        locked = audited_update(
            _lockable(petition),
            routed,
            actor=actor,
            action="petitions.route",
            expected_version=expected_version,
            check=_not_answered,
            fields=FIELDS,
            unit=unit,
            reason=note,
        )
        _event(locked, PetitionEvent.Action.ROUTE, actor=actor, note=note)
        _notify(locked, {Role.UNIT_OFFICER, Role.UNIT_HEAD}, "petitions.routed", _("Petition to answer"))
    return locked


def do_answer_petition(petition: Petition, *, answer: str, expected_version=None, actor) -> Petition:
    """Record the responsible unit's answer; on time when given by the due date."""
    require(
        actor is None or can_answer(actor, petition), _("Only the responsible unit may answer this petition.")
    )
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    now = timezone.now()

    def answered(locked: Petition) -> dict:
        return {
            "answer": answer.strip(),
            "answered_at": now,
            "answered_on_time": locked.due_date is not None and _local_day(now) <= locked.due_date,
            "state": PetitionState.ANSWERED,
        }

    with transaction.atomic():
        locked = audited_update(
            _lockable(petition),
            answered,
            actor=actor,
            action="petitions.answer",
            expected_version=expected_version,
            check=_awaiting_answer,
            fields=FIELDS,
            unit=petition.unit,
        )
        _event(locked, PetitionEvent.Action.ANSWER, actor=actor, note=locked.answer, at=now)
        # The national level is told the fact and its timeliness, never the petitioner nor the texts.
        emit(
            PETITIONS,
            f"petition.answered:{locked.code}:{locked.reopen_count}",
            lambda: {
                "code": locked.code,
                "kind": locked.kind,
                "unit": {"code": locked.unit.code, "name": locked.unit.name},
                "received_at": locked.received_at,
                "due_date": locked.due_date,
                "answered_at": locked.answered_at,
                "answered_on_time": locked.answered_on_time,
            },
        )
    return locked


# Digits with at most one space, dot or dash between them: phone and identity numbers however they are written.
NUMBER_RE = re.compile(r"\d(?:[ .\-]?\d)*")
# An amount of money written with thousands separators ("100.000.000"): long, but not personal.
AMOUNT_RE = re.compile(r"[1-9]\d{0,2}(?:[. ]\d{3})+")
# Phone numbers have 10 digits, identity numbers 9 (old card) or 12 (CCCD).
PERSONAL_DIGITS = 9


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def personal_data_in(text: str, petition: Petition) -> str | None:
    """The first piece of `text` that looks personal: the petitioner's name, contact or address as given, or a
    number of 9 or more digits (phone, identity number); None when there is none (decision 0093)."""
    folded = _folded(text)
    for given in (petition.name, petition.contact, petition.address):
        if given.strip() and _folded(given) in folded:
            return given.strip()
    for match in NUMBER_RE.finditer(text):
        number = match.group()
        digits = sum(c.isdigit() for c in number)
        if digits >= PERSONAL_DIGITS and not AMOUNT_RE.fullmatch(number):
            return number
    return None


def _public_texts(petition: Petition, question: str, answer: str) -> tuple[str, str]:
    """The question and answer to publish, stripped; refused when empty or carrying personal data."""
    texts = {"public_question": question.strip(), "public_answer": answer.strip()}
    errors = {}
    for field, text in texts.items():
        found = text and personal_data_in(text, petition)
        if not text:
            errors[field] = _("This field is required.")
        elif found:
            errors[field] = _(
                "The published text must not contain personal data (names, addresses, phone or identity "
                "numbers): “%(found)s”."
            ) % {"found": found}
    if errors:
        raise ValidationError(errors)
    return texts["public_question"], texts["public_answer"]


def _publication_audit(petition: Petition, publication: PetitionPublication) -> dict:
    return {
        **snapshot(petition, FIELDS),
        "publication": publication.number,
        "public_question": publication.question,
        "public_answer": publication.answer,
    }


def _new_publication(petition: Petition, question: str, answer: str, *, actor, now, corrects=None):
    last = petition.publications.order_by("-number").values_list("number", flat=True).first() or 0
    answered_at = petition.answered_at
    assert answered_at is not None  # only an answered petition is published (a reopening unpublishes it)
    return PetitionPublication.objects.create(
        petition=petition,
        number=last + 1,
        unit=petition.unit,
        question=question,
        answer=answer,
        answered_at=answered_at,
        published_at=now,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        corrects=corrects,
    )


def do_publish_petition(
    petition: Petition, *, public_question: str, public_answer: str, expected_version=None, actor
) -> Petition:
    """Publish the answer: the question and the answer as the publisher rewrote them, without personal data."""
    require(
        actor is None or can_publish(actor, petition),
        _("Only the unit head or the PAR officer may publish answers."),
    )
    with transaction.atomic():
        locked = _locked(petition, expected_version)
        if locked.state != PetitionState.ANSWERED:
            raise ValidationError(_("Only an answered petition can be published."))
        if locked.published_at:
            raise ValidationError(_("This answer is already published."))
        question, answer = _public_texts(locked, public_question, public_answer)
        before = snapshot(locked, FIELDS)
        now = timezone.now()
        publication = _new_publication(locked, question, answer, actor=actor, now=now)
        locked.published_at = now
        locked.version += 1
        locked.save()
        _event(locked, PetitionEvent.Action.PUBLISH, actor=actor, at=now)
        record_event(
            actor=actor,
            action="petitions.publish",
            obj=locked,
            unit=locked.unit,
            before=before,
            after=_publication_audit(locked, publication),
        )
    return locked


def do_correct_publication(
    petition: Petition,
    *,
    public_question: str,
    public_answer: str,
    reason: str,
    expected_version=None,
    actor,
) -> Petition:
    """Correct a published answer: the publication on the page is withdrawn, kept, and replaced by a new one."""
    require(
        actor is None or can_publish(actor, petition),
        _("Only the unit head or the PAR officer may publish answers."),
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the published answer is corrected.")})
    with transaction.atomic():
        locked = _locked(petition, expected_version)
        current = locked.publications.filter(withdrawn_at__isnull=True).first()
        if current is None or not locked.published_at:
            raise ValidationError(_("Only a published answer can be corrected."))
        question, answer = _public_texts(locked, public_question, public_answer)
        if (question, answer) == (current.question, current.answer):
            raise ValidationError(_("The correction changes nothing in the published texts."))
        before = _publication_audit(locked, current)
        now = timezone.now()
        # Withdraw first: at most one publication of a petition is on the page (a partial unique constraint).
        PetitionPublication.objects.filter(pk=current.pk).update(withdrawn_at=now)
        publication = _new_publication(locked, question, answer, actor=actor, now=now, corrects=current)
        locked.published_at = now
        locked.version += 1
        locked.save()
        _event(locked, PetitionEvent.Action.CORRECT, actor=actor, note=reason.strip(), at=now)
        record_event(
            actor=actor,
            action="petitions.correct_publication",
            obj=locked,
            unit=locked.unit,
            before=before,
            after=_publication_audit(locked, publication),
            reason=reason.strip(),
        )
    return locked


def find_by_secret(code: str, secret: str) -> Petition | None:
    """The petition with `code` if `secret` matches; None otherwise (the two cases look the same)."""
    petition = Petition.objects.select_related("unit").filter(code=code.strip().upper()).first()
    if petition is None:
        make_password(secret)  # spend the same time as a real check
        return None
    return petition if check_password(secret.strip().upper(), petition.secret_hash) else None


def do_reopen_petition(code: str, secret: str, *, reason: str) -> Petition:
    """The citizen disagrees with the answer: back to the unit, unpublished, with a new deadline."""
    petition = find_by_secret(code, secret)
    if petition is None:
        raise ValidationError(_("The petition code or the secret is wrong."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you disagree with the answer.")})
    with transaction.atomic():
        locked = _locked(petition, None)
        if locked.state != PetitionState.ANSWERED:
            raise ValidationError(_("Only an answered petition can be reopened."))
        before = snapshot(locked, FIELDS)
        now = timezone.now()
        due = _deadline(locked.unit, now, locked.time_limit_days or default_time_limit())
        locked.state = PetitionState.REOPENED
        locked.reopened_at = now
        locked.reopen_count += 1
        # The publication leaves the public page but is kept as it was shown (decision 0093).
        locked.publications.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        locked.published_at = None
        locked.answered_at = None
        locked.answered_on_time = None
        locked.due_date = due.due
        locked.due_explanation = due.explanation
        locked.version += 1
        locked.save()
        _event(locked, PetitionEvent.Action.REOPEN, note=reason.strip(), at=now)
        record_event(
            actor=None,
            action="petitions.reopen",
            obj=locked,
            unit=locked.unit,
            before=before,
            after=snapshot(locked, FIELDS),
            reason=reason.strip(),
        )
        _notify(locked, {Role.UNIT_OFFICER, Role.UNIT_HEAD}, "petitions.reopened", _("Petition reopened"))
    return locked
