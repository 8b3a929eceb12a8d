"""Every change to surveys: permission check, change and audit row in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.audit.updates import audited_update
from par.core.exceptions import ConflictError, require
from par.core.params import whole_number
from par.core.ratelimit import parse_rate
from par.surveys.access import can_manage, can_open_kiosk, is_council
from par.surveys.models import (
    DEFAULT_SCALE,
    Answer,
    Aspect,
    FlagReason,
    KioskSession,
    Mode,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireState,
    Response,
    ResponseStatus,
    Section,
    SurveyLink,
    Token,
)

KIOSK_SALT = "surveys.kiosk"


def _draft(questionnaire: Questionnaire) -> Questionnaire:
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.state != QuestionnaireState.DRAFT:
        raise ValidationError(_("Only a draft questionnaire can be changed; make a new version."))
    return locked


def _ready_to_activate(locked: Questionnaire) -> None:
    if locked.state != QuestionnaireState.DRAFT:
        raise ValidationError(_("Only a draft questionnaire can be changed; make a new version."))
    if not Question.objects.filter(section__questionnaire=locked).exists():
        raise ValidationError(_("Add at least one question first."))


def do_create_questionnaire(
    *, owner, code: str, title: str, intro: str = "", scale=None, satisfied_from: int = 4, actor
) -> Questionnaire:
    """Create a draft questionnaire (version 1) for the owning unit."""
    require(
        actor is None or can_manage(actor, Questionnaire(owner=owner)),
        _("Only the PAR officer may build questionnaires."),
    )
    scale = list(scale or DEFAULT_SCALE)
    if not code.strip() or not title.strip():
        raise ValidationError(_("Give the questionnaire a code and a title."))
    if not 1 <= satisfied_from <= len(scale):
        raise ValidationError(_("“Satisfied from” must be a point of the scale."))
    with transaction.atomic():
        if Questionnaire.objects.filter(owner=owner, code=code.strip()).exists():
            raise ValidationError(
                _("A questionnaire with this code already exists; make a new version of it.")
            )
        q = Questionnaire.objects.create(
            owner=owner,
            code=code.strip(),
            title=title.strip(),
            intro=intro,
            scale=scale,
            satisfied_from=satisfied_from,
        )
        record_event(
            actor=actor, action="surveys.create_questionnaire", obj=q, unit=owner, after={"code": q.code}
        )
    return q


def do_add_section(questionnaire: Questionnaire, *, title: str, aspect: str, actor) -> Section:
    require(
        actor is None or can_manage(actor, questionnaire), _("Only the PAR officer may build questionnaires.")
    )
    if not title.strip():
        raise ValidationError(_("Give the section a title."))
    if aspect not in Aspect.values:
        raise ValidationError(_("Choose an aspect."))
    with transaction.atomic():
        locked = _draft(questionnaire)
        section = Section.objects.create(
            questionnaire=locked, title=title.strip(), aspect=aspect, order=locked.sections.count() + 1
        )
        record_event(
            actor=actor,
            action="surveys.add_section",
            obj=section,
            unit=locked.owner,
            after={"title": section.title},
        )
    return section


def do_add_question(
    section: Section, *, text: str, kind: str = QuestionKind.SCALE, required: bool = True, actor
) -> Question:
    require(
        actor is None or can_manage(actor, section.questionnaire),
        _("Only the PAR officer may build questionnaires."),
    )
    if not text.strip():
        raise ValidationError(_("Write the question."))
    if kind not in QuestionKind.values:
        raise ValidationError(_("Choose the kind of question."))
    with transaction.atomic():
        _draft(section.questionnaire)
        question = Question.objects.create(
            section=section,
            text=text.strip(),
            kind=kind,
            required=required,
            order=section.questions.count() + 1,
        )
        record_event(
            actor=actor,
            action="surveys.add_question",
            obj=question,
            unit=section.questionnaire.owner,
            after={"text": question.text},
        )
    return question


def do_activate_questionnaire(questionnaire: Questionnaire, *, actor) -> Questionnaire:
    """Start collecting responses; the questions lock (changes need a new version)."""
    require(
        actor is None or can_manage(actor, questionnaire), _("Only the PAR officer may build questionnaires.")
    )
    with transaction.atomic():
        return audited_update(
            questionnaire,
            {"state": QuestionnaireState.ACTIVE},
            actor=actor,
            action="surveys.activate",
            check=_ready_to_activate,
            fields=["state"],
            unit=questionnaire.owner,
        )


def do_new_version(questionnaire: Questionnaire, *, actor) -> Questionnaire:
    """Copy the questionnaire into a new draft version; the old one closes with its responses."""
    require(
        actor is None or can_manage(actor, questionnaire), _("Only the PAR officer may build questionnaires.")
    )
    with transaction.atomic():
        old = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        # The old version is among them, so there always is a latest one.
        latest = (
            Questionnaire.objects.filter(owner=old.owner, code=old.code).order_by("-number").first() or old
        )
        new = Questionnaire.objects.create(
            owner=old.owner,
            code=old.code,
            number=latest.number + 1,
            title=old.title,
            intro=old.intro,
            scale=old.scale,
            satisfied_from=old.satisfied_from,
        )
        for section in old.sections.prefetch_related("questions"):
            copy = Section.objects.create(
                questionnaire=new, title=section.title, aspect=section.aspect, order=section.order
            )
            Question.objects.bulk_create(
                Question(section=copy, text=q.text, kind=q.kind, required=q.required, order=q.order)
                for q in section.questions.all()
            )
        if old.state == QuestionnaireState.ACTIVE:
            old.state = QuestionnaireState.CLOSED
            old.save(update_fields=["state", "updated_at"])
        record_event(
            actor=actor, action="surveys.new_version", obj=new, unit=new.owner, after={"number": new.number}
        )
    return new


def do_create_link(
    questionnaire: Questionnaire, *, unit, procedure=None, mode: str = Mode.LINK, actor
) -> SurveyLink:
    """Distribute a questionnaire for a unit (and procedure) by link/QR or at a kiosk."""
    require(
        actor is None or can_manage(actor, questionnaire),
        _("Only the PAR officer may distribute questionnaires."),
    )
    if mode not in Mode.values:
        raise ValidationError(_("Choose how the questionnaire is distributed."))
    if not unit.path.startswith(questionnaire.owner.path):
        raise ValidationError(_("The surveyed unit must belong to the questionnaire's owner."))
    with transaction.atomic():
        link = SurveyLink.objects.create(
            questionnaire=questionnaire,
            unit=unit,
            procedure=procedure,
            mode=mode,
            slug=secrets.token_urlsafe(9),
        )
        record_event(actor=actor, action="surveys.create_link", obj=link, unit=unit, after={"mode": mode})
    return link


def do_issue_tokens(link: SurveyLink, *, count: int, actor) -> list[Token]:
    """Issue `count` one-time tokens (each a link and a QR code to hand to one citizen)."""
    require(
        actor is None or can_manage(actor, link.questionnaire),
        _("Only the PAR officer may distribute questionnaires."),
    )
    if not 1 <= count <= 1000:
        raise ValidationError(_("Issue between 1 and 1000 tokens at a time."))
    with transaction.atomic():
        tokens = Token.objects.bulk_create(
            Token(link=link, value=secrets.token_urlsafe(16)) for _i in range(count)
        )
        record_event(
            actor=actor, action="surveys.issue_tokens", obj=link, unit=link.unit, after={"count": count}
        )
    return tokens


def key_digest(key: str) -> str:
    """What a kiosk session row keeps of the device's key."""
    return hashlib.sha256(key.encode()).hexdigest()


