"""Publishing a framework's results by decision, correcting a decision, and leaving a unit out of the ranking
with a reason (decision 0110). Each action checks permission, writes and audits in one transaction.

A publication is a snapshot written once (RankingPublication and its PublishedResult rows): a later change of
scores, thresholds or unit names never alters it. A correction is a new decision naming the one it corrects.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from par.audit.log import record_event
from par.core.exceptions import ConflictError, require
from par.scoring.access import can_manage_framework
from par.scoring.models import (
    Assessment,
    AssessmentState,
    IndexFramework,
    PublishedResult,
    RankingExclusion,
    RankingPublication,
    ResultStatus,
)
from par.scoring.ranking import draft_ranking, in_force, ranking_version
from par.sync.outbox import INDEX_RESULTS, emit

S = AssessmentState
# How many waiting units a refusal names before "and N more".
NAMED_IN_REFUSAL = 10


class StaleFigures(ConflictError):
    """The figures changed after the user read them; `current` holds the figures as they are now."""

    def __init__(self, message: str, current: dict) -> None:
        super().__init__(message, current)


def points_text(value) -> str:
    """Points as the page shows them: two decimals, the reader's separators (72,53)."""
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def _names(lines) -> str:
    names = [line.unit_name for line in lines[:NAMED_IN_REFUSAL]]
    rest = len(lines) - len(names)
    if rest:
        names.append(ngettext("and %(n)s more unit", "and %(n)s more units", rest) % {"n": rest})
    return ", ".join(names)


def _check_decision(
    locked: IndexFramework,
    current: RankingPublication | None,
    *,
    number: str,
    day: dt.date | None,
    corrects: RankingPublication | None,
    reason: str,
) -> None:
    if not number:
        raise ValidationError(_("Enter the number of the decision, e.g. 125/QĐ-UBND."))
    if day is None:
        raise ValidationError(_("Enter the date of the decision (dd/mm/yyyy)."))
    if day > timezone.localdate():
        raise ValidationError(
            _("The decision date %(day)s is later than today: publish a decision once it is signed.")
            % {"day": _day(day)}
        )
    if current is None and corrects is not None:
        raise ValidationError(_("These results have not been published yet: there is nothing to correct."))
    if current is not None:
        if corrects is None:
            raise ValidationError(
                _(
                    "These results were already published by decision %(number)s of %(day)s, which stays as "
                    "it is. To change them, publish a correction: a new decision naming the one it corrects, "
                    "with the reason."
                )
                % {"number": current.decision_number, "day": _day(current.decision_date)}
            )
        if corrects.pk != current.pk:
            raise ConflictError(
                _(
                    "Decision %(number)s has already been corrected; the decision in force is %(current)s. "
                    "Reload the page."
                )
                % {"number": corrects.decision_number, "current": current.decision_number}
            )
        if not reason:
            raise ValidationError(_("Give the reason for the correction."))
        if day < current.decision_date:
            raise ValidationError(
                _("A correction cannot be dated before the decision it corrects (%(day)s).")
                % {"day": _day(current.decision_date)}
            )
    if RankingPublication.objects.filter(framework=locked, decision_number=number).exists():
        raise ValidationError(
            _("Decision number %(number)s is already used for these results.") % {"number": number}
        )


