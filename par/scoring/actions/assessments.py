"""Assessments: opening them, self scores with evidence, submission, appraisal, recomputing the measured
criteria, approval and reopening. Permission, change and audit row in one transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.core.exceptions import require
from par.documents import uploads
from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind
from par.orgunits.querysets import subtree_q
from par.scoring.access import can_manage_framework, can_self_score, is_council
from par.scoring.actions.publishing import StaleFigures, figures, points_text
from par.scoring.applicability import check_appraisable, check_council_done, marked_out, settle
from par.scoring.models import (
    APPRAISAL_EDITABLE,
    SELF_EDITABLE,
    AssessedKind,
    Assessment,
    AssessmentState,
    Criterion,
    Evidence,
    IndexFramework,
    Method,
    Score,
)
from par.scoring.results import final_points, measure_criterion, q2

S = AssessmentState
SCORE_FIELDS = [
    "self_points",
    "self_note",
    "appraised_points",
    "appraisal_reason",
    "measured_points",
    "not_applicable",
    "final_points",
]


def _points(value, criterion: Criterion) -> Decimal:
    """Parse points and check them against the criterion's maximum (clear Vietnamese message otherwise)."""
    try:
        points = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite():
        raise ValidationError(_("Enter the points as a number, e.g. 1,5."))
    if points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("Criterion %(code)s: the points must be between 0 and %(max)s.")
            % {"code": criterion.code, "max": criterion.max_points}
        )
    return q2(points)


# ---------------------------------------------------------------------------------------------- assessments


def units_for_kind(framework: IndexFramework):
    """Units of the kind the framework assesses, inside its issuing unit, valid in its year."""
    kinds: dict[str, list[str]] = {
        AssessedKind.DEPARTMENT: [UnitKind.DEPARTMENT],
        AssessedKind.COMMUNE: list(COMMUNE_KINDS),
        AssessedKind.DISTRICT: [UnitKind.DISTRICT],
        AssessedKind.PROVINCE: [UnitKind.PROVINCE],
    }
    year_end = dt.date(framework.year, 12, 31)
    return (
        Unit.objects.filter(subtree_q(framework.owner.path), kind__in=kinds[framework.assessed_kind])
        .as_of(year_end)
        .order_by("path")
    )


def do_open_assessments(framework: IndexFramework, *, units=None, actor) -> list[Assessment]:
    """Open an assessment, with one empty score per leaf, for each unit not yet assessed (idempotent)."""
    require(
        actor is None or can_manage_framework(actor, framework),
        _("Only the province PAR officer may open assessments."),
    )
    units = list(units if units is not None else units_for_kind(framework))
    with transaction.atomic():
        taken = set(Assessment.objects.filter(framework=framework).values_list("unit_id", flat=True))
        new = Assessment.objects.bulk_create(
            Assessment(
                framework=framework,
                unit=u,
                deadline=framework.self_deadline,
                applicable_max=framework.max_total,
            )
            for u in units
            if u.pk not in taken
        )
        if not new:
            return []
        new = list(Assessment.objects.filter(framework=framework, unit__in=[a.unit_id for a in new]))
        leaves = list(framework.criteria.filter(is_leaf=True))
        Score.objects.bulk_create(
            (Score(assessment=a, criterion=c) for a in new for c in leaves), batch_size=2000
        )
        record_event(
            actor=actor,
            action="scoring.open_assessments",
            obj=framework,
            unit=framework.owner,
            after={"units": [a.unit_id for a in new]},
        )
    return new


def _lock_assessment(assessment: Assessment) -> Assessment:
    # The workflow state decides what may change: lock the row so a submission and an edit cannot interleave.
    return Assessment.objects.select_for_update().select_related("framework", "unit").get(pk=assessment.pk)


