"""Every change to surveys: permission check, change and audit row in one transaction."""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.core.exceptions import require
from par.core.params import whole_number
from par.surveys.access import can_manage
from par.surveys.models import (
    DEFAULT_SCALE,
    Answer,
    Aspect,
    Mode,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireState,
    Response,
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
        locked = _draft(questionnaire)
        if not Question.objects.filter(section__questionnaire=locked).exists():
            raise ValidationError(_("Add at least one question first."))
        locked.state = QuestionnaireState.ACTIVE
        locked.version += 1
        locked.save()
        record_event(
            actor=actor,
            action="surveys.activate",
            obj=locked,
            unit=locked.owner,
            after={"state": locked.state},
        )
    return locked


def do_new_version(questionnaire: Questionnaire, *, actor) -> Questionnaire:
    """Copy the questionnaire into a new draft version; the old one closes with its responses."""
    require(
        actor is None or can_manage(actor, questionnaire), _("Only the PAR officer may build questionnaires.")
    )
    with transaction.atomic():
        old = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        latest = Questionnaire.objects.filter(owner=old.owner, code=old.code).order_by("-number").first()
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


def kiosk_ticket(link: SurveyLink) -> str:
    """A signed one-time ticket for one kiosk form; submitting it turns it into a used token."""
    return signing.dumps({"link": link.pk, "nonce": secrets.token_urlsafe(16)}, salt=KIOSK_SALT)


def _token_for(value: str, *, kiosk_link: SurveyLink | None) -> Token:
    if kiosk_link is not None:
        try:
            data = signing.loads(value, salt=KIOSK_SALT, max_age=6 * 3600)
        except signing.BadSignature:
            raise ValidationError(_("This form has expired; start again.")) from None
        if data.get("link") != kiosk_link.pk:
            raise ValidationError(_("This form has expired; start again."))
        token, _created = Token.objects.select_for_update().get_or_create(
            link=kiosk_link, value=data["nonce"]
        )
        return token
    try:
        return (
            Token.objects.select_for_update().select_related("link", "link__questionnaire").get(value=value)
        )
    except Token.DoesNotExist:
        raise ValidationError(_("This survey link is not valid.")) from None


def do_submit_response(token_value: str, answers: dict, *, kiosk_link: SurveyLink | None = None) -> Response:
    """Record an anonymous response; a token already used is refused (one response per token)."""
    with transaction.atomic():
        token = _token_for(token_value, kiosk_link=kiosk_link)
        link = token.link
        questionnaire = link.questionnaire
        if token.used_at is not None:
            raise ValidationError(_("A response has already been sent with this link. Thank you."))
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
                )
        except IntegrityError:
            raise ValidationError(_("A response has already been sent with this link. Thank you.")) from None
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        record_event(
            actor=None, action="surveys.respond", obj=response, unit=link.unit, after={"answers": len(rows)}
        )
    return response