def do_publish_results(
    framework: IndexFramework,
    *,
    decision_number: str,
    decision_date: dt.date | None,
    signer_name: str = "",
    signer_title: str = "",
    corrects: RankingPublication | None = None,
    correction_reason: str = "",
    expected_ranking: str | None = None,
    actor,
) -> RankingPublication:
    """Publish the framework's results by decision: a snapshot of every unit in scope, never changed after.

    Every unit must be approved by the council or excluded with a reason. Once published, only a correction
    (`corrects` = the decision in force, with a reason) publishes again. `expected_ranking` is the
    `ranking_version` of the page the officer saw: any change since then is refused (409).
    """
    require(
        actor is None or can_manage_framework(actor, framework),
        _("Only the province PAR officer may publish results."),
    )
    number = decision_number.strip()
    reason = correction_reason.strip()
    with transaction.atomic():
        # Lock the framework: two publications at once would both take the same decision as the one in force.
        locked = IndexFramework.objects.select_for_update().select_related("owner").get(pk=framework.pk)
        if expected_ranking is not None and ranking_version(locked) != expected_ranking:
            raise ConflictError(
                _(
                    "The results changed after you opened this page (a score, an approval, an exclusion or "
                    "another decision). Nothing was published. Check the current figures below, then publish "
                    "again."
                )
            )
        current = in_force(locked)
        _check_decision(locked, current, number=number, day=decision_date, corrects=corrects, reason=reason)
        assert decision_date is not None  # checked above
        lines = draft_ranking(locked)
        waiting = [line for line in lines if line.status == ResultStatus.NOT_ASSESSED]
        if waiting:
            raise ValidationError(
                _(
                    "%(waiting)s of %(total)s units are not yet approved by the appraisal council: %(names)s. "
                    "Publication needs every unit approved, or excluded from the ranking with a reason."
                )
                % {"waiting": len(waiting), "total": len(lines), "names": _names(waiting)}
            )
        if not any(line.is_ranked for line in lines):
            raise ValidationError(_("No unit is approved: there is nothing to rank."))
        bands = [[b.label, str(b.min_percent)] for b in locked.bands.order_by("-min_percent")]
        publication = RankingPublication.objects.create(
            framework=locked,
            framework_version=locked.version,
            max_total=locked.max_total,
            bands=bands,
            decision_number=number,
            decision_date=decision_date,
            signer_name=signer_name.strip(),
            signer_title=signer_title.strip(),
            scope_size=len(lines),
            corrects=current,
            correction_reason=reason if current else "",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        PublishedResult.objects.bulk_create(
            PublishedResult(
                publication=publication,
                order=i,
                unit_id=line.unit_id,
                unit_name=line.unit_name,
                assessment_id=line.assessment_id,
                status=line.status,
                total=line.total if line.is_ranked else None,
                applicable_max=line.applicable_max if line.is_ranked else None,
                percent=line.percent if line.is_ranked else None,
                rank=line.rank,
                classification=line.classification,
                previous_percent=line.previous_percent if line.is_ranked else None,
                area_points=line.area_points if line.is_ranked else {},
                not_applicable=line.not_applicable if line.is_ranked else [],
                reason=line.reason,
            )
            for i, line in enumerate(lines, start=1)
        )
        now = timezone.now()
        approved = [line.assessment_id for line in lines if line.is_ranked and line.state == S.APPROVED]
        # Lock the approved assessments being published so a reopening cannot slip in between.
        for assessment in Assessment.objects.select_for_update().filter(pk__in=approved):
            assessment.state = S.PUBLISHED
            assessment.published_at = now
            assessment.version += 1
            assessment.save(update_fields=["state", "published_at", "version", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.correct_publication" if current else "scoring.publish",
            obj=publication,
            object_repr=f"{locked} · {publication}",
            unit=locked.owner,
            before={"decision": current.decision_number} if current else None,
            after={
                "decision": number,
                "decision_date": decision_date,
                "framework_version": locked.version,
                "ranking": [
                    (line.unit_name, line.status, str(line.total), line.rank, line.classification)
                    for line in lines
                ],
            },
            reason=reason,
        )
        _emit_results(locked, publication, lines)
    return publication


def _emit_results(framework: IndexFramework, publication: RankingPublication, lines) -> None:
    """Tell the national level the published results (decision 0171); nothing unless SYNC_ENABLED."""
    emit(
        INDEX_RESULTS,
        f"index.published:{publication.pk}",
        lambda: {
            "framework": {"code": framework.code, "name": framework.name, "year": framework.year},
            "decision": publication.decision_number,
            "decision_date": publication.decision_date,
            "corrects": publication.corrects.decision_number if publication.corrects else None,
            "max_total": publication.max_total,
            "results": [
                {
                    "unit": line.unit_name,
                    "status": line.status,
                    "total": line.total if line.is_ranked else None,
                    "percent": line.percent if line.is_ranked else None,
                    "rank": line.rank,
                    "classification": line.classification,
                }
                for line in lines
            ],
        },
    )


def do_exclude_assessment(assessment: Assessment, *, reason: str, actor) -> RankingExclusion:
    """Leave a unit out of its framework's ranking, with the reason the decision will show."""
    require(
        actor is None or can_manage_framework(actor, assessment.framework),
        _("Only the province PAR officer may leave a unit out of the ranking."),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for leaving the unit out of the ranking."))
    with transaction.atomic():
        # The assessment row orders the exclusion against a publication reading it (which locks the framework
        # and reads the exclusions) and against another exclusion of the same unit.
        locked = (
            Assessment.objects.select_for_update().select_related("unit", "framework").get(pk=assessment.pk)
        )
        if RankingExclusion.objects.filter(assessment=locked).exists():
            raise ValidationError(_("This unit is already left out of the ranking."))
        exclusion = RankingExclusion.objects.create(
            assessment=locked,
            reason=reason,
            excluded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.exclude",
            obj=locked,
            unit=locked.unit,
            after={"excluded": True},
            reason=reason,
        )
    return exclusion


def do_include_assessment(assessment: Assessment, *, reason: str, actor) -> Assessment:
    """Put an excluded unit back into the ranking (published decisions keep what they said)."""
    require(
        actor is None or can_manage_framework(actor, assessment.framework),
        _("Only the province PAR officer may put a unit back into the ranking."),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for putting the unit back into the ranking."))
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update().select_related("unit", "framework").get(pk=assessment.pk)
        )
        exclusion = RankingExclusion.objects.filter(assessment=locked).first()
        if exclusion is None:
            raise ValidationError(_("This unit is not left out of the ranking."))
        before = {"excluded": True, "reason": exclusion.reason}
        exclusion.delete()
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.include",
            obj=locked,
            unit=locked.unit,
            before=before,
            after={"excluded": False},
            reason=reason,
        )
    return locked


def figures(assessment: Assessment) -> dict:
    """The figures of an assessment as a conflict reports them (API: the `current` of a 409)."""
    return {
        "version": assessment.version,
        "state": assessment.state,
        "total": str(assessment.total),
    }
