"""The ranking a decision would publish (the draft), the one a decision did publish (the snapshot), and the
fingerprint of the figures a user saw before publishing (decision 0110).

The draft ranks only the units the appraisal council approved; the others are "not assessed" and get neither a
rank nor a classification, and excluded units carry the recorded reason. Both the draft and the snapshot give
the templates and documents rows with the same attributes (`PublishedResult` and `RankingLine`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from par.scoring.models import (
    Assessment,
    AssessmentState,
    IndexFramework,
    PublishedResult,
    RankingExclusion,
    RankingPublication,
    ResultStatus,
)
from par.scoring.results import classify, compute_results, rank_with_ties

# Approved by the council (and published since): the only units a decision ranks.
ASSESSED = (AssessmentState.APPROVED, AssessmentState.PUBLISHED)


@dataclass
class RankingLine:
    """One unit's line of the draft decision, shaped like a PublishedResult."""

    assessment_id: int
    unit_id: int
    unit_name: str
    state: str
    status: str
    total: Decimal
    applicable_max: Decimal
    percent: Decimal
    rank: int | None = None
    classification: str = ""
    previous_percent: Decimal | None = None
    reason: str = ""
    area_points: dict[str, str] = field(default_factory=dict)
    not_applicable: list[str] = field(default_factory=list)

    @property
    def is_ranked(self) -> bool:
        return self.status == ResultStatus.RANKED

    @property
    def delta(self) -> Decimal | None:
        if not self.is_ranked or self.previous_percent is None:
            return None
        return self.percent - self.previous_percent

    @property
    def state_label(self) -> str:
        return str(AssessmentState(self.state).label)

    def get_status_display(self) -> str:
        return str(ResultStatus(self.status).label)

    def points_of(self, area_code: str) -> Decimal | None:
        value = self.area_points.get(area_code)
        return None if value is None else Decimal(value)


def _applicable_max(row, framework: IndexFramework) -> Decimal:
    # The not-applicable rule gives a unit its own maximum where a framework has one; else the framework's.
    return getattr(row, "applicable_max", None) or framework.max_total


def draft_ranking(framework: IndexFramework, *, with_areas: bool = True) -> list[RankingLine]:
    """Every assessed unit of the framework as the next decision would list it: ranked units first (ranked
    among themselves only), then the units not yet approved, then the excluded ones with their reasons."""
    rows = compute_results(framework, with_areas=with_areas)
    excluded = dict(
        RankingExclusion.objects.filter(assessment__framework=framework).values_list(
            "assessment_id", "reason"
        )
    )
    codes = (
        dict(framework.criteria.filter(parent__isnull=True).values_list("pk", "code")) if with_areas else {}
    )
    lines = []
    for row in rows:
        if row.assessment_id in excluded:
            status = ResultStatus.EXCLUDED
        elif row.state in ASSESSED:
            status = ResultStatus.RANKED
        else:
            status = ResultStatus.NOT_ASSESSED
        lines.append(
            RankingLine(
                assessment_id=row.assessment_id,
                unit_id=row.unit_id,
                unit_name=row.unit_name,
                state=row.state,
                status=status,
                total=row.total,
                applicable_max=_applicable_max(row, framework),
                percent=row.percent,
                previous_percent=row.previous_percent,
                reason=excluded.get(row.assessment_id, ""),
                area_points={codes[a]: str(p) for a, p in row.areas.items() if a in codes},
                not_applicable=list(row.not_applicable),
            )
        )
    ranked = [line for line in lines if line.is_ranked]
    bands = list(framework.bands.all())
    for line, rank in zip(ranked, rank_with_ties([line.percent for line in ranked]), strict=True):
        line.rank = rank
        line.classification = classify(line.percent, bands)
    order: dict[str, int] = {ResultStatus.RANKED: 0, ResultStatus.NOT_ASSESSED: 1, ResultStatus.EXCLUDED: 2}
    lines.sort(key=lambda line: (order[line.status], line.rank or 0, line.unit_name))
    return lines


def ranking_version(framework: IndexFramework) -> str:
    """A fingerprint of everything a ranking shows: each assessment's version, state and total, the
    exclusions, the framework's version (its thresholds) and its publications. Any change gives a new value,
    so a publication based on an older page is refused."""
    parts = (
        IndexFramework.objects.filter(pk=framework.pk).values_list("version", flat=True).first(),
        list(
            Assessment.objects.filter(framework=framework)
            .order_by("pk")
            .values_list("pk", "version", "state", "total")
        ),
        list(
            RankingExclusion.objects.filter(assessment__framework=framework)
            .order_by("pk")
            .values_list("pk", "assessment_id")
        ),
        list(framework.publications.order_by("pk").values_list("pk", flat=True)),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def in_force(framework: IndexFramework) -> RankingPublication | None:
    """The framework's publication nobody has corrected, if any (one by construction, decision 0110)."""
    return (
        RankingPublication.objects.filter(framework=framework, corrections__isnull=True)
        .select_related("corrects", "framework", "framework__owner")
        .first()
    )


def history(framework: IndexFramework) -> list[RankingPublication]:
    """Every publication of the framework, newest first, each knowing the one that corrected it."""
    publications = list(
        RankingPublication.objects.filter(framework=framework)
        .select_related("corrects")
        .order_by("-created_at", "-pk")
    )
    corrected_by = {p.corrects_id: p for p in publications if p.corrects_id}
    for p in publications:
        p.corrected_by = corrected_by.get(p.pk)
    return publications


def snapshot_rows(publication: RankingPublication) -> list[PublishedResult]:
    return list(publication.results.order_by("order"))
