"""Petition pages. Public: submit, follow and reopen, published answers. Staff: queue, detail, actions.

Every view has one shape: decorators → access → form → action → render or redirect. A refused submission
answers through par.core.http (decision 0106): 400 invalid input, 403 a refused permission, 409 someone else
changed the petition, with the message on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from par.accounts.access import visible_units
from par.core.http import form_status, run_action
from par.core.lists import Sort, work_list
from par.core.ratelimit import limit_posts, limit_uploads
from par.petitions import actions
from par.petitions.access import access_petition, can_answer, can_publish, can_route, visible_petitions
from par.petitions.filters import PetitionFilter, overdue_q
from par.petitions.forms import (
    AnswerForm,
    CorrectForm,
    FollowForm,
    PublishForm,
    ReopenForm,
    RouteForm,
    SubmitForm,
)
from par.petitions.models import OPEN_STATES, PetitionPublication, PetitionState

GET_POST = require_http_methods(["GET", "POST"])
QUEUES = {
    "incoming": [PetitionState.RECEIVED],
    "open": list(OPEN_STATES),
    "answered": [PetitionState.ANSWERED],
}


# Public pages -------------------------------------------------------------------------------------------


@GET_POST
@limit_posts("petition-submit")
@limit_uploads
def submit(request):
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        outcome = run_action(
            form,
            actions.do_submit_petition,
            actions.PetitionInput(**data),
            attachment=form.cleaned_data.get("attachment"),
        )
        if outcome.ok:
            petition, secret = outcome.value
            return render(
                request,
                "petitions/submitted.html",
                {"petition": petition, "secret": secret, "limit": actions.default_time_limit()},
            )
    return render(request, "petitions/submit.html", {"form": form}, status=form_status(form))


@never_cache
@GET_POST
@limit_posts("petition-follow")
def follow(request):
    """A citizen follows their petition with its code and secret (POST, so the secret stays out of URLs)."""
    form = FollowForm(request.POST or None)
    petition = None
    if request.method == "POST" and form.is_valid():
        petition = actions.find_by_secret(form.cleaned_data["code"], form.cleaned_data["secret"])
        if petition is None:
            form.add_error(None, _("The petition code or the secret is wrong."))
    reopen = None
    if petition and petition.state == PetitionState.ANSWERED:
        reopen = ReopenForm(initial=form.cleaned_data)
    context = {"form": form, "petition": petition, "reopen": reopen, "events": _public_events(petition)}
    return render(request, "petitions/follow.html", context, status=form_status(form))


def _public_events(petition):
    if petition is None:
        return []
    return list(petition.events.select_related("unit").only("at", "action", "unit__name", "petition_id"))


@never_cache
@require_POST
@limit_posts("petition-follow")
def reopen(request):
    form = ReopenForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form, actions.do_reopen_petition, data["code"], data["secret"], reason=data["reason"]
        )
        if outcome.ok:
            petition = outcome.value
            messages.success(request, _("Your petition was reopened and sent back to the responsible unit."))
            context = {"form": FollowForm(initial=data), "petition": petition, "reopen": None}
            context["events"] = _public_events(petition)
            return render(request, "petitions/follow.html", context)
    context = {"form": FollowForm(initial=request.POST), "petition": None, "reopen": form, "events": []}
    return render(request, "petitions/follow.html", context, status=form_status(form))


def answers(request):
    """Published answers, for anyone: only the texts the publisher approved (`PetitionPublication`), with the
    kind, the unit and the dates; never the citizen's subject, content, name or contact (decision 0093)."""
    rows = PetitionPublication.objects.in_force().order_by("-published_at")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(request, "petitions/answers.html", {"page": page})


# Staff pages --------------------------------------------------------------------------------------------


QUEUE_SORTS = {
    "due": Sort(_lazy("Answer due"), ["due_date", "received_at"]),
    "received": Sort(_lazy("Received at"), ["received_at"]),
    "code": Sort(_lazy("Code"), ["code"]),
    "unit": Sort(_lazy("Responsible unit"), ["unit__name"]),
    "state": Sort(_lazy("State"), ["state", "due_date"]),
}


