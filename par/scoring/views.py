"""PAR index pages: frameworks, an assessment's score sheet, measured criteria explained and what-if. The
ranking, its publication and the public pages are in publication_views."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.accounts.access import visible_units
from par.core.exceptions import ConflictError
from par.core.params import whole_number
from par.metrics import MeasuredRow
from par.scoring import actions, exchange
from par.scoring.access import (
    access_assessment,
    access_framework,
    assessments_for,
    can_manage_framework,
    can_self_score,
    frameworks_for,
    is_council,
    manages_frameworks,
)
from par.scoring.applicability import council_scores_survey, marked_out
from par.scoring.models import (
    APPRAISAL_EDITABLE,
    SELF_EDITABLE,
    AssessmentState,
    Criterion,
    Evidence,
    Method,
    NoSurveyRule,
    RankingExclusion,
    Score,
)
from par.scoring.results import measure_criterion, percent_of, what_if

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ConflictError):
        return [exc.message]
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("You may not do this.")]


def _run(request, action, *args, **kwargs):
    """Call an action; on refusal show its message and return None (409 for a conflict, else 422)."""
    try:
        return action(*args, **kwargs)
    except ConflictError as exc:
        request.refused = 409
        messages.error(request, exc.message)
    except (ValidationError, PermissionDenied) as exc:
        request.refused = 422
        for text in _errors(exc):
            messages.error(request, text)
    return None


def _back(request, default):
    return redirect(default)


@login_required
def index(request):
    frameworks = frameworks_for(request.user).select_related("owner").order_by("-year", "assessed_kind")
    mine = (
        assessments_for(request.user)
        .select_related("framework", "unit")
        .order_by("-framework__year", "unit__path")
    )
    context = {
        "frameworks": frameworks,
        "assessments": mine[:200],
        "can_issue": manages_frameworks(request.user),
        "active_nav": "par_index",
    }
    return render(request, "scoring/index.html", context)


@login_required
def framework_detail(request, pk: int):
    framework = access_framework(request.user, pk)
    context = {
        "framework": framework,
        "criteria": framework.criteria.order_by("order"),
        "bands": framework.bands.all(),
        "can_manage": can_manage_framework(request.user, framework),
        "assessment_count": framework.assessments.count(),
        "no_survey_rules": NoSurveyRule.choices,
        "active_nav": "par_index",
    }
    return render(request, "scoring/framework_detail.html", context)


@login_required
def framework_export(request, pk: int, fmt: str):
    framework = access_framework(request.user, pk)
    name = f"{framework.code}-{framework.year}"
    if fmt == "yaml":
        return HttpResponse(
            exchange.to_yaml(framework),
            content_type="application/yaml; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.yaml"'},
        )
    return HttpResponse(
        exchange.to_xlsx(framework),
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
    )


@login_required
@require_POST
def framework_import(request, pk: int):
    """Replace the criteria of a framework nobody is assessed against yet with a YAML or XLSX file."""
    framework = access_framework(request.user, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Choose a file to import."))
        data = upload.read()
        if upload.name.lower().endswith((".yaml", ".yml")):
            nodes = exchange.read_yaml(data).nodes
        else:
            nodes = exchange.parse_xlsx(data)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("scoring:framework_detail", pk)
    if _run(request, actions.do_replace_tree, framework, nodes, actor=request.user) is not None:
        messages.success(request, _("The criteria were imported."))
    return redirect("scoring:framework_detail", pk)


@login_required
@require_POST
def framework_bands(request, pk: int):
    framework = access_framework(request.user, pk)
    bands = []
    try:
        for label, minimum in zip(
            request.POST.getlist("label"), request.POST.getlist("min_percent"), strict=False
        ):
            if label.strip() or minimum.strip():
                bands.append((label, Decimal(minimum.replace(",", "."))))
    except InvalidOperation:
        messages.error(request, _("Thresholds are percentages between 0 and 100."))
        return redirect("scoring:framework_detail", pk)
    version = request.POST.get("version")
    done = _run(
        request,
        actions.do_set_bands,
        framework,
        bands,
        expected_version=whole_number(version),
        actor=request.user,
    )
    if done is not None:
        messages.success(request, _("The classification thresholds were saved."))
    return redirect("scoring:framework_detail", pk)


@login_required
@require_POST
def framework_open(request, pk: int):
    framework = access_framework(request.user, pk)
    opened = _run(request, actions.do_open_assessments, framework, actor=request.user)
    if opened is not None:
        messages.success(request, _("%(n)s assessments were opened.") % {"n": len(opened)})
    return redirect("scoring:framework_detail", pk)


def _sheet(assessment):
    """The tree of the assessment with each leaf's score and evidence, in two queries."""
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(assessment=assessment).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at"))
        )
    }
    rows = []
    for criterion in assessment.framework.criteria.order_by("order"):
        rows.append({"criterion": criterion, "score": scores.get(criterion.pk)})
    return rows


