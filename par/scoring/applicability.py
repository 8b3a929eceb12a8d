"""Whether a criterion counts for a unit (decisions 0120 and 0121): the rules the actions apply to a score before
they store its final points, and the checks they make before appraisal and approval. Nothing here writes.

- A criterion the unit marked "not applicable" is left out while the mark stands: from the unit's mark until the
  appraisal council overrules it (a confirmed mark stays).
- A survey criterion measured with no answer in the period is left out under the framework's "exclude" rule; under
  the "council" rule the council scores it, with a reason, and approval waits for that score.

A criterion left out scores nothing and its maximum leaves the unit's applicable maximum; the index is points ÷
that maximum (Thanh Hóa's published results: 68,32 points of an applicable 84 = 81,33 %).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from par.scoring.models import (
    Applicability,
    Assessment,
    Criterion,
    IndexFramework,
    Method,
    NoSurveyRule,
    Score,
)
from par.scoring.results import final_points


def survey_without_answers(score: Score, criterion: Criterion) -> bool:
    """A survey criterion that was measured and found no counted answer in the period."""
    return (
        criterion.method == Method.SURVEY and score.measured_at is not None and score.measured_points is None
    )


def marked_out(score: Score) -> bool:
    """The unit's "not applicable" mark stands (awaiting the council, or confirmed by it)."""
    return score.na_claimed and score.na_decision != Applicability.OVERRULED


def council_scores_survey(score: Score, criterion: Criterion, framework: IndexFramework) -> bool:
    """Under the "council" rule the council gives the points of a survey criterion without answers."""
    return framework.no_survey_rule == NoSurveyRule.COUNCIL and survey_without_answers(score, criterion)


def is_not_applicable(score: Score, criterion: Criterion, framework: IndexFramework) -> bool:
    if marked_out(score):
        return True
    return (
        framework.no_survey_rule == NoSurveyRule.EXCLUDE
        and survey_without_answers(score, criterion)
        and score.appraised_points is None
    )


def settle(score: Score, criterion: Criterion, framework: IndexFramework) -> None:
    """Set the score's `not_applicable` and `final_points` from its fields and the framework's rule (unsaved)."""
    score.not_applicable = is_not_applicable(score, criterion, framework)
    score.final_points = final_points(score, criterion)


def check_appraisable(score: Score, criterion: Criterion, framework: IndexFramework, reason: str) -> None:
    """Survey points come from the survey, unless the council scores a survey without answers (decision 0121);
    a criterion left out of the unit's index is not scored (decision 0120)."""
    if criterion.method == Method.SURVEY:
        if not council_scores_survey(score, criterion, framework):
            raise ValidationError(
                _("Survey criteria take their points from the survey and are not appraised.")
            )
        if not reason.strip():
            raise ValidationError(
                _(
                    "Criterion %(code)s has no survey answers: give the reason for the points the council gives."
                )
                % {"code": criterion.code}
            )
    if marked_out(score):
        raise ValidationError(
            _("Criterion %(code)s is marked not applicable; overrule the mark before scoring it.")
            % {"code": criterion.code}
        )


def check_council_done(locked: Assessment) -> None:
    """Approval waits for the council's decision on every "not applicable" mark and, under the "council" rule,
    for its points on each survey criterion without answers (decisions 0120, 0121)."""
    scores = list(locked.scores.select_related("criterion").order_by("criterion__order"))
    pending = [s.criterion.code for s in scores if s.na_pending]
    if pending:
        raise ValidationError(
            _("Confirm or overrule the units' “not applicable” marks first (criteria: %(codes)s).")
            % {"codes": ", ".join(pending)}
        )
    unscored = [
        s.criterion.code
        for s in scores
        if not s.not_applicable
        and council_scores_survey(s, s.criterion, locked.framework)
        and s.appraised_points is None
    ]
    if unscored:
        raise ValidationError(
            _("The unit has no survey answers: the council scores criteria %(codes)s before approving.")
            % {"codes": ", ".join(unscored)}
        )
