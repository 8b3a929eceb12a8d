"""Live measure read from surveys: the satisfaction index of a unit's subtree over a period (0–100)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.metrics import MeasuredRow, Measurement, QueryRows, Scope, Scopes, Values, batch, metric
from par.surveys.indices import AspectIndex, aspect_indices, overall, status_counts
from par.surveys.models import COUNTED_STATUSES, Answer, Aspect, Response


def _bounds(scope: Scope | Scopes):
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _response_rows(responses) -> QueryRows:
    """One row per response: when, where, its satisfied answers of its scale answers, and whether it counts (a
    kiosk burst awaiting the council or rejected by it does not; decisions 0098, 0123). Responses are anonymous."""
    scale = Q(answers__value__isnull=False) & ~Q(answers__question__section__aspect=Aspect.OTHER)
    annotated = (
        responses.annotate(
            answered=Count("answers", filter=scale),
            satisfied=Count(
                "answers", filter=scale & Q(answers__value__gte=F("questionnaire__satisfied_from"))
            ),
        )
        .select_related("unit", "procedure")
        .order_by("submitted_at", "pk")
    )

    def row(r: Any) -> MeasuredRow:  # a Response annotated with answered and satisfied
        counted = r.status in COUNTED_STATUSES
        detail = _("submitted %(at)s: %(s)s satisfied of %(a)s answers") % {
            "at": timezone.localtime(r.submitted_at).strftime("%d/%m/%Y %H:%M"),
            "s": r.satisfied,
            "a": r.answered,
        }
        if not counted:
            detail += f" ({r.get_status_display()})"
        where = r.unit.name + (f" · {r.procedure.name}" if r.procedure is not None else "")
        return MeasuredRow(
            label=_("Response #%(n)s · %(where)s") % {"n": r.pk, "where": where},
            detail=detail,
            counted=counted,
            share=f"{r.satisfied}/{r.answered}" if counted else "",
            unit_id=r.unit_id,
        )

    return QueryRows(annotated, row)


@metric(
    "surveys.satisfaction_index",
    label=gettext_lazy("Satisfaction index"),
    formula=gettext_lazy("mean over the aspects of (satisfied and very satisfied answers ÷ answers × 100)"),
)
def satisfaction_index(scope: Scope) -> Measurement:
    start, end = _bounds(scope)
    responses = Response.objects.filter(
        scope.units_q("unit__"), submitted_at__gte=start, submitted_at__lt=end
    )
    indices = aspect_indices(responses)
    value = overall(indices)
    counts = status_counts(responses)
    # Kiosk bursts wait for the appraisal council (decision 0098); the formula says how many were left out.
    left_out = ""
    if counts["flagged"] or counts["rejected"]:
        left_out = " " + _(
            "(not counted: %(flagged)s kiosk responses awaiting the appraisal council's review, %(rejected)s "
            "rejected)"
        ) % {"flagged": counts["flagged"], "rejected": counts["rejected"]}
    if value is None:
        return Measurement(
            value=None,
            formula=_("no survey responses in this period") + left_out,
            rows=_response_rows(responses),
        )
    parts = " + ".join(f"{i.value}" for i in indices)
    formula = _("mean of %(n)s aspects: (%(parts)s) ÷ %(n)s = %(value)s %%") % {
        "n": len(indices),
        "parts": parts,
        "value": value,
    }
    # Each aspect's count, so that the figure can be checked against the responses listed below it.
    formula += " (" + "; ".join(f"{i.label} {i.satisfied}/{i.answered}" for i in indices) + ")"
    formula += left_out

    return Measurement(value=value, formula=formula, rows=_response_rows(responses))


@batch("surveys.satisfaction_index")
def satisfaction_index_batch(scopes: Scopes) -> Values:
    """The index of each subtree: every aspect's answered and satisfied counts in one grouped query."""
    start, end = _bounds(scopes)
    answers = Answer.objects.filter(
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
        response__status__in=COUNTED_STATUSES,
        value__isnull=False,
    )
    aspects = [a for a in Aspect.values if a != Aspect.OTHER]
    satisfied = Q(value__gte=F("response__questionnaire__satisfied_from"))
    counts = {}
    for aspect in aspects:
        of_aspect = Q(question__section__aspect=aspect)
        counts[f"{aspect}_answered"] = Count("pk", filter=of_aspect)
        counts[f"{aspect}_satisfied"] = Count("pk", filter=of_aspect & satisfied)
    grouped = scopes.grouped(answers, "response__unit__", **counts)
    return {
        pk: overall(
            [
                AspectIndex(aspect, "", g[f"{aspect}_satisfied"] or 0, g[f"{aspect}_answered"])
                for aspect in aspects
                if g[f"{aspect}_answered"]
            ]
        )
        for pk, g in grouped.items()
    }
