"""The ranking and its publication: the working ranking with the draft decision, publishing and correcting a
decision, leaving a unit out of the ranking, and the public pages that read only the published snapshots
(decision 0110)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.core.http import download, form_status, run_action
from par.documents import pdf
from par.scoring import actions, documents
from par.scoring.access import (
    access_assessment,
    access_framework,
    can_manage_framework,
    visible_assessments,
    visible_frameworks,
    visible_rows,
)
from par.scoring.forms import PublishForm, ReasonForm, posted
from par.scoring.models import IndexFramework, RankingPublication, ResultStatus
from par.scoring.ranking import draft_ranking, history, in_force, ranking_version, snapshot_rows
from par.scoring.views import assessment_url


def _areas(framework: IndexFramework) -> list:
    return list(framework.criteria.filter(parent__isnull=True).order_by("order"))


def _with_area_points(rows, areas) -> list:
    for row in rows:
        row.area_list = [row.points_of(a.code) for a in areas]
    return rows


@login_required
def ranking(request, pk: int):
    """The ranking as the next decision would publish it, the decision in force and, for the PAR officer,
    what publication still needs and the form to publish or correct."""
    return _ranking_page(request, pk)


def _ranking_page(request, pk: int, status: int = 200):
    """The ranking page; a refused publication shows it again with what was typed and the refusal's status."""
    framework = access_framework(request.user, pk)
    areas = _areas(framework)
    lines = draft_ranking(framework)
    waiting = [line for line in lines if line.status == ResultStatus.NOT_ASSESSED]
    current = in_force(framework)
    context = {
        "framework": framework,
        "rows": _with_area_points(visible_rows(request.user, framework, lines), areas),
        "areas": areas,
        "bands": framework.bands.all(),
        "current": current,
        "waiting": waiting,
        "can_manage": can_manage_framework(request.user, framework),
        "can_publish": can_manage_framework(request.user, framework)
        and not waiting
        and any(line.is_ranked for line in lines),
        "ranking_version": ranking_version(framework),
        "visible_ids": set(
            visible_assessments(request.user).filter(framework=framework).values_list("pk", flat=True)
        ),
        "form": request.POST if request.method == "POST" else {},
        "active_nav": "par_index",
    }
    return render(request, "scoring/ranking.html", context, status=status)


@login_required
@require_POST
def publish(request, pk: int):
    """Publish the results by decision, or a correction of the decision in force; refused as stale (409) when
    the ranking changed after the page was opened, with the current ranking on the same response."""
    framework = access_framework(request.user, pk)
    form = PublishForm(request.POST)
    if not posted(request, form):
        return _ranking_page(request, pk, status=form_status(form))
    data = form.cleaned_data
    corrects = None
    if data["corrects"] is not None:
        corrects = get_object_or_404(RankingPublication, framework=framework, pk=data["corrects"])
    outcome = run_action(
        request,
        actions.do_publish_results,
        framework,
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
        corrects=corrects,
        correction_reason=data["correction_reason"],
        # A form without the figures' fingerprint matches nothing: it is refused as stale.
        expected_ranking=data["ranking_version"],
        actor=request.user,
    )
    if not outcome.ok:
        return _ranking_page(request, pk, status=outcome.status)
    messages.success(
        request,
        _("Decision %(number)s was published with %(n)s units.")
        % {"number": outcome.value.decision_number, "n": outcome.value.scope_size},
    )
    return redirect("scoring:ranking", pk)


def _public(request, publication: RankingPublication):
    framework = publication.framework
    areas = _areas(framework)
    decisions = history(framework)
    this = next(p for p in decisions if p.pk == publication.pk)
    context = {
        "framework": framework,
        "publication": this,
        "in_force": this.corrected_by is None,
        "decisions": decisions,
        "rows": _with_area_points(snapshot_rows(publication), areas),
        "areas": areas,
    }
    return render(request, "scoring/published.html", context)


def published_results(request, pk: int):
    """The public results page: the decision in force and the history of decisions, no login."""
    framework = get_object_or_404(IndexFramework.objects.select_related("owner"), pk=pk)
    current = in_force(framework)
    if current is None:
        raise Http404
    return _public(request, current)


def publication_detail(request, pk: int):
    """One published decision as it was published, with the decisions before and after it; no login."""
    publication = get_object_or_404(
        RankingPublication.objects.select_related("framework", "framework__owner", "corrects"), pk=pk
    )
    return _public(request, publication)


def _document(decision: documents.Decision, name: str, fmt: str) -> HttpResponseBase:
    if fmt == "xlsx":
        data = documents.ranking_xlsx(decision)
    elif fmt == "docx":
        data = documents.ranking_docx(decision)
    elif fmt == "pdf":
        try:
            data = pdf.convert_to_pdf(documents.ranking_docx(decision))
        except pdf.LibreOfficeMissing:
            return HttpResponse(
                _("PDF is not available: LibreOffice is not installed on the server."), status=503
            )
        except pdf.PdfError:
            return HttpResponse(_("The PDF could not be produced. Download the DOCX instead."), status=503)
    else:
        raise Http404
    return download(data, f"{name}.{fmt}")


@login_required
def decision(request, pk: int, fmt: str):
    """The draft of the next decision (marked "DỰ THẢO"): the ranking as it stands, the units the user may
    see; after a publication, the draft of its correction."""
    framework = access_framework(request.user, pk)
    lines = visible_rows(request.user, framework, draft_ranking(framework))
    draft = documents.draft_decision(framework, lines, corrects=in_force(framework))
    return _document(draft, f"du-thao-quyet-dinh-xep-hang-{framework.code}-{framework.year}", fmt)


@login_required
def publication_decision(request, pk: int, fmt: str):
    """A published decision, written from its snapshot alone."""
    publication = get_object_or_404(
        RankingPublication.objects.filter(framework__in=visible_frameworks(request.user)).select_related(
            "framework", "framework__owner", "corrects"
        ),
        pk=pk,
    )
    number = publication.decision_number.split("/")[0].strip() or str(publication.pk)
    name = f"quyet-dinh-{number}-xep-hang-{publication.framework.code}-{publication.framework.year}"
    return _document(documents.published_decision(publication, snapshot_rows(publication)), name, fmt)


@login_required
@require_POST
def exclude(request, pk: int):
    """Leave the unit out of the ranking, with the reason the decision will show."""
    assessment = access_assessment(request.user, pk)
    form = ReasonForm(request.POST)
    if posted(request, form):
        outcome = run_action(
            request,
            actions.do_exclude_assessment,
            assessment,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The unit is left out of the ranking."))
    return redirect(assessment_url(assessment))


@login_required
@require_POST
def include(request, pk: int):
    assessment = access_assessment(request.user, pk)
    form = ReasonForm(request.POST)
    if posted(request, form):
        outcome = run_action(
            request,
            actions.do_include_assessment,
            assessment,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The unit is back in the ranking."))
    return redirect(assessment_url(assessment))
