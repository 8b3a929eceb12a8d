"""Forms of the score sheet and the framework page on whether a criterion counts (decisions 0120, 0121): the unit
marks a criterion not applicable or takes the mark back, the council confirms or overrules it, the PAR officer sets
the framework's rule for units without survey answers. Each posts to an action and goes back to its page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from par.core.params import whole_number
from par.scoring.access import access_assessment, access_framework
from par.scoring.actions import applicability as na
from par.scoring.views import _criterion, _run, _version, assessment_url


@login_required
@require_POST
def mark_not_applicable(request, pk: int, criterion_pk: int):
    """The unit's mark: POST reason=… marks the criterion, POST withdraw=1 takes the mark back."""
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    if request.POST.get("withdraw"):
        done = _run(
            request,
            na.do_withdraw_not_applicable,
            assessment,
            criterion,
            expected_version=_version(request),
            actor=request.user,
        )
        text = _("Criterion %(code)s counts again.")
    else:
        done = _run(
            request,
            na.do_mark_not_applicable,
            assessment,
            criterion,
            reason=request.POST.get("reason", ""),
            expected_version=_version(request),
            actor=request.user,
        )
        text = _("Criterion %(code)s was marked not applicable; the appraisal council will decide.")
    if done is not None:
        messages.success(request, text % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


@login_required
@require_POST
def decide_not_applicable(request, pk: int, criterion_pk: int):
    """The council's decision: POST decision=confirm or decision=overrule, with a reason (and points)."""
    assessment = access_assessment(request.user, pk)
    criterion = _criterion(assessment, criterion_pk)
    decision = request.POST.get("decision")
    if decision not in ("confirm", "overrule"):
        raise Http404
    done = _run(
        request,
        na.do_decide_not_applicable,
        assessment,
        criterion,
        confirm=decision == "confirm",
        reason=request.POST.get("reason", ""),
        points=request.POST.get("points", "").strip() or None,
        expected_version=_version(request),
        actor=request.user,
    )
    if done is not None:
        text = (
            _("The council confirmed that criterion %(code)s does not apply.")
            if decision == "confirm"
            else _("The council overruled the mark: criterion %(code)s counts.")
        )
        messages.success(request, text % {"code": criterion.code})
    return redirect(f"{assessment_url(assessment)}#c{criterion.pk}")


@login_required
@require_POST
def no_survey_rule(request, pk: int):
    framework = access_framework(request.user, pk)
    done = _run(
        request,
        na.do_set_no_survey_rule,
        framework,
        request.POST.get("rule", ""),
        expected_version=whole_number(request.POST.get("version")),
        actor=request.user,
    )
    if done is not None:
        messages.success(request, _("The rule for units without survey answers was saved."))
    return redirect("scoring:framework_detail", pk)


urlpatterns = [
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/not-applicable/",
        mark_not_applicable,
        name="mark_not_applicable",
    ),
    path(
        "assessments/<int:pk>/criteria/<int:criterion_pk>/applicability/",
        decide_not_applicable,
        name="decide_not_applicable",
    ),
    path("frameworks/<int:pk>/no-survey-rule/", no_survey_rule, name="no_survey_rule"),
]