def _retotal(assessment: Assessment) -> None:
    """Store the new total and applicable maximum and count the change in the assessment's version: whoever
    approves or publishes on figures read before it is refused (the caller holds the row lock)."""
    sums = Score.objects.filter(assessment=assessment).aggregate(
        t=Sum("final_points"), left_out=Sum("criterion__max_points", filter=Q(not_applicable=True))
    )
    total = sums["t"] or Decimal(0)
    applicable_max = assessment.framework.max_total - (sums["left_out"] or Decimal(0))
    assessment.version += 1
    Assessment.objects.filter(pk=assessment.pk).update(
        total=total, applicable_max=applicable_max, version=assessment.version, updated_at=timezone.now()
    )
    assessment.total = total
    assessment.applicable_max = applicable_max


def _lock_score(assessment: Assessment, criterion: Criterion, expected_version: int | None) -> Score:
    if criterion.framework_id != assessment.framework_id or not criterion.is_leaf:
        raise ValidationError(_("This criterion is not scored in this assessment."))
    score = Score.objects.select_for_update().get(assessment=assessment, criterion=criterion)
    score.check_version(expected_version)
    return score


def do_self_score(
    assessment: Assessment,
    criterion: Criterion,
    *,
    points,
    note: str = "",
    files=(),
    expected_version: int | None = None,
    actor,
) -> Score:
    """The unit scores one criterion itself, with its explanation and evidence files."""
    require(
        actor is None or can_self_score(actor, assessment), _("Only the unit's own officers may self-assess.")
    )
    if criterion.method != Method.SELF:
        raise ValidationError(_("Criterion %(code)s is not self-assessed.") % {"code": criterion.code})
    value = _points(points, criterion)
    checked = [uploads.check_upload(f) for f in files]
    with uploads.atomic():  # removes the evidence files written before a failure
        locked = _lock_assessment(assessment)
        if locked.state not in SELF_EDITABLE:
            raise ValidationError(
                _("The assessment is %(state)s: self scores are locked.")
                % {"state": locked.get_state_display()}
            )
        score = _lock_score(locked, criterion, expected_version)
        if marked_out(score):
            raise ValidationError(
                _("Criterion %(code)s is marked not applicable; remove the mark to score it.")
                % {"code": criterion.code}
            )
        before = snapshot(score, SCORE_FIELDS)
        score.self_points = value
        score.self_note = note.strip()
        score.self_by = actor
        score.self_at = timezone.now()
        score.final_points = final_points(score, criterion)
        score.version += 1
        score.save()
        for item in checked:
            evidence = Evidence(
                score=score,
                original_name=item.name[:255],
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                uploaded_by=actor,
            )
            uploads.save_upload(evidence.file, item)
            evidence.save()
        if locked.state == S.OPEN:
            locked.state = S.SELF_ASSESSMENT
            locked.save(update_fields=["state", "updated_at"])
        _retotal(locked)
        record_event(
            actor=actor,
            action="scoring.self_score",
            obj=score,
            object_repr=f"{locked.unit} · {criterion.code}",
            unit=locked.unit,
            before=before,
            after={**snapshot(score, SCORE_FIELDS), "evidence": [c.name for c in checked]},
        )
    return score


def do_submit_assessment(assessment: Assessment, *, expected_version: int | None = None, actor) -> Assessment:
    """The unit submits its self-assessment before the deadline; its scores lock."""
    require(
        actor is None or can_self_score(actor, assessment),
        _("Only the unit's own officers may submit the self-assessment."),
    )
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        locked.check_version(expected_version)
        if locked.state not in SELF_EDITABLE:
            raise ValidationError(_("The self-assessment has already been submitted."))
        today = timezone.localdate()
        if locked.deadline and today > locked.deadline:
            raise ValidationError(
                _(
                    "The deadline for self-assessment was %(day)s; ask the PAR officer to reopen it with a new deadline."
                )
                % {"day": locked.deadline.strftime("%d/%m/%Y")}
            )
        scores = list(
            # A criterion marked not applicable needs neither points nor evidence (decision 0120).
            locked.scores.filter(criterion__method=Method.SELF, na_claimed=False)
            .select_related("criterion")
            .prefetch_related("evidence")
        )
        missing = [s.criterion.code for s in scores if s.self_points is None]
        if missing:
            raise ValidationError(
                _("Score every self-assessed criterion before submitting (missing: %(codes)s).")
                % {"codes": ", ".join(missing)}
            )
        no_evidence = [
            s.criterion.code
            for s in scores
            if s.criterion.evidence_required and s.self_points and not s.evidence.all()
        ]
        if no_evidence:
            raise ValidationError(
                _("Attach the required evidence before submitting (criteria: %(codes)s).")
                % {"codes": ", ".join(no_evidence)}
            )
        _refresh(locked)
        locked.state = S.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["state", "submitted_at", "version", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.submit",
            obj=locked,
            unit=locked.unit,
            before={"state": S.SELF_ASSESSMENT},
            after={"state": S.SUBMITTED, "total": locked.total},
        )
    return locked


