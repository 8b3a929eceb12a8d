"""Live measure read from surveys: the satisfaction index of a unit's subtree over a period (0–100)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.metrics import MeasuredRow, Measurement, Scope, metric
from par.surveys.indices import aspect_indices, overall, status_counts
from par.surveys.models import Response


def _bounds(scope: Scope):
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


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
        return Measurement(value=None, formula=_("no survey responses in this period") + left_out)
    parts = " + ".join(f"{i.value}" for i in indices)
    formula = _("mean of %(n)s aspects: (%(parts)s) ÷ %(n)s = %(value)s %%") % {
        "n": len(indices),
        "parts": parts,
        "value": value,
    }
    formula += left_out

    def explain() -> list[MeasuredRow]:
        return [
            MeasuredRow(
                label=i.label,
                detail=_("%(s)s satisfied of %(a)s answers = %(v)s %%")
                % {"s": i.satisfied, "a": i.answered, "v": i.value},
            )
            for i in indices
        ]

    return Measurement(value=value, formula=formula, rows=explain)
