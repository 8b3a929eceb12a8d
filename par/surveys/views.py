"""Survey pages: questionnaires and their builder, distribution links with tokens and QR codes, results with
indices and exports (signed in); answering by token link and at a kiosk (public, no login)."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.accounts.access import visible_units
from par.catalog.models import Procedure
from par.core.forms import posted
from par.core.http import download, run_action
from par.core.links import absolute_url
from par.core.params import whole_number
from par.core.ratelimit import refused, retry_after
from par.documents import xlsx
from par.surveys import actions
from par.surveys.access import (
    access_kiosk_session,
    access_link,
    access_questionnaire,
    can_manage,
    can_open_kiosk,
    is_council,
    visible_kiosk_links,
    visible_kiosk_sessions,
    visible_kiosk_units,
    visible_links,
    visible_questionnaires,
    visible_responses,
)
from par.surveys.forms import (
    AnswersForm,
    KioskOpenForm,
    LinkForm,
    QuestionForm,
    ReviewForm,
    SectionForm,
    TokensForm,
)
from par.surveys.indices import aspect_indices, indices_by, overall, status_counts
from par.surveys.models import (
    Answer,
    Aspect,
    KioskSession,
    Mode,
    ResponseStatus,
    Section,
    SurveyLink,
    Token,
)

# The kiosk device's cookie: "<session id>:<key>", signed; its path is the kiosk's own address (decision 0097).
KIOSK_COOKIE = "par_kiosk"
KIOSK_COOKIE_SALT = "surveys.kiosk-session"
# Flagged answers shown at once on the council's review page (oldest first).
FLAGGED_PAGE = 500


@login_required
def questionnaire_list(request):
    items = visible_questionnaires(request.user).select_related("owner").order_by("code", "-number")
    return render(request, "surveys/list.html", {"items": items, "active_nav": "surveys"})


@login_required
def questionnaire_detail(request, pk: int):
    q = access_questionnaire(request.user, pk)
    units = visible_units(request.user).filter(path__startswith=q.owner.path).order_by("path")[:500]
    context = {
        "q": q,
        "sections": q.sections.prefetch_related("questions"),
        "links": visible_links(request.user, q)
        .select_related("unit", "procedure")
        .order_by("unit__path", "pk"),
        "can_manage": can_manage(request.user, q),
        "aspects": Aspect.choices,
        "modes": Mode.choices,
        "units": units,
        "active_nav": "surveys",
    }
    return render(request, "surveys/detail.html", context)


@login_required
@require_POST
def builder(request, pk: int, step: str):
    q = access_questionnaire(request.user, pk)
    if step == "section":
        data = posted(SectionForm, request)
        run_action(
            request, actions.do_add_section, q, title=data["title"], aspect=data["aspect"], actor=request.user
        )
    elif step == "question":
        data = posted(QuestionForm, request)
        section = get_object_or_404(Section, pk=data["section"] or 0, questionnaire=q)
        run_action(
            request,
            actions.do_add_question,
            section,
            text=data["text"],
            kind=data["kind"] or "scale",
            actor=request.user,
        )
    elif step == "activate":
        run_action(request, actions.do_activate_questionnaire, q, actor=request.user)
    elif step == "version":
        outcome = run_action(request, actions.do_new_version, q, actor=request.user)
        if outcome.ok:
            return redirect("surveys:detail", outcome.value.pk)
    elif step == "link":
        data = posted(LinkForm, request)
        unit = get_object_or_404(visible_units(request.user), pk=data["unit"] or 0)
        procedure = Procedure.objects.filter(pk=data["procedure"]).first() if data["procedure"] else None
        run_action(
            request,
            actions.do_create_link,
            q,
            unit=unit,
            procedure=procedure,
            mode=data["mode"] or Mode.LINK,
            actor=request.user,
        )
    else:
        raise Http404
    return redirect("surveys:detail", q.pk)


@login_required
@require_POST
def issue_tokens(request, pk: int):
    link = access_link(request.user, pk)
    count = posted(TokensForm, request)["count"] or 0
    if run_action(request, actions.do_issue_tokens, link, count=count, actor=request.user).ok:
        messages.success(request, _("%(n)s one-time links were issued.") % {"n": count})
    return redirect("surveys:link", link.pk)


@login_required
def link_detail(request, pk: int):
    link = access_link(request.user, pk)
    tokens = link.tokens.filter(used_at__isnull=True).order_by("-created_at")[:50]
    context = {
        "link": link,
        "tokens": [(t, absolute_url(reverse("surveys:respond", args=[t.value]))) for t in tokens],
        "kiosk_url": absolute_url(reverse("surveys:kiosk", args=[link.slug])),
        "can_manage": can_manage(request.user, link.questionnaire),
        "can_open_kiosk": link.mode == Mode.KIOSK and can_open_kiosk(request.user, link),
        "used": link.tokens.filter(used_at__isnull=False).count(),
        "active_nav": "surveys",
    }
    return render(request, "surveys/link.html", context)


@login_required
def qr_code(request, pk: int, token: str):
    """The QR code of a one-time link (SVG), to print on the receipt."""
    link = access_link(request.user, pk)
    found = get_object_or_404(Token, link=link, value=token)
    import segno

    buffer = io.BytesIO()
    segno.make(absolute_url(reverse("surveys:respond", args=[found.value])), error="m").save(
        buffer, kind="svg", scale=4, border=2
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def _form(request, questionnaire, *, ticket: str, action_url: str, kiosk: bool):
    sections = questionnaire.sections.prefetch_related("questions")
    scale = list(enumerate(questionnaire.scale, start=1))
    context = {
        "q": questionnaire,
        "sections": sections,
        "scale": scale,
        "ticket": ticket,
        "action_url": action_url,
        "kiosk": kiosk,
        "posted": request.POST,
    }
    return context


def respond(request, token: str):
    """Answer by a one-time link (public)."""
    found = Token.objects.select_related("link__questionnaire", "link__unit").filter(value=token).first()
    if found is None:
        raise Http404
    questionnaire = found.link.questionnaire
    if request.method == "POST":
        form = AnswersForm(request.POST)
        outcome = run_action(request, actions.do_submit_response, token, form.answers())
        if outcome.ok:
            return render(request, "surveys/thanks.html", {"kiosk_url": ""})
        # A link already used answers 409: the action refuses it as a conflict (decision 0170).
        status = outcome.status
    else:
        status = 200
    if found.used_at is not None and request.method == "GET":
        return render(request, "surveys/thanks.html", {"already": True}, status=200)
    context = _form(request, questionnaire, ticket=token, action_url=request.path, kiosk=False)
    context["unit"] = found.link.unit
    return render(request, "surveys/respond.html", context, status=status)


def _kiosk_session(request, link: SurveyLink) -> KioskSession | None:
    """The open session of `link` that this device's signed cookie names, or None (decision 0097)."""
    value = request.get_signed_cookie(KIOSK_COOKIE, default="", salt=KIOSK_COOKIE_SALT)
    raw, _sep, key = value.partition(":")
    pk = whole_number(raw)
    if pk is None or not key:
        return None
    session = KioskSession.objects.open().filter(pk=pk, link=link).first()
    if session is None or not constant_time_compare(session.key_hash, actions.key_digest(key)):
        return None
    return session