def do_appraise_score(
    assessment: Assessment,
    criterion: Criterion,
    *,
    points,
    reason: str = "",
    expected_version: int | None = None,
    actor,
) -> Score:
    """The appraisal council fixes a criterion's points; a change from the unit's score needs a reason."""
    require(
        actor is None or is_council(actor, assessment.framework),
        _("Only the appraisal council may appraise."),
    )
    value = _points(points, criterion)
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
        check_appraisable(score, criterion, locked.framework, reason)
        proposed = score.self_points if criterion.method == Method.SELF else score.measured_points
        if proposed is not None and value != proposed and not reason.strip():
            raise ValidationError(
                _("Criterion %(code)s: give the reason for changing the score from %(old)s to %(new)s.")
                % {"code": criterion.code, "old": proposed, "new": value}
            )
        before = snapshot(score, SCORE_FIELDS)
        score.appraised_points = value
        score.appraisal_reason = reason.strip()
        score.appraised_by = actor
        score.appraised_at = timezone.now()
        settle(score, criterion, locked.framework)
        score.version += 1
        score.save()
        if locked.state == S.SUBMITTED:
            locked.state = S.APPRAISAL
            locked.save(update_fields=["state", "updated_at"])
        _retotal(locked)
        record_event(
            actor=actor,
            action="scoring.appraise",
            obj=score,
            object_repr=f"{locked.unit} · {criterion.code}",
            unit=locked.unit,
            before=before,
            after=snapshot(score, SCORE_FIELDS),
            reason=reason.strip(),
        )
    return score


def _refresh(locked: Assessment) -> list[Score]:
    """Recompute the measured criteria from live data (inside the caller's transaction)."""
    changed = []
    scores = locked.scores.filter(criterion__method__in=[Method.AUTO, Method.SURVEY]).select_related(
        "criterion"
    )
    for score in scores.select_for_update(of=("self",)):
        result = measure_criterion(score.criterion, locked)
        score.measured_value = result.value
        score.measured_points = result.points if result.available else None
        score.measured_formula = result.formula or result.message
        score.measured_at = timezone.now()
        settle(score, score.criterion, locked.framework)
        score.save(
            update_fields=[
                "measured_value",
                "measured_points",
                "measured_formula",
                "measured_at",
                "not_applicable",
                "final_points",
            ]
        )
        changed.append(score)
    _retotal(locked)
    return changed


def do_refresh_measured(assessment: Assessment, *, actor) -> Assessment:
    """Recompute the automatic and survey criteria from the data as it is now."""
    require(
        actor is None or can_self_score(actor, assessment) or is_council(actor, assessment.framework),
        _("You may not recompute this assessment."),
    )
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.state in (S.APPROVED, S.PUBLISHED):
            raise ValidationError(_("The assessment is approved: its measured points are frozen."))
        before = locked.total
        scores = _refresh(locked)
        record_event(
            actor=actor,
            action="scoring.refresh_measured",
            obj=locked,
            unit=locked.unit,
            before={"total": before},
            after={"total": locked.total, "measured": {s.criterion.code: s.measured_points for s in scores}},
        )
    return locked