def _label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError(_("Name the device, for example “Quầy 1”."))
    if len(label) > 80:
        raise ValidationError(_("The device name is at most 80 characters."))
    return label


def do_open_kiosk_session(link: SurveyLink, *, label: str, actor) -> tuple[KioskSession, str]:
    """Open a kiosk session on a device for PAR_KIOSK_SESSION_HOURS; returns it and the key for its cookie."""
    require(actor is None or can_open_kiosk(actor, link), _("Only the unit's own staff may open its kiosk."))
    label = _label(label)
    if link.mode != Mode.KIOSK:
        raise ValidationError(_("This distribution is not a kiosk."))
    if not link.active or link.questionnaire.state != QuestionnaireState.ACTIVE:
        raise ValidationError(_("This survey is closed."))
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        session = KioskSession.objects.create(
            link=link,
            label=label,
            key_hash=key_digest(key),
            opened_by=actor if getattr(actor, "is_authenticated", False) else None,
            opened_at=now,
            expires_at=now + dt.timedelta(hours=settings.PAR_KIOSK_SESSION_HOURS),
        )
        record_event(
            actor=actor,
            action="surveys.open_kiosk_session",
            obj=session,
            unit=link.unit,
            after={"link": link.pk, "label": label, "expires_at": session.expires_at},
        )
    return session, key


