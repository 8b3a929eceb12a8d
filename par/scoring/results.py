"""Results of a framework: totals, points per area, ranking with ties, classification, year-on-year deltas,
the what-if view, and the points of measured criteria.

Totals are read with one aggregate query over the scores' final points (kept by the actions), so ranking
3,321 communes reads one row per commune, not one per score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from par import metrics
from par.core.ranks import q2, rank_with_ties
from par.core.text import number_text
from par.scoring.models import (
    Assessment,
    AssessmentState,
    ClassificationBand,
    Criterion,
    IndexFramework,
    Method,
    PublishedResult,
    ResultStatus,
    Rule,
    Score,
)

SURVEY_METRIC = "surveys.satisfaction_index"


# ------------------------------------------------------------------------------------ measured criteria


@dataclass
class Measured:
    """The outcome of measuring a criterion for a unit: points, or why there are none."""

    available: bool
    value: Decimal | None = None
    points: Decimal | None = None
    formula: str = ""
    measurement: metrics.Measurement | None = None
    message: str = ""


def metric_of(criterion: Criterion) -> str:
    return criterion.metric_code or (SURVEY_METRIC if criterion.method == Method.SURVEY else "")


def points_for(criterion: Criterion, value: Decimal) -> Decimal:
    """The points a measured value (a percentage) earns under the criterion's rule, capped at its maximum."""
    if criterion.rule == Rule.THRESHOLDS and criterion.thresholds:
        reached = [Decimal(str(p)) for minimum, p in criterion.thresholds if value >= Decimal(str(minimum))]
        points = max(reached, default=Decimal(0))
    else:
        points = criterion.max_points * value / 100
    return q2(min(max(points, Decimal(0)), criterion.max_points))


def assessed_period(framework: IndexFramework) -> tuple[dt.date, dt.date]:
    return (
        framework.period_start or dt.date(framework.year, 1, 1),
        framework.period_end or dt.date(framework.year, 12, 31),
    )


def measure_criterion(criterion: Criterion, assessment: Assessment) -> Measured:
    """Measure a criterion from live data; a metric that no app provides yet is "source not available"."""
    code = metric_of(criterion)
    start, end = assessed_period(assessment.framework)
    try:
        measurement = metrics.measure(code, assessment.unit, start, end)
    except metrics.UnknownMetricError:
        return Measured(
            available=False,
            message=_("Source not available: no data source provides “%(code)s” yet.") % {"code": code},
        )
    if measurement.value is None:
        return Measured(
            available=False,
            measurement=measurement,
            formula=measurement.formula,
            message=_("Nothing to measure in this period: %(formula)s") % {"formula": measurement.formula},
        )
    value = Decimal(measurement.value)
    points = points_for(criterion, value)
    rule = (
        _("thresholds %(t)s")
        % {"t": "; ".join(f"≥ {number_text(m)} → {number_text(p)}" for m, p in criterion.thresholds)}
        if criterion.rule == Rule.THRESHOLDS and criterion.thresholds
        else f"{number_text(criterion.max_points)} × {number_text(value)} ÷ 100"
    )
    formula = _("%(formula)s; points: %(rule)s = %(points)s") % {
        "formula": measurement.formula,
        "rule": rule,
        "points": number_text(points),
    }
    return Measured(available=True, value=value, points=points, formula=formula, measurement=measurement)


def final_points(score: Score, criterion: Criterion) -> Decimal:
    """The points that count: none when not applicable, else the council's where it appraised, else the measured
    or self-assessed points."""
    if score.not_applicable:
        return Decimal(0)
    if score.appraised_points is not None:
        return score.appraised_points
    if criterion.method in (Method.AUTO, Method.SURVEY):
        return score.measured_points or Decimal(0)
    if criterion.method == Method.SELF:
        return score.self_points or Decimal(0)
    return Decimal(0)


# ------------------------------------------------------------------------------------ ranking


@dataclass
class ResultRow:
    assessment_id: int
    unit_id: int
    unit_name: str
    state: str
    total: Decimal
    percent: Decimal
    # The framework's maximum less the criteria not applicable to the unit (decision 0120): percent = total ÷ it.
    applicable_max: Decimal = Decimal(100)
    rank: int = 0
    classification: str = ""
    previous_percent: Decimal | None = None
    delta: Decimal | None = None
    areas: dict[int, Decimal] = field(default_factory=dict)
    # Codes of the criteria left out of the unit's index (filled with the areas).
    not_applicable: list[str] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(AssessmentState(self.state).label)


def classify(percent: Decimal, bands: list[ClassificationBand]) -> str:
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.label
    return ""


