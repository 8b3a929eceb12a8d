"""Forms of the score sheet and the framework page on whether a criterion counts (decisions 0120, 0121): the unit
marks a criterion not applicable or takes the mark back, the council confirms or overrules it, the PAR officer sets
the framework's rule for units without survey answers. Each posts to an action and goes back to its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.core.http import run_action
from par.scoring.access import access_assessment, access_framework
from par.scoring.actions import applicability as na
from par.scoring.forms import ApplicabilityForm, NoSurveyRuleForm, NotApplicableForm, posted
from par.scoring.views import _criterion, assessment_url


@login_required
@require_POST
def mark_not_applicable(request, pk: int, criterion_pk: int):
    """The unit's mark: POST reason=… marks the criterion, POST withdraw=1 takes the mark back."""
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    form = NotApplicableForm(request.POST)
    if posted(request, form):
        data = form.cleaned_data
        if data["withdraw"]:
            outcome = run_action(
                request,
                na.do_withdraw_not_applicable,
                assessment,
                criterion,
                expected_version=data["version"],
                actor=request.user,
            )
            text = _("Criterion %(code)s counts again.")
        else:
            outcome = run_action(
                request,
                na.do_mark_not_applicable,
                assessment,
                criterion,
                reason=data["reason"],
                expected_version=data["version"],
                actor=request.user,
            )
            text = _("Criterion %(code)s was marked not applicable; the appraisal council will decide.")
        if outcome.ok:
            messages.success(request, text % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


@login_required
@require_POST
def decide_not_applicable(request, pk: int, criterion_pk: int):
    """The council's decision: POST decision=confirm or decision=overrule, with a reason (and points)."""
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    form = ApplicabilityForm(request.POST)
    if not form.is_valid() and "decision" in form.errors:
        raise Http404  # only the page's two buttons post a decision
    if posted(request, form):
        data = form.cleaned_data
        confirm = data["decision"] == "confirm"
        outcome = run_action(
            request,
            na.do_decide_not_applicable,
            assessment,
            criterion,
            confirm=confirm,
            reason=data["reason"],
            points=data["points"] or None,
            expected_version=data["version"],
            actor=request.user,
        )
        if outcome.ok:
            text = (
                _("The council confirmed that criterion %(code)s does not apply.")
                if confirm
                else _("The council overruled the mark: criterion %(code)s counts.")
            )
            messages.success(request, text % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


@login_required
@require_POST
def no_survey_rule(request, pk: int):
    framework = access_framework(request.user, pk)
    form = NoSurveyRuleForm(request.POST)
    if posted(request, form):
        outcome = run_action(
            request,
            na.do_set_no_survey_rule,
            framework,
            form.cleaned_data["rule"],
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The rule for units without survey answers was saved."))
    return redirect("scoring:framework_detail", pk)
