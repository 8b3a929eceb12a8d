"""The ranking and its publication: the working ranking with the draft decision, publishing and correcting a
decision, leaving a unit out of the ranking, and the public pages that read only the published snapshots
(decision 0110)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.core.params import whole_number
from par.documents import pdf
from par.scoring import actions, documents
from par.scoring.access import (
    access_assessment,
    access_framework,
    assessments_for,
    can_manage_framework,
    frameworks_for,
    visible_rows,
)
from par.scoring.models import IndexFramework, RankingPublication, ResultStatus
from par.scoring.ranking import draft_ranking, history, in_force, ranking_version, snapshot_rows
from par.scoring.views import XLSX_TYPE, _run, assessment_url

PDF_TYPE = "application/pdf"


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
            assessments_for(request.user).filter(framework=framework).values_list("pk", flat=True)
        ),
        "form": request.POST if request.method == "POST" else {},
        "active_nav": "par_index",
    }
    return render(request, "scoring/ranking.html", context, status=getattr(request, "refused", 200))


def _date(raw: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(raw.strip(), "%d/%m/%Y").date() if raw.strip() else None
    except ValueError:
        return None


@login_required
@require_POST
def publish(request, pk: int):
    """Publish the results by decision, or a correction of the decision in force; refused as stale (409) when
    the ranking changed after the page was opened, with the current ranking on the same response."""
    framework = access_framework(request.user, pk)
    raw = request.POST.get("decision_date", "")
    if raw.strip() and _date(raw) is None:
        request.refused = 422
        messages.error(request, _("Enter the date as dd/mm/yyyy."))
        return ranking(request, pk)
    corrects = None
    if request.POST.get("corrects", "").strip():
        corrects = get_object_or_404(
            RankingPublication, framework=framework, pk=whole_number(request.POST.get("corrects"))
        )
    done = _run(
        request,
        actions.do_publish_results,
        framework,
        decision_number=request.POST.get("decision_number", ""),
        decision_date=_date(raw),
        signer_name=request.POST.get("signer_name", ""),
        signer_title=request.POST.get("signer_title", ""),
        corrects=corrects,
        correction_reason=request.POST.get("correction_reason", ""),
        # A form without the figures' fingerprint matches nothing: it is refused as stale.
        expected_ranking=request.POST.get("ranking_version", ""),
        actor=request.user,
    )
    if done is None:
        return ranking(request, pk)
    messages.success(
        request,
        _("Decision %(number)s was published with %(n)s units.")
        % {"number": done.decision_number, "n": done.scope_size},
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


def _document(decision: documents.Decision, name: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        data, kind = documents.ranking_xlsx(decision), XLSX_TYPE
    elif fmt == "docx":
        data, kind = documents.ranking_docx(decision), documents.DOCX_TYPE
    elif fmt == "pdf":
        try:
            data, kind = pdf.convert_to_pdf(documents.ranking_docx(decision)), PDF_TYPE
        except pdf.LibreOfficeMissing:
            return HttpResponse(
                _("PDF is not available: LibreOffice is not installed on the server."), status=503
            )
        except pdf.PdfError:
            return HttpResponse(_("The PDF could not be produced. Download the DOCX instead."), status=503)
    else:
        raise Http404
    return HttpResponse(
        data, content_type=kind, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    )


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
        RankingPublication.objects.filter(framework__in=frameworks_for(request.user)).select_related(
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
    done = _run(
        request,
        actions.do_exclude_assessment,
        assessment,
        reason=request.POST.get("reason", ""),
        actor=request.user,
    )
    if done is not None:
        messages.success(request, _("The unit is left out of the ranking."))
    return redirect(assessment_url(assessment))


@login_required
@require_POST
def include(request, pk: int):
    assessment = access_assessment(request.user, pk)
    done = _run(
        request,
        actions.do_include_assessment,
        assessment,
        reason=request.POST.get("reason", ""),
        actor=request.user,
    )
    if done is not None:
        messages.success(request, _("The unit is back in the ranking."))
    return redirect(assessment_url(assessment))


urlpatterns = [
    path("frameworks/<int:pk>/ranking/", ranking, name="ranking"),
    path("frameworks/<int:pk>/publish/", publish, name="publish"),
    path("frameworks/<int:pk>/decision.<str:fmt>", decision, name="decision"),
    path("results/<int:pk>/", published_results, name="published"),
    path("decisions/<int:pk>/", publication_detail, name="publication"),
    path("decisions/<int:pk>/decision.<str:fmt>", publication_decision, name="publication_decision"),
    path("assessments/<int:pk>/exclude/", exclude, name="exclude"),
    path("assessments/<int:pk>/include/", include, name="include"),
]