def percent_of(total: Decimal, maximum: Decimal) -> Decimal:
    """The index: points ÷ the unit's applicable maximum × 100 (decision 0120); 0 when nothing applies."""
    return q2(total * 100 / maximum) if maximum > 0 else Decimal(0)


def previous_framework(framework: IndexFramework) -> IndexFramework | None:
    return IndexFramework.objects.filter(
        owner_id=framework.owner_id, assessed_kind=framework.assessed_kind, year=framework.year - 1
    ).first()


def compute_results(
    framework: IndexFramework,
    *,
    assessments=None,
    with_areas: bool = False,
    published_only: bool = False,
) -> list[ResultRow]:
    """Totals (summed from the scores), index %, rank with ties, classification and delta for each unit."""
    base = assessments if assessments is not None else Assessment.objects.filter(framework=framework)
    if published_only:
        base = base.filter(state=AssessmentState.PUBLISHED)
    heads = list(base.values_list("pk", "unit_id", "unit__name", "state"))
    sums = {
        pk: (total or Decimal(0), left_out or Decimal(0))
        for pk, total, left_out in Score.objects.filter(assessment__in=base)
        .values("assessment_id")
        .annotate(
            total=Sum("final_points"),
            left_out=Sum("criterion__max_points", filter=Q(not_applicable=True)),
        )
        .values_list("assessment_id", "total", "left_out")
    }
    bands = list(framework.bands.all())
    rows = []
    for pk, unit_id, name, state in heads:
        total, left_out = sums.get(pk, (Decimal(0), Decimal(0)))
        maximum = framework.max_total - left_out
        rows.append(
            ResultRow(
                assessment_id=pk,
                unit_id=unit_id,
                unit_name=name,
                state=state,
                total=q2(total),
                percent=percent_of(total, maximum),
                applicable_max=q2(maximum),
            )
        )
    for row, rank in zip(rows, rank_with_ties([r.percent for r in rows]), strict=True):
        row.rank = rank
        row.classification = classify(row.percent, bands)
    previous = previous_framework(framework)
    if previous is not None:
        # As the decision in force on last year's results published them (a correction replaces the original).
        before = dict(
            PublishedResult.objects.filter(
                publication__framework=previous,
                publication__corrections__isnull=True,
                status=ResultStatus.RANKED,
            ).values_list("unit_id", "percent")
        )
        for row in rows:
            row.previous_percent = before.get(row.unit_id)
            if row.previous_percent is not None:
                row.delta = row.percent - row.previous_percent
    if with_areas:
        by_area = (
            Score.objects.filter(assessment__in=[r.assessment_id for r in rows])
            .values("assessment_id", "criterion__area_id")
            .annotate(points=Sum("final_points"))
        )
        index = {r.assessment_id: r for r in rows}
        for item in by_area:
            area_id = item["criterion__area_id"]
            if area_id is not None:  # set on every criterion as soon as it is written
                index[item["assessment_id"]].areas[area_id] = q2(item["points"] or 0)
        left_out = (
            Score.objects.filter(assessment__in=list(index), not_applicable=True)
            .order_by("criterion__order")
            .values_list("assessment_id", "criterion__code")
        )
        for assessment_id, code in left_out:
            index[assessment_id].not_applicable.append(code)
    rows.sort(key=lambda r: (r.rank, r.unit_name))
    return rows


@dataclass
class WhatIf:
    total: Decimal
    percent: Decimal
    rank: int
    classification: str
    current_total: Decimal
    current_rank: int


def what_if(assessment: Assessment, changes: dict[int, Decimal]) -> WhatIf:
    """The total, rank and classification the assessment would have with `changes` (criterion id → points).

    Nothing is saved: the other units' totals are read as they are.
    """
    framework = assessment.framework
    rows = compute_results(framework)
    mine = next(r for r in rows if r.assessment_id == assessment.pk)
    scores = Score.objects.filter(assessment=assessment, criterion_id__in=changes)
    current = dict(scores.values_list("criterion_id", "final_points"))
    # A criterion that does not apply to the unit scores nothing whatever points are tried on it.
    left_out = set(scores.filter(not_applicable=True).values_list("criterion_id", flat=True))
    changes = {c: p for c, p in changes.items() if c not in left_out}
    total = mine.total + sum((changes[c] - current.get(c, Decimal(0)) for c in changes), Decimal(0))
    percent = percent_of(total, mine.applicable_max)
    others = [r.percent for r in rows if r.assessment_id != assessment.pk]
    rank = 1 + sum(1 for p in others if p > percent)
    return WhatIf(
        total=q2(total),
        percent=percent,
        rank=rank,
        classification=classify(percent, list(framework.bands.all())),
        current_total=mine.total,
        current_rank=mine.rank,
    )
