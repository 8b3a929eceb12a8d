"""Actions on whether a criterion counts for a unit: the unit's "not applicable" mark and the council's decision on it
(decision 0120), and the framework's rule for units without survey answers (decision 0121). Each checks permission,
changes the rows and writes its audit event in one transaction, as in every `par.scoring.actions` module."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.core.exceptions import require
from par.scoring.access import can_manage_framework, can_self_score, is_council
from par.scoring.actions.assessments import _lock_assessment, _lock_score, _points, _retotal
from par.scoring.applicability import settle
from par.scoring.models import (
    APPRAISAL_EDITABLE,
    SELF_EDITABLE,
    Applicability,
    Assessment,
    AssessmentState,
    Criterion,
    IndexFramework,
    Method,
    NoSurveyRule,
    Score,
)

S = AssessmentState
NA_FIELDS = [
    "na_claimed",
    "na_reason",
    "na_decision",
    "na_decision_reason",
    "appraised_points",
    "not_applicable",
    "final_points",
]


def _save(score: Score, locked: Assessment) -> None:
    settle(score, score.criterion, locked.framework)
    score.version += 1
    score.save()
    _retotal(locked)


def _self_editable(locked: Assessment) -> None:
    if locked.state not in SELF_EDITABLE:
        raise ValidationError(
            _("The assessment is %(state)s: self scores are locked.") % {"state": locked.get_state_display()}
        )


def do_mark_not_applicable(
    assessment: Assessment,
    criterion: Criterion,
    *,
    reason: str,
    expected_version: int | None = None,
    actor,
) -> Score:
    """The unit marks a criterion as not applicable to it, with the reason; it counts so until the council decides."""
    require(
        actor is None or can_self_score(actor, assessment),
        _("Only the unit's own officers may mark a criterion not applicable."),
    )
    if not reason.strip():
        raise ValidationError(
            _("Give the reason why criterion %(code)s does not apply to the unit.") % {"code": criterion.code}
        )
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        _self_editable(locked)
        score = _lock_score(locked, criterion, expected_version)
        before = snapshot(score, NA_FIELDS)
        score.na_claimed = True
        score.na_reason = reason.strip()
        score.na_claimed_by = actor
        score.na_claimed_at = timezone.now()
        # A new mark is a new question for the council: an earlier decision does not carry over.
        score.na_decision = Applicability.PENDING
        score.na_decision_reason = ""
        score.na_decided_by = None
        score.na_decided_at = None
        _save(score, locked)
        if locked.state == S.OPEN:
            locked.state = S.SELF_ASSESSMENT
            locked.save(update_fields=["state", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.mark_not_applicable",
            obj=score,
            object_repr=f"{locked.unit} · {criterion.code}",
            unit=locked.unit,
            before=before,
            after=snapshot(score, NA_FIELDS),
            reason=score.na_reason,
        )
    return score


def do_withdraw_not_applicable(
    assessment: Assessment, criterion: Criterion, *, expected_version: int | None = None, actor
) -> Score:
    """The unit takes back its "not applicable" mark during self-assessment; the criterion counts again."""
    require(
        actor is None or can_self_score(actor, assessment),
        _("Only the unit's own officers may mark a criterion not applicable."),
    )
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        _self_editable(locked)
        score = _lock_score(locked, criterion, expected_version)
        if not score.na_claimed:
            raise ValidationError(
                _("Criterion %(code)s is not marked not applicable.") % {"code": criterion.code}
            )
        before = snapshot(score, NA_FIELDS)
        score.na_claimed = False
        score.na_decision = Applicability.PENDING
        score.na_decision_reason = ""
        score.na_decided_by = None
        score.na_decided_at = None
        _save(score, locked)
        record_event(
            actor=actor,
            action="scoring.withdraw_not_applicable",
            obj=score,
            object_repr=f"{locked.unit} · {criterion.code}",
            unit=locked.unit,
            before=before,
            after=snapshot(score, NA_FIELDS),
        )
    return score


def do_decide_not_applicable(
    assessment: Assessment,
    criterion: Criterion,
    *,
    confirm: bool,
    reason: str = "",
    points=None,
    expected_version: int | None = None,
    actor,
) -> Score:
    """The appraisal council confirms the unit's "not applicable" mark, or overrules it with a reason.

    Overruling a criterion the unit never scored (self-assessed or appraisal-only) needs the council's points:
    the criterion counts again and must not count 0 because nobody scored it.
    """
    require(
        actor is None or is_council(actor, assessment.framework),
        _("Only the appraisal council may decide whether a criterion applies."),
    )
    if not confirm and not reason.strip():
        raise ValidationError(
            _("Criterion %(code)s: give the reason why the criterion applies to the unit.")
            % {"code": criterion.code}
        )
    given = None if points in (None, "") else _points(points, criterion)
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.state not in APPRAISAL_EDITABLE:
            raise ValidationError(
                _(
                    "The assessment is %(state)s: appraisal is only possible after submission and before approval."
                )
                % {"state": locked.get_state_display()}
            )
        score = _lock_score(locked, criterion, expected_version)
        if not score.na_claimed:
            raise ValidationError(
                _("Criterion %(code)s is not marked not applicable.") % {"code": criterion.code}
            )
        unscored = (
            criterion.method in (Method.SELF, Method.APPRAISAL)
            and score.self_points is None
            and score.appraised_points is None
        )
        if not confirm and given is None and unscored:
            raise ValidationError(
                _("Criterion %(code)s was never scored: give the points it earns when overruling the mark.")
                % {"code": criterion.code}
            )
        before = snapshot(score, NA_FIELDS)
        score.na_decision = Applicability.CONFIRMED if confirm else Applicability.OVERRULED
        score.na_decision_reason = reason.strip()
        score.na_decided_by = actor
        score.na_decided_at = timezone.now()
        if not confirm and given is not None:
            score.appraised_points = given
            score.appraisal_reason = reason.strip()
            score.appraised_by = actor
            score.appraised_at = score.na_decided_at
        _save(score, locked)
        if locked.state == S.SUBMITTED:
            locked.state = S.APPRAISAL
            locked.save(update_fields=["state", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.confirm_not_applicable" if confirm else "scoring.overrule_not_applicable",
            obj=score,
            object_repr=f"{locked.unit} · {criterion.code}",
            unit=locked.unit,
            before=before,
            after=snapshot(score, NA_FIELDS),
            reason=reason.strip(),
        )
    return score


def do_set_no_survey_rule(
    framework: IndexFramework, rule: str, *, expected_version: int | None = None, actor
) -> IndexFramework:
    """Change what a survey criterion scores for units without answers; the assessments under way follow at once.

    Refused once an assessment of the framework is approved: its points were approved under the rule in force.
    """
    require(actor is None or can_manage_framework(actor, framework), _("You may not change this framework."))
    if rule not in NoSurveyRule.values:
        raise ValidationError(_("Unknown rule for units without survey answers: %(r)s") % {"r": rule})
    with transaction.atomic():
        locked = IndexFramework.objects.select_for_update().get(pk=framework.pk)
        locked.check_version(expected_version)
        if locked.assessments.filter(state__in=[S.APPROVED, S.PUBLISHED]).exists():
            raise ValidationError(
                _(
                    "Assessments of this framework are already approved under the current rule; reopen them "
                    "before changing it."
                )
            )
        before = locked.no_survey_rule
        locked.no_survey_rule = rule
        locked.version += 1
        locked.save(update_fields=["no_survey_rule", "version", "updated_at"])
        # Lock every assessment under way (as each action does) and settle its survey criteria again.
        assessments = list(
            Assessment.objects.select_for_update()
            .filter(framework=locked)
            .select_related("framework", "unit")
            .order_by("pk")
        )
        changed = 0
        for assessment in assessments:
            assessment.framework = locked
            scores = list(
                Score.objects.filter(assessment=assessment, criterion__method=Method.SURVEY).select_related(
                    "criterion"
                )
            )
            for score in scores:
                was = (score.not_applicable, score.final_points)
                settle(score, score.criterion, locked)
                if (score.not_applicable, score.final_points) != was:
                    score.save(update_fields=["not_applicable", "final_points"])
                    changed += 1
            _retotal(assessment)
        record_event(
            actor=actor,
            action="scoring.set_no_survey_rule",
            obj=locked,
            unit=locked.owner,
            before={"no_survey_rule": before},
            after={"no_survey_rule": rule, "scores_changed": changed},
        )
    return locked
