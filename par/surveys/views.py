"""Survey pages: questionnaires and their builder, distribution links with tokens and QR codes, results with
indices and exports (signed in); answering by token link and at a kiosk (public, no login)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.accounts.access import visible_units
from par.catalog.models import Procedure
from par.core.links import absolute_url
from par.core.params import whole_number
from par.documents import xlsx
from par.surveys import actions
from par.surveys.access import access_link, access_questionnaire, can_manage, questionnaires_for
from par.surveys.indices import aspect_indices, indices_by, overall
from par.surveys.models import Aspect, Mode, Response, Section, SurveyLink, Token

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(request, action, *args, **kwargs):
    try:
        return action(*args, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        for text in getattr(exc, "messages", [str(exc) or _("You may not do this.")]):
            messages.error(request, text)
    return None


@login_required
def questionnaire_list(request):
    items = questionnaires_for(request.user).select_related("owner").order_by("code", "-number")
    return render(request, "surveys/list.html", {"items": items, "active_nav": "surveys"})


@login_required
def questionnaire_detail(request, pk: int):
    q = access_questionnaire(request.user, pk)
    units = visible_units(request.user).filter(path__startswith=q.owner.path).order_by("path")[:500]
    context = {
        "q": q,
        "sections": q.sections.prefetch_related("questions"),
        "links": q.links.select_related("unit", "procedure"),
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
    post = request.POST
    if step == "section":
        _run(
            request,
            actions.do_add_section,
            q,
            title=post.get("title", ""),
            aspect=post.get("aspect", ""),
            actor=request.user,
        )
    elif step == "question":
        section = get_object_or_404(Section, pk=post.get("section") or 0, questionnaire=q)
        _run(
            request,
            actions.do_add_question,
            section,
            text=post.get("text", ""),
            kind=post.get("kind", "scale"),
            actor=request.user,
        )
    elif step == "activate":
        _run(request, actions.do_activate_questionnaire, q, actor=request.user)
    elif step == "version":
        new = _run(request, actions.do_new_version, q, actor=request.user)
        if new is not None:
            return redirect("surveys:detail", new.pk)
    elif step == "link":
        unit = get_object_or_404(visible_units(request.user), pk=post.get("unit") or 0)
        procedure = (
            Procedure.objects.filter(pk=post.get("procedure") or 0).first() if post.get("procedure") else None
        )
        _run(
            request,
            actions.do_create_link,
            q,
            unit=unit,
            procedure=procedure,
            mode=post.get("mode", Mode.LINK),
            actor=request.user,
        )
    else:
        raise Http404
    return redirect("surveys:detail", q.pk)


@login_required
@require_POST
def issue_tokens(request, pk: int):
    link = access_link(request.user, pk)
    count = whole_number(request.POST.get("count")) or 0
    if _run(request, actions.do_issue_tokens, link, count=count, actor=request.user) is not None:
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
        "used": link.tokens.filter(used_at__isnull=False).count(),
        "active_nav": "surveys",
    }
    return render(request, "surveys/link.html", context)


@login_required
def qr_code(request, pk: int, token: str):
    """The QR code of a one-time link (SVG), to print on the receipt."""
    link = access_link(request.user, pk)
    token = get_object_or_404(Token, link=link, value=token)
    import segno

    buffer = io.BytesIO()
    segno.make(absolute_url(reverse("surveys:respond", args=[token.value])), error="m").save(
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
        answers = {k[1:]: v for k, v in request.POST.items() if k.startswith("q")}
        if _run(request, actions.do_submit_response, token, answers) is not None:
            return render(request, "surveys/thanks.html", {"kiosk_url": ""})
        status = 409 if found.used_at is not None else 422
    else:
        status = 200
    if found.used_at is not None and request.method == "GET":
        return render(request, "surveys/thanks.html", {"already": True}, status=200)
    context = _form(request, questionnaire, ticket=token, action_url=request.path, kiosk=False)
    context["unit"] = found.link.unit
    return render(request, "surveys/respond.html", context, status=status)


def kiosk(request, slug: str):
    """Kiosk mode (public): each form carries a signed one-time ticket; after sending, a fresh form appears."""
    link = get_object_or_404(
        SurveyLink.objects.select_related("questionnaire", "unit"), slug=slug, mode=Mode.KIOSK
    )
    status = 200
    if request.method == "POST":
        answers = {k[1:]: v for k, v in request.POST.items() if k.startswith("q")}
        done = _run(
            request, actions.do_submit_response, request.POST.get("ticket", ""), answers, kiosk_link=link
        )
        if done is not None:
            return render(request, "surveys/thanks.html", {"kiosk_url": request.path})
        status = 422
    context = _form(
        request, link.questionnaire, ticket=actions.kiosk_ticket(link), action_url=request.path, kiosk=True
    )
    context["unit"] = link.unit
    return render(request, "surveys/respond.html", context, status=status)


def _results(q):
    responses = Response.objects.filter(questionnaire__owner=q.owner, questionnaire__code=q.code)
    by_unit = indices_by(responses, "response__unit")
    by_procedure = indices_by(responses, "response__procedure")
    from par.orgunits.models import Unit

    names = dict(Unit.objects.filter(pk__in=by_unit).values_list("pk", "name"))
    procedures = dict(
        Procedure.objects.filter(pk__in=[k for k in by_procedure if k]).values_list("pk", "name")
    )
    aspects = aspect_indices(responses)
    return {
        "responses": responses.count(),
        "aspects": aspects,
        "overall": overall(aspects),
        "units": [(names.get(k, "—"), v[0], v[1]) for k, v in by_unit.items()],
        "procedures": [(procedures.get(k, _("All procedures")), v[0]) for k, v in by_procedure.items()],
    }


@login_required
def results(request, pk: int):
    q = access_questionnaire(request.user, pk)
    return render(request, "surveys/results.html", {"q": q, **_results(q), "active_nav": "surveys"})


@login_required
def export(request, pk: int):
    """Responses (one row per answer, anonymous) and the indices, as a workbook."""
    q = access_questionnaire(request.user, pk)
    data = _results(q)
    book = xlsx.new_workbook()
    sheet = xlsx.add_sheet(book, "Chỉ số hài lòng")
    start = xlsx.write_title(sheet, [f"CHỈ SỐ HÀI LÒNG · {q.title}"], width=3)
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
    from par.surveys.models import Answer

    rows = (
        Answer.objects.filter(response__questionnaire__owner=q.owner, response__questionnaire__code=q.code)
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
        ],
        [
            [
                a.response_id,
                a.response.submitted_at.replace(tzinfo=None),
                a.response.unit.name,
                a.question.text,
                a.value,
                a.text,
            ]
            for a in rows
        ],
    )
    return HttpResponse(
        xlsx.to_bytes(book),
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="khao-sat-{q.code}.xlsx"'},
    )


urlpatterns = [
    path("", questionnaire_list, name="list"),
    path("questionnaires/<int:pk>/", questionnaire_detail, name="detail"),
    path("questionnaires/<int:pk>/results/", results, name="results"),
    path("questionnaires/<int:pk>/export.xlsx", export, name="export"),
    path("questionnaires/<int:pk>/<str:step>/", builder, name="builder"),
    path("links/<int:pk>/", link_detail, name="link"),
    path("links/<int:pk>/tokens/", issue_tokens, name="issue_tokens"),
    path("links/<int:pk>/qr/<str:token>.svg", qr_code, name="qr"),
    path("r/<str:token>/", respond, name="respond"),
    path("kiosk/<str:slug>/", kiosk, name="kiosk"),
]