def kiosk(request, slug: str):
    """Kiosk mode (public, on a device where an officer opened a kiosk session): each form carries a signed
    one-time ticket; after sending, a fresh form appears. Answers are limited per session."""
    link = get_object_or_404(
        SurveyLink.objects.select_related("questionnaire", "unit"), slug=slug, mode=Mode.KIOSK
    )
    session = _kiosk_session(request, link)
    if session is None:
        status = 403 if request.method == "POST" else 200
        context: dict[str, object] = {"link": link, "unit": link.unit, "q": link.questionnaire}
        return render(request, "surveys/kiosk_closed.html", context, status=status)
    status = 200
    if request.method == "POST":
        seconds = retry_after(request, "survey-kiosk", settings.PAR_KIOSK_ANSWER_RATE, client=str(session.pk))
        if seconds:
            context = {"link": link, "unit": link.unit, "q": link.questionnaire, "retry_after": seconds}
            return refused(request, "surveys/kiosk_closed.html", context, 429, seconds)
        form = AnswersForm(request.POST)
        form.is_valid()
        outcome = run_action(
            request,
            actions.do_submit_response,
            form.cleaned_data["ticket"],
            form.answers(),
            kiosk_session=session,
        )
        if outcome.ok:
            return render(request, "surveys/thanks.html", {"kiosk_url": request.path})
        status = outcome.status
    context = _form(
        request, link.questionnaire, ticket=actions.kiosk_ticket(session), action_url=request.path, kiosk=True
    )
    context.update(unit=link.unit, kiosk_session=session)
    return render(request, "surveys/respond.html", context, status=status)


