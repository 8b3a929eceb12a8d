"""PAR index pages: frameworks, an assessment's score sheet, measured criteria explained and what-if. The
ranking, its publication and the public pages are in publication_views."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from par.accounts.access import visible_units
from par.core.http import CONFLICT, download, form_status, run_action
from par.metrics import MeasuredRow
from par.scoring import actions, exchange
from par.scoring.access import (
    access_assessment,
    access_framework,
    can_manage_framework,
    can_self_score,
    is_council,
    manages_frameworks,
    visible_assessments,
    visible_frameworks,
)
from par.scoring.applicability import council_scores_survey, marked_out
from par.scoring.forms import AppraiseForm, BandsForm, ImportForm, SelfScoreForm, StepForm, WhatIfForm, posted
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


@login_required
def index(request):
    frameworks = visible_frameworks(request.user).select_related("owner").order_by("-year", "assessed_kind")
    mine = (
        visible_assessments(request.user)
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
        return download(exchange.to_yaml(framework), f"{name}.yaml", "application/yaml; charset=utf-8")
    return download(exchange.to_xlsx(framework), f"{name}.xlsx")


@login_required
@require_POST
def framework_import(request, pk: int):
    """Replace the criteria of a framework nobody is assessed against yet with a YAML or XLSX file."""
    framework = access_framework(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if posted(request, form):
        nodes = form.cleaned_data["file"]
        if run_action(request, actions.do_replace_tree, framework, nodes, actor=request.user).ok:
            messages.success(request, _("The criteria were imported."))
    return redirect("scoring:framework_detail", pk)


@login_required
@require_POST
def framework_bands(request, pk: int):
    framework = access_framework(request.user, pk)
    form = BandsForm(request.POST)
    if posted(request, form):
        outcome = run_action(
            request,
            actions.do_set_bands,
            framework,
            form.cleaned_data["bands"],
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The classification thresholds were saved."))
    return redirect("scoring:framework_detail", pk)


@login_required
@require_POST
def framework_open(request, pk: int):
    framework = access_framework(request.user, pk)
    outcome = run_action(request, actions.do_open_assessments, framework, actor=request.user)
    if outcome.ok:
        messages.success(request, _("%(n)s assessments were opened.") % {"n": len(outcome.value)})
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
    return _assessment_page(request, pk)


def _assessment_page(request, pk: int, status: int = 200):
    """The score sheet; a refused approval shows it again with the current figures and the refusal's status."""
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
    return render(request, "scoring/assessment_detail.html", context, status=status)


def _criterion(assessment, criterion_pk) -> Criterion:
    return get_object_or_404(Criterion, pk=criterion_pk, framework_id=assessment.framework_id, is_leaf=True)


@login_required
@require_POST
def self_score(request, pk: int, criterion_pk: int):
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    form = SelfScoreForm(request.POST, request.FILES)
    if posted(request, form):
        data = form.cleaned_data
        outcome = run_action(
            request,
            actions.do_self_score,
            assessment,
            criterion,
            points=data["points"],
            note=data["note"],
            files=data["evidence"],
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Criterion %(code)s was scored.") % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


@login_required
@require_POST
def appraise(request, pk: int, criterion_pk: int):
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    form = AppraiseForm(request.POST)
    if posted(request, form):
        data = form.cleaned_data
        outcome = run_action(
            request,
            actions.do_appraise_score,
            assessment,
            criterion,
            points=data["points"],
            reason=data["reason"],
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Criterion %(code)s was appraised.") % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


def assessment_url(assessment) -> str:
    return reverse("scoring:assessment_detail", args=[assessment.pk])


STEPS = {
    "submit": (actions.do_submit_assessment, gettext_lazy("The self-assessment was submitted.")),
    "approve": (actions.do_approve_assessment, gettext_lazy("The assessment was approved by the council.")),
    "refresh": (
        actions.do_refresh_measured,
        gettext_lazy("The measured criteria were recomputed from live data."),
    ),
    "reopen": (actions.do_reopen_assessment, gettext_lazy("The assessment was reopened.")),
}


@login_required
@require_POST
def transition(request, pk: int, step: str):
    assessment = access_assessment(request.user, pk)
    if step not in STEPS:
        raise Http404
    action, text = STEPS[step]
    form = StepForm(request.POST)
    if not posted(request, form):
        return redirect(assessment_url(assessment))
    data = form.cleaned_data
    kwargs: dict[str, Any]
    if step == "reopen":
        kwargs = {"reason": data["reason"], "deadline": data["deadline"]}
    elif step == "refresh":
        kwargs = {}
    elif step == "approve" and data["version"] is None:
        # An approval is of the figures on the page: a form without their version approves nothing.
        messages.error(request, _("Reload the page and check the figures before approving."))
        return _assessment_page(request, pk, status=CONFLICT)
    else:
        kwargs = {"expected_version": data["version"]}
    outcome = run_action(request, action, assessment, actor=request.user, **kwargs)
    if step == "approve" and outcome.conflict:
        # Refused as stale: show the current figures with the message, on this response.
        return _assessment_page(request, pk, status=outcome.status)
    if outcome.ok:
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
    form = WhatIfForm(request.GET, criteria=[row["criterion"] for row in rows])
    valid = form.is_valid()
    for row in rows:
        row["proposed"] = form.data.get(f"c{row['criterion'].pk}", "")
    context = {
        "assessment": assessment,
        "rows": rows,
        "result": what_if(assessment, form.cleaned_data["changes"]) if valid else None,
        "errors": form.non_field_errors(),
        "active_nav": "par_index",
    }
    return render(request, "scoring/what_if.html", context, status=form_status(form))


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("score"), pk=pk)
    access_assessment(request.user, evidence.score.assessment_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
