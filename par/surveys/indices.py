"""The satisfaction index (decision 0064): per aspect, the share of scale answers at or above the questionnaire's
"satisfied" point (satisfied + very satisfied); the overall index is the mean of the aspect indices, in %.
Computed per unit (its subtree), per procedure and per aspect with one aggregate query each.

Only counted responses enter it: kiosk answers flagged as a burst wait for the appraisal council, and those it
rejects stay out (decision 0098); `status_counts` says how many were left out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q

from par.surveys.models import COUNTED_STATUSES, Answer, Aspect, ResponseStatus

TWO = Decimal("0.01")


@dataclass
class AspectIndex:
    aspect: str
    label: str
    satisfied: int
    answered: int

    @property
    def value(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(self.satisfied) * 100 / self.answered).quantize(TWO, rounding=ROUND_HALF_UP)


def _answers(responses):
    return Answer.objects.filter(
        response__in=responses, response__status__in=COUNTED_STATUSES, value__isnull=False
    ).exclude(question__section__aspect=Aspect.OTHER)


def status_counts(responses) -> dict[str, int]:
    """{"counted", "flagged", "rejected"}: responses in the index, awaiting review, and rejected (one query)."""
    return responses.aggregate(
        counted=Count("pk", filter=Q(status__in=COUNTED_STATUSES)),
        flagged=Count("pk", filter=Q(status=ResponseStatus.FLAGGED)),
        rejected=Count("pk", filter=Q(status=ResponseStatus.REJECTED)),
    )


def _satisfied():
    return Count("pk", filter=Q(value__gte=F("response__questionnaire__satisfied_from")))


def aspect_indices(responses) -> list[AspectIndex]:
    rows = (
        _answers(responses)
        .values("question__section__aspect")
        .annotate(answered=Count("pk"), satisfied=_satisfied())
        .order_by("question__section__aspect")
    )
    labels = dict(Aspect.choices)
    return [
        AspectIndex(
            r["question__section__aspect"],
            str(labels.get(r["question__section__aspect"], "")),
            r["satisfied"],
            r["answered"],
        )
        for r in rows
    ]


def overall(indices: list[AspectIndex]) -> Decimal | None:
    values = [i.value for i in indices if i.value is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO, rounding=ROUND_HALF_UP)


def indices_by(responses, key: str) -> dict:
    """{key value: (overall index, [AspectIndex])} for key "response__unit" or "response__procedure"."""
    rows = (
        _answers(responses)
        .values(f"{key}_id", "question__section__aspect")
        .annotate(answered=Count("pk"), satisfied=_satisfied())
        .order_by(f"{key}_id", "question__section__aspect")
    )
    labels = dict(Aspect.choices)
    grouped: dict = {}
    for r in rows:
        grouped.setdefault(r[f"{key}_id"], []).append(
            AspectIndex(
                r["question__section__aspect"],
                str(labels.get(r["question__section__aspect"], "")),
                r["satisfied"],
                r["answered"],
            )
        )
    return {k: (overall(v), v) for k, v in grouped.items()}