@login_required
def kiosk_sessions(request):
    """The kiosk sessions of the officer's units: open one on this device, see the open ones, close them."""
    if not visible_kiosk_units(request.user).exists():
        raise Http404
    flagged = Count("responses", filter=Q(responses__status=ResponseStatus.FLAGGED))
    sessions = (
        visible_kiosk_sessions(request.user)
        .open()
        .select_related("link__unit", "link__questionnaire", "opened_by")
        .annotate(answers=Count("responses"), flagged=flagged)
        .order_by("link__unit__path", "-opened_at")
    )
    links = (
        visible_kiosk_links(request.user).select_related("unit", "questionnaire").order_by("unit__path", "pk")
    )
    chosen = request.GET.get("link", "")
    context = {
        "sessions": sessions,
        "links": links,
        "chosen": whole_number(chosen),
        "hours": settings.PAR_KIOSK_SESSION_HOURS,
        "active_nav": "kiosk_sessions",
    }
    return render(request, "surveys/kiosk_sessions.html", context)


@login_required
@require_POST
def open_kiosk_session(request):
    """Open a kiosk session on this device: the device gets a signed cookie bound to the session's row, and the
    officer is signed out of it, since citizens will use it next."""
    data = posted(KioskOpenForm, request)
    link = get_object_or_404(
        visible_kiosk_links(request.user).select_related("unit", "questionnaire"), pk=data["link"] or 0
    )
    outcome = run_action(
        request, actions.do_open_kiosk_session, link, label=data["label"], actor=request.user
    )
    if not outcome.ok:
        return redirect(f"{reverse('surveys:kiosk_sessions')}?link={link.pk}")
    session, key = outcome.value
    logout(request)
    kiosk_path = reverse("surveys:kiosk", args=[link.slug])
    response = redirect(kiosk_path)
    response.set_signed_cookie(
        KIOSK_COOKIE,
        f"{session.pk}:{key}",
        salt=KIOSK_COOKIE_SALT,
        max_age=int((session.expires_at - session.opened_at).total_seconds()),
        path=kiosk_path,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@login_required
@require_POST
def revoke_kiosk_session(request, pk: int):
    session = access_kiosk_session(request.user, pk)
    if run_action(request, actions.do_revoke_kiosk_session, session, actor=request.user).ok:
        messages.success(request, _("The kiosk “%(label)s” was closed.") % {"label": session.label})
    return redirect("surveys:kiosk_sessions")


@login_required
def flagged_responses(request, pk: int):
    """The appraisal council's review of kiosk answers flagged as bursts: accept them into the index or not."""
    q = access_questionnaire(request.user, pk)
    if not is_council(request.user, q):
        raise Http404
    if request.method == "POST":
        data = posted(ReviewForm, request)
        decision = data["decision"]
        if decision not in ("accept", "reject"):
            messages.error(request, _("Choose whether to accept or reject the answers."))
        else:
            outcome = run_action(
                request,
                actions.do_review_flagged_responses,
                q,
                data["response"],
                accept=decision == "accept",
                note=data["note"],
                actor=request.user,
            )
            if outcome.value:
                messages.success(request, _("%(n)s answers were reviewed.") % {"n": outcome.value})
        return redirect("surveys:flagged", q.pk)
    answers = Answer.objects.select_related("question").order_by(
        "question__section__order", "question__order"
    )
    rows = (
        visible_responses(request.user, q)
        .filter(status=ResponseStatus.FLAGGED)
        .select_related("unit", "kiosk_session", "kiosk_session__opened_by")
        .prefetch_related(Prefetch("answers", queryset=answers))
        .order_by("submitted_at", "pk")[:FLAGGED_PAGE]
    )
    context = {"q": q, "rows": rows, "limit": FLAGGED_PAGE, "active_nav": "surveys"}
    return render(request, "surveys/flagged.html", context)


def _results(responses):
    """The indices of `responses` (already scoped to the reader) overall, per unit and per procedure."""
    by_unit = indices_by(responses, "response__unit")
    by_procedure = indices_by(responses, "response__procedure")
    from par.orgunits.models import Unit

    names = dict(Unit.objects.filter(pk__in=by_unit).values_list("pk", "name"))
    procedures = dict(
        Procedure.objects.filter(pk__in=[k for k in by_procedure if k]).values_list("pk", "name")
    )
    aspects = aspect_indices(responses)
    counts = status_counts(responses)
    return {
        "responses": counts["counted"],
        "flagged": counts["flagged"],
        "rejected": counts["rejected"],
        "aspects": aspects,
        "overall": overall(aspects),
        "units": [(names.get(k, "—"), v[0], v[1]) for k, v in by_unit.items()],
        "procedures": [(procedures.get(k, _("All procedures")), v[0]) for k, v in by_procedure.items()],
    }


@login_required
def results(request, pk: int):
    q = access_questionnaire(request.user, pk)
    data = _results(visible_responses(request.user, q))
    context = {"q": q, **data, "is_council": is_council(request.user, q), "active_nav": "surveys"}
    return render(request, "surveys/results.html", context)


@login_required
def export(request, pk: int):
    """Responses (one row per answer, anonymous) and the indices, as a workbook; the reader's units only."""
    q = access_questionnaire(request.user, pk)
    responses = visible_responses(request.user, q)
    data = _results(responses)
    book = xlsx.new_workbook()
    sheet = xlsx.add_sheet(book, "Chỉ số hài lòng")
    counted = _(
        "%(counted)s responses counted; %(flagged)s awaiting the appraisal council's review and %(rejected)s "
        "rejected are not in the index."
    ) % {"counted": data["responses"], "flagged": data["flagged"], "rejected": data["rejected"]}
    start = xlsx.write_title(sheet, [f"CHỈ SỐ HÀI LÒNG · {q.title}", counted], width=3)
    rows = [["Toàn bộ", "Chung", float(data["overall"]) if data["overall"] is not None else None]]
    rows += [["Toàn bộ", a.label, float(a.value) if a.value is not None else None] for a in data["aspects"]]
    for name, value, aspects in data["units"]:
        rows.append([name, "Chung", float(value) if value is not None else None])
        rows += [[name, a.label, float(a.value) if a.value is not None else None] for a in aspects]
    rows += [
        [name, "Theo thủ tục", float(value) if value is not None else None]
        for name, value in data["procedures"]
    ]
    xlsx.write_table(
        sheet,
        [xlsx.Col("Đơn vị / thủ tục", 40), xlsx.Col("Yếu tố", 36), xlsx.Col("Chỉ số (%)", 12, "0.00")],
        rows,
        start_row=start,
    )
    answers = xlsx.add_sheet(book, "Phiếu trả lời")
    answer_rows = (
        Answer.objects.filter(response__in=responses)
        .select_related("response__unit", "question__section")
        .order_by("response_id", "question__section__order", "question__order")
    )
    xlsx.write_table(
        answers,
        [
            xlsx.Col("Phiếu", 8),
            xlsx.Col("Thời điểm", 18, "dd/mm/yyyy hh:mm"),
            xlsx.Col("Đơn vị", 30),
            xlsx.Col("Câu hỏi", 50),
            xlsx.Col("Trả lời", 12),
            xlsx.Col("Ý kiến", 40),
            xlsx.Col("Tình trạng", 30),
        ],
        [
            [
                a.response_id,
                timezone.localtime(a.response.submitted_at).replace(tzinfo=None),
                a.response.unit.name,
                a.question.text,
                a.value,
                a.text,
                a.response.get_status_display(),
            ]
            for a in answer_rows
        ],
    )
    return download(xlsx.to_bytes(book), f"khao-sat-{q.code}.xlsx")