@login_required
def assessment_detail(request, pk: int):
    assessment = access_assessment(request.user, pk)
    framework = assessment.framework
    council = is_council(request.user, framework)
    rows = _sheet(assessment)
    for row in rows:
        score, criterion = row["score"], row["criterion"]
        if score is not None:
            row["council_survey"] = council_scores_survey(score, criterion, framework)
            row["appraisable"] = (
                criterion.method != Method.SURVEY or row["council_survey"]
            ) and not marked_out(score)
    context = {
        "assessment": assessment,
        "framework": framework,
        "rows": rows,
        "can_self": can_self_score(request.user, assessment) and assessment.state in SELF_EDITABLE,
        "can_appraise": council and assessment.state in APPRAISAL_EDITABLE,
        "can_approve": council and assessment.state in APPRAISAL_EDITABLE,
        "can_reopen": can_manage_framework(request.user, framework) and assessment.state in actions.REOPEN_TO,
        "can_exclude": can_manage_framework(request.user, framework),
        "exclusion": RankingExclusion.objects.filter(assessment=assessment).first(),
        "can_refresh": (can_self_score(request.user, assessment) or council)
        and assessment.state not in (AssessmentState.APPROVED, AssessmentState.PUBLISHED),
        "percent": percent_of(assessment.total, assessment.applicable_max),
        "active_nav": "par_index",
    }
    return render(request, "scoring/assessment_detail.html", context, status=getattr(request, "refused", 200))


def _criterion(assessment, criterion_pk) -> Criterion:
    return get_object_or_404(Criterion, pk=criterion_pk, framework_id=assessment.framework_id, is_leaf=True)


def _version(request) -> int | None:
    return whole_number(request.POST.get("version"))