@login_required
def queue(request):
    """The staff's petitions: a tab by stage, then a filter, a sort, a page and the totals (decision 0125)."""
    tab = request.GET.get("tab") or "open"
    rows = visible_petitions(request.user).select_related("unit")
    if tab in QUEUES:
        rows = rows.filter(state__in=QUEUES[tab])
    today = timezone.localdate()
    filterset = PetitionFilter(request.GET, queryset=rows, request=request)
    totals = {
        "overdue": Count("pk", filter=overdue_q(today)),
        "answered": Count("pk", filter=Q(state=PetitionState.ANSWERED)),
        "answered_late": Count("pk", filter=Q(state=PetitionState.ANSWERED, answered_on_time=False)),
    }
    petitions = work_list(
        request, rows, sorts=QUEUE_SORTS, default_sort="due", filterset=filterset, totals=totals
    )
    context = {
        "list": petitions,
        "filter": filterset,
        "tab": tab,
        "tabs": [
            ("incoming", _("To route")),
            ("open", _("Awaiting an answer")),
            ("answered", _("Answered")),
            ("all", _("All")),
        ],
        "today": today,
        "active_nav": "petitions",
    }
    return render(request, "petitions/queue.html", context)


def _detail(request, petition, *, route=None, answer=None, publish=None, correct=None, status=200):
    user = request.user
    if route is None and can_route(user, petition) and petition.state != PetitionState.ANSWERED:
        route = RouteForm(
            initial={"unit": petition.unit_id, "version": petition.version}, units=_route_units(user)
        )
    if answer is None and can_answer(user, petition) and petition.is_open:
        answer = AnswerForm(initial={"version": petition.version})
    if (
        publish is None
        and can_publish(user, petition)
        and petition.state == PetitionState.ANSWERED
        and not petition.published_at
    ):
        # The question is written anew: the citizen's subject may carry their name or numbers. The answer is
        # the unit's own, offered for editing.
        publish = PublishForm(initial={"version": petition.version, "public_answer": petition.answer})
    publications = list(petition.publications.select_related("published_by").order_by("-number"))
    current = next((p for p in publications if p.withdrawn_at is None), None)
    if correct is None and current and can_publish(user, petition):
        correct = CorrectForm(
            initial={
                "version": petition.version,
                "public_question": current.question,
                "public_answer": current.answer,
            }
        )
    context = {
        "petition": petition,
        "events": petition.events.select_related("actor", "unit"),
        "route": route,
        "answer": answer,
        "publish": publish,
        "correct": correct,
        "publications": publications,
        "today": timezone.localdate(),
        "active_nav": "petitions",
    }
    return render(request, "petitions/detail.html", context, status=status)


def _route_units(user):
    return visible_units(user).as_of(timezone.localdate()).order_by("path")


@login_required
def detail(request, pk: int):
    return _detail(request, access_petition(request.user, pk))


@login_required
@require_POST
def route(request, pk: int):
    petition = access_petition(request.user, pk)
    form = RouteForm(request.POST, units=_route_units(request.user))
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            actions.do_route_petition,
            petition,
            unit=data["unit"],
            time_limit_days=data["time_limit_days"],
            note=data["note"],
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Petition routed to %(unit)s.") % {"unit": outcome.value.unit.name})
            return redirect("petitions:detail", pk=pk)
    return _detail(request, petition, route=form, status=form_status(form))


@login_required
@require_POST
def answer(request, pk: int):
    petition = access_petition(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            actions.do_answer_petition,
            petition,
            answer=data["answer"],
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Answer recorded."))
            return redirect("petitions:detail", pk=pk)
    return _detail(request, petition, answer=form, status=form_status(form))


@login_required
@require_POST
def publish(request, pk: int):
    petition = access_petition(request.user, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            actions.do_publish_petition,
            petition,
            public_question=data["public_question"],
            public_answer=data["public_answer"],
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Answer published."))
            return redirect("petitions:detail", pk=pk)
    return _detail(request, petition, publish=form, status=form_status(form))


@login_required
@require_POST
def correct(request, pk: int):
    """Correct the published answer: a new publication replaces the one on the page, which is kept."""
    petition = access_petition(request.user, pk)
    form = CorrectForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_action(
            form,
            actions.do_correct_publication,
            petition,
            public_question=data["public_question"],
            public_answer=data["public_answer"],
            reason=data["reason"],
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The published answer was corrected."))
            return redirect("petitions:detail", pk=pk)
    return _detail(request, petition, correct=form, status=form_status(form))


@login_required
@never_cache
def attachment(request, pk: int):
    petition = access_petition(request.user, pk)
    if not petition.attachment:
        raise Http404
    return FileResponse(
        petition.attachment.open("rb"),
        as_attachment=True,
        filename=petition.attachment_name,
        content_type=petition.attachment_type or "application/octet-stream",
    )