def do_revoke_kiosk_session(session: KioskSession, *, actor) -> KioskSession:
    """Close a kiosk session before it expires: the device's cookie stops working at once."""
    require(
        actor is None or can_open_kiosk(actor, session.link),
        _("Only the unit's own staff may close its kiosk."),
    )
    with transaction.atomic():
        # Locked so that an answer being recorded at this moment either commits first or sees the revocation.
        locked = KioskSession.objects.select_for_update().select_related("link__unit").get(pk=session.pk)
        if not locked.is_open:
            raise ValidationError(_("This kiosk session has already ended."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record_event(
            actor=actor,
            action="surveys.revoke_kiosk_session",
            obj=locked,
            unit=locked.link.unit,
            before={"revoked_at": None},
            after={"revoked_at": locked.revoked_at},
        )
    return locked


def kiosk_ticket(session: KioskSession) -> str:
    """A signed one-time ticket for one kiosk form of an open session; submitting it turns it into a used token."""
    return signing.dumps(
        {"link": session.link_id, "session": session.pk, "nonce": secrets.token_urlsafe(16)}, salt=KIOSK_SALT
    )


def _token_for(value: str, *, kiosk_session: KioskSession | None) -> Token:
    if kiosk_session is not None:
        try:
            data = signing.loads(value, salt=KIOSK_SALT, max_age=6 * 3600)
        except signing.BadSignature:
            raise ValidationError(_("This form has expired; start again.")) from None
        if data.get("link") != kiosk_session.link_id or data.get("session") != kiosk_session.pk:
            raise ValidationError(_("This form has expired; start again."))
        token, _created = Token.objects.select_for_update().get_or_create(
            link=kiosk_session.link, value=data["nonce"]
        )
        return token
    try:
        return (
            Token.objects.select_for_update().select_related("link", "link__questionnaire").get(value=value)
        )
    except Token.DoesNotExist:
        raise ValidationError(_("This survey link is not valid.")) from None


def _open_session(kiosk_session: KioskSession) -> KioskSession:
    # Locked: one kiosk's answers are recorded one at a time, so the burst count is exact, and a revocation
    # committed meanwhile is seen.
    locked = KioskSession.objects.select_for_update().select_related("link").get(pk=kiosk_session.pk)
    if not locked.is_open:
        raise ValidationError(_("This kiosk is not open. An officer must open it on this device."))
    return locked


def _flag_burst(session: KioskSession, now) -> tuple[bool, list[int]]:
    """Whether a new answer now makes a burst (more than PAR_KIOSK_BURST allows, decision 0098), and the ids
    of the session's earlier answers in that window that this flags too."""
    limit, seconds = parse_rate(settings.PAR_KIOSK_BURST)
    recent = Response.objects.filter(
        kiosk_session=session, submitted_at__gt=now - dt.timedelta(seconds=seconds)
    )
    if recent.count() + 1 <= limit:
        return False, []
    earlier = list(recent.filter(status=ResponseStatus.COUNTED).values_list("pk", flat=True))
    Response.objects.filter(pk__in=earlier).update(
        status=ResponseStatus.FLAGGED, flag_reason=FlagReason.BURST
    )
    return True, earlier


def do_submit_response(
    token_value: str, answers: dict, *, kiosk_session: KioskSession | None = None
) -> Response:
    """Record an anonymous response; a token already used is refused (one response per token). At a kiosk the
    session must be open, and a burst of answers is flagged for the appraisal council instead of counted."""
    with transaction.atomic():
        session = _open_session(kiosk_session) if kiosk_session is not None else None
        token = _token_for(token_value, kiosk_session=session)
        link = token.link
        questionnaire = link.questionnaire
        if token.used_at is not None:
            # Used since the form was shown (another tab, a resent kiosk form): a conflict, 409 (decision 0170).
            raise ConflictError(_("A response has already been sent with this link. Thank you."))
        if not link.active or questionnaire.state != QuestionnaireState.ACTIVE:
            raise ValidationError(_("This survey is closed."))
        questions = list(Question.objects.filter(section__questionnaire=questionnaire))
        rows, missing = [], []
        for q in questions:
            raw = str(answers.get(q.pk, answers.get(str(q.pk), "")) or "").strip()
            if not raw:
                if q.required:
                    missing.append(q.text)
                continue
            if q.kind == QuestionKind.SCALE:
                value = whole_number(raw)
                if value is None or not 1 <= value <= len(questionnaire.scale):
                    raise ValidationError(_("Choose one of the answers for “%(q)s”.") % {"q": q.text})
                rows.append(Answer(question=q, value=value))
            else:
                rows.append(Answer(question=q, text=raw[:2000]))
        if missing:
            raise ValidationError(_("Please answer: %(q)s") % {"q": "; ".join(missing)})
        now = timezone.now()
        burst, earlier = _flag_burst(session, now) if session is not None else (False, [])
        token.used_at = now
        token.save(update_fields=["used_at"])
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    token=token,
                    link=link,
                    questionnaire=questionnaire,
                    unit=link.unit,
                    procedure=link.procedure,
                    submitted_at=now,
                    kiosk_session=session,
                    status=ResponseStatus.FLAGGED if burst else ResponseStatus.COUNTED,
                    flag_reason=FlagReason.BURST if burst else "",
                )
        except IntegrityError:
            raise ConflictError(_("A response has already been sent with this link. Thank you.")) from None
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        record_event(
            actor=None,
            action="surveys.respond",
            obj=response,
            unit=link.unit,
            after={"answers": len(rows), "status": response.status},
        )
        if earlier:
            record_event(
                actor=None,
                action="surveys.flag_responses",
                obj=session,
                unit=link.unit,
                before={"status": ResponseStatus.COUNTED},
                after={"flagged": earlier, "status": ResponseStatus.FLAGGED, "reason": FlagReason.BURST},
            )
    return response


def do_review_flagged_responses(
    questionnaire: Questionnaire, response_ids, *, accept: bool, note: str, actor
) -> int:
    """The appraisal council counts flagged answers in the index (accept) or keeps them out (reject), with a
    note; returns how many were reviewed."""
    require(
        actor is None or is_council(actor, questionnaire),
        _("Only the appraisal council may review flagged answers."),
    )
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Write why these answers are accepted or rejected."))
    ids = {n for n in map(whole_number, response_ids) if n is not None}
    if not ids:
        raise ValidationError(_("Choose the answers to review."))
    status = ResponseStatus.ACCEPTED if accept else ResponseStatus.REJECTED
    with transaction.atomic():
        rows = list(
            Response.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(
                pk__in=ids,
                questionnaire__owner=questionnaire.owner,
                questionnaire__code=questionnaire.code,
                status=ResponseStatus.FLAGGED,
            )
        )
        if len(rows) != len(ids):
            raise ValidationError(_("Some of these answers are no longer awaiting review; reload the page."))
        now = timezone.now()
        reviewer = actor if getattr(actor, "is_authenticated", False) else None
        for row in rows:
            row.status, row.reviewed_by, row.reviewed_at, row.review_note = status, reviewer, now, note
        Response.objects.bulk_update(rows, ["status", "reviewed_by", "reviewed_at", "review_note"])
        for row in rows:
            record_event(
                actor=actor,
                action="surveys.review_response",
                obj=row,
                unit=row.unit,
                before={"status": ResponseStatus.FLAGGED},
                after={"status": status},
                reason=note,
            )
    return len(rows)