@login_required
@require_POST
def self_score(request, pk: int, criterion_pk: int):
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    done = _run(
        request,
        actions.do_self_score,
        assessment,
        criterion,
        points=request.POST.get("points", ""),
        note=request.POST.get("note", ""),
        files=request.FILES.getlist("evidence"),
        expected_version=_version(request),
        actor=request.user,
    )
    if done is not None:
        messages.success(request, _("Criterion %(code)s was scored.") % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


@login_required
@require_POST
def appraise(request, pk: int, criterion_pk: int):
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    done = _run(
        request,
        actions.do_appraise_score,
        assessment,
        criterion,
        points=request.POST.get("points", ""),
        reason=request.POST.get("reason", ""),
        expected_version=_version(request),
        actor=request.user,
    )
    if done is not None:
        messages.success(request, _("Criterion %(code)s was appraised.") % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


def assessment_url(assessment) -> str:
    from django.urls import reverse

    return reverse("scoring:assessment_detail", args=[assessment.pk])


@login_required
@require_POST
def transition(request, pk: int, step: str):
    assessment = access_assessment(request.user, pk)
    version = _version(request)
    if step == "submit":
        done = _run(
            request, actions.do_submit_assessment, assessment, expected_version=version, actor=request.user
        )
        text = _("The self-assessment was submitted.")
    elif step == "approve":
        if version is None:
            # An approval is of the figures on the page: a form without their version approves nothing.
            request.refused = 409
            messages.error(request, _("Reload the page and check the figures before approving."))
            return assessment_detail(request, pk)
        done = _run(
            request, actions.do_approve_assessment, assessment, expected_version=version, actor=request.user
        )
        if done is None and getattr(request, "refused", None) == 409:
            # Refused as stale: show the current figures with the message, on this response.
            return assessment_detail(request, pk)
        text = _("The assessment was approved by the council.")
    elif step == "refresh":
        done = _run(request, actions.do_refresh_measured, assessment, actor=request.user)
        text = _("The measured criteria were recomputed from live data.")
    elif step == "reopen":
        deadline = None
        raw = request.POST.get("deadline", "")
        if raw:
            try:
                deadline = dt.datetime.strptime(raw, "%d/%m/%Y").date()
            except ValueError:
                messages.error(request, _("Enter the date as dd/mm/yyyy."))
                return redirect(assessment_url(assessment))
        done = _run(
            request,
            actions.do_reopen_assessment,
            assessment,
            reason=request.POST.get("reason", ""),
            deadline=deadline,
            actor=request.user,
        )
        text = _("The assessment was reopened.")
    else:
        raise Http404
    if done is not None:
        messages.success(request, text)
    return redirect(assessment_url(assessment))


ROWS_PER_PAGE = 50


def linked_rows(user, rows) -> list[MeasuredRow]:
    """The rows of one page, each linked to its record only when the reader sees the record's unit (decision 0123).

    Every reader of the assessment sees what the figure was computed from; opening a dossier, a petition or a
    report still needs access to its unit (one query for the page).
    """
    rows = list(rows)
    units = {r.unit_id for r in rows if r.unit_id is not None}
    seen = set(visible_units(user).filter(pk__in=units).values_list("pk", flat=True)) if units else set()
    return [r if r.unit_id is None or r.unit_id in seen else replace(r, url="") for r in rows]


@login_required
def criterion_explain(request, pk: int, criterion_pk: int):
    """A measured criterion: the metric, the formula with its numbers, the points and the rows behind them."""
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    if criterion.method not in (Method.AUTO, Method.SURVEY):
        raise Http404
    result = measure_criterion(criterion, assessment)
    score = Score.objects.get(assessment=assessment, criterion=criterion)
    records = result.measurement.records() if result.measurement else []
    page = Paginator(records, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "assessment": assessment,
        "criterion": criterion,
        "result": result,
        "score": score,
        "page": page,
        "rows": linked_rows(request.user, page.object_list),
        "active_nav": "par_index",
    }
    return render(request, "scoring/criterion_explain.html", context)


@login_required
def what_if_view(request, pk: int):
    """Change some points and see the new total, rank and classification; nothing is saved."""
    assessment = access_assessment(request.user, pk)
    rows = _sheet(assessment)
    changes: dict[int, Decimal] = {}
    errors = []
    for row in rows:
        criterion = row["criterion"]
        raw = request.GET.get(f"c{criterion.pk}", "").strip()
        if not raw or not criterion.is_leaf:
            continue
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or value < 0 or value > criterion.max_points:
            errors.append(
                _("Criterion %(code)s: the points must be between 0 and %(max)s.")
                % {"code": criterion.code, "max": criterion.max_points}
            )
            continue
        changes[criterion.pk] = value
        row["proposed"] = raw
    result = what_if(assessment, changes) if not errors else None
    context = {
        "assessment": assessment,
        "rows": rows,
        "result": result,
        "errors": errors,
        "active_nav": "par_index",
    }
    return render(request, "scoring/what_if.html", context, status=422 if errors else 200)


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("score"), pk=pk)
    access_assessment(request.user, evidence.score.assessment_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


urlpatterns = [
    path("", index, name="index"),
    path("frameworks/<int:pk>/", framework_detail, name="framework_detail"),
    path("frameworks/<int:pk>/export.<str:fmt>", framework_export, name="framework_export"),
    path("frameworks/<int:pk>/import/", framework_import, name="framework_import"),
    path("frameworks/<int:pk>/bands/", framework_bands, name="framework_bands"),
    path("frameworks/<int:pk>/open/", framework_open, name="framework_open"),
    path("assessments/<int:pk>/", assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/what-if/", what_if_view, name="what_if"),
    path("assessments/<int:pk>/<str:step>/", transition, name="transition"),
    path("assessments/<int:pk>/criteria/<int:criterion_pk>/", criterion_explain, name="criterion_explain"),
    path("assessments/<int:pk>/criteria/<int:criterion_pk>/self/", self_score, name="self_score"),
    path("assessments/<int:pk>/criteria/<int:criterion_pk>/appraise/", appraise, name="appraise"),
    path("evidence/<int:pk>/", evidence_download, name="evidence_download"),
]