def do_approve_assessment(
    assessment: Assessment, *, expected_version: int | None = None, actor
) -> Assessment:
    """The appraisal council approves the figures it saw; the assessment locks.

    `expected_version` is the version of the page the council member saw. A change since (a score, a
    recomputation) is refused with the current figures, and so is an approval whose recomputation of the
    measured criteria from live data changes any points: the recomputed figures are kept for the council to
    check, nothing is approved.
    """
    require(
        actor is None or is_council(actor, assessment.framework), _("Only the appraisal council may approve.")
    )
    stale = None
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if expected_version is not None and locked.version != expected_version:
            raise StaleFigures(
                _(
                    "This assessment changed after you opened it: its total is now %(total)s points. Nothing "
                    "was approved. Check the current figures below, then approve again."
                )
                % {"total": points_text(locked.total)},
                figures(locked),
            )
        if locked.state not in APPRAISAL_EDITABLE:
            raise ValidationError(_("Only a submitted assessment can be approved."))
        seen_total = locked.total
        seen = {
            pk: (points, out)
            for pk, points, out in locked.scores.filter(
                criterion__method__in=[Method.AUTO, Method.SURVEY]
            ).values_list("pk", "final_points", "not_applicable")
        }
        measured = _refresh(locked)
        if expected_version is not None and any(
            seen.get(s.pk) != (s.final_points, s.not_applicable) for s in measured
        ):
            # The live data moved since the council looked: keep the recomputed points (committed below, so
            # the page shows them) and let the council approve what it then sees.
            record_event(
                actor=actor,
                action="scoring.refresh_measured",
                obj=locked,
                unit=locked.unit,
                before={"total": seen_total},
                after={
                    "total": locked.total,
                    "measured": {s.criterion.code: s.measured_points for s in measured},
                },
                reason=_("Recomputed when approving"),
            )
            stale = StaleFigures(
                _(
                    "The measured criteria were recomputed from live data when you approved: the total "
                    "changed from %(seen)s to %(now)s points. Nothing was approved. Check the current figures "
                    "below, then approve again."
                )
                % {"seen": points_text(seen_total), "now": points_text(locked.total)},
                figures(locked),
            )
        else:
            check_council_done(locked)
            before = locked.state
            locked.state = S.APPROVED
            locked.approved_at = timezone.now()
            locked.version += 1
            locked.save(update_fields=["state", "approved_at", "version", "updated_at"])
            record_event(
                actor=actor,
                action="scoring.approve",
                obj=locked,
                unit=locked.unit,
                before={"state": before},
                after={"state": S.APPROVED, "total": locked.total},
            )
    if stale is not None:
        raise stale
    return locked


REOPEN_TO: dict[str, AssessmentState] = {
    S.SUBMITTED: S.SELF_ASSESSMENT,
    S.APPRAISAL: S.SELF_ASSESSMENT,
    S.APPROVED: S.APPRAISAL,
    S.PUBLISHED: S.APPRAISAL,
}


def do_reopen_assessment(
    assessment: Assessment, *, reason: str, deadline: dt.date | None = None, actor
) -> Assessment:
    """Move a locked assessment one step back (self-assessment or appraisal); a reason is required."""
    require(
        actor is None or can_manage_framework(actor, assessment.framework),
        _("Only the province PAR officer may reopen."),
    )
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening."))
    with transaction.atomic():
        locked = _lock_assessment(assessment)
        if locked.state not in REOPEN_TO:
            raise ValidationError(_("This assessment is still open; there is nothing to reopen."))
        # A published decision keeps what it said: reopening changes the assessment, and a correction
        # publishes the new figures.
        before = snapshot(locked, ["state", "deadline"])
        locked.state = REOPEN_TO[locked.state]
        if deadline:
            locked.deadline = deadline
        if locked.state == S.SELF_ASSESSMENT:
            locked.submitted_at = None
        locked.approved_at = None
        locked.published_at = None
        locked.version += 1
        locked.save()
        record_event(
            actor=actor,
            action="scoring.reopen",
            obj=locked,
            unit=locked.unit,
            before=before,
            after=snapshot(locked, ["state", "deadline"]),
            reason=reason.strip(),
        )
    return locked
