"""Live measures read from the portal: the citizens' satisfaction with the service after the result."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.calendars.workdays import VIETNAM_TZ
from par.metrics import (
    MeasuredRow,
    Measurement,
    QueryRows,
    Scope,
    Scopes,
    Values,
    batch,
    metric,
    percent,
    ratio,
)
from par.portal.models import ASPECTS, SATISFIED_FROM, Rating


def _rows(ratings) -> QueryRows:
    """One row per rating: the dossier, the scores given and how many were "satisfied" (decision 0123).

    The comment is left out: it is the citizen's own text and says nothing about how the figure was counted.
    """

    def row(r: Rating) -> MeasuredRow:
        satisfied = sum(1 for score in r.scores if score >= SATISFIED_FROM)
        return MeasuredRow(
            label=f"{r.dossier.code} · {r.dossier.procedure.name}",
            detail=_("rated %(at)s: %(scores)s")
            % {
                "at": timezone.localtime(r.rated_at, VIETNAM_TZ).strftime("%d/%m/%Y"),
                "scores": "; ".join(
                    f"{label} {score}" for (_n, label), score in zip(ASPECTS, r.scores, strict=True)
                ),
            },
            counted=satisfied > 0,
            share=f"{satisfied}/{len(ASPECTS)}",
            url=reverse("dossiers:detail", args=[r.dossier_id]),
            unit_id=r.dossier.unit_id,
        )

    return QueryRows(ratings.select_related("dossier__procedure").order_by("rated_at", "pk"), row)


def _rated_between(scope: Scope | Scopes) -> dict:
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=VIETNAM_TZ)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM_TZ)
    return {"rated_at__gte": start, "rated_at__lt": end}


def _answer_counts() -> dict:
    return {
        "ratings": Count("pk"),
        **{name: Count("pk", filter=Q(**{f"{name}__gte": SATISFIED_FROM})) for name, _label in ASPECTS},
    }


def _satisfied(sums: dict) -> int:
    return sum(sums[name] or 0 for name, _label in ASPECTS)


@metric(
    "portal.ratings_satisfied_pct",
    label=gettext_lazy("Citizens satisfied with the service (ratings after the result)"),
    formula=gettext_lazy(
        "answers “satisfied” or “very satisfied” (4–5) over all aspects ÷ all answers × 100 "
        "(the mean of the aspects' satisfaction rates)"
    ),
)
def ratings_satisfied_pct(scope: Scope) -> Measurement:
    ratings = Rating.objects.filter(scope.units_q("dossier__unit__"), **_rated_between(scope))
    sums = ratings.aggregate(**_answer_counts())
    return ratio(
        _satisfied(sums),
        sums["ratings"] * len(ASPECTS),
        rows=_rows(ratings),
        what=_("satisfied answers / answers"),
    )


@batch("portal.ratings_satisfied_pct")
def ratings_satisfied_pct_batch(scopes: Scopes) -> Values:
    ratings = Rating.objects.filter(**_rated_between(scopes))
    grouped = scopes.grouped(ratings, "dossier__unit__", **_answer_counts())
    return {pk: percent(_satisfied(g), (g["ratings"] or 0) * len(ASPECTS)) for pk, g in grouped.items()}
