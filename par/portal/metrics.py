"""Live measures read from the portal: the citizens' satisfaction with the service after the result."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.calendars.workdays import VIETNAM_TZ
from par.metrics import Measurement, Scope, metric, ratio
from par.portal.models import ASPECTS, SATISFIED_FROM, Rating


@metric(
    "portal.ratings_satisfied_pct",
    label=gettext_lazy("Citizens satisfied with the service (ratings after the result)"),
    formula=gettext_lazy(
        "answers “satisfied” or “very satisfied” (4–5) over all aspects ÷ all answers × 100 "
        "(the mean of the aspects' satisfaction rates)"
    ),
)
def ratings_satisfied_pct(scope: Scope) -> Measurement:
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=VIETNAM_TZ)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM_TZ)
    sums = Rating.objects.filter(
        scope.units_q("dossier__unit__"), rated_at__gte=start, rated_at__lt=end
    ).aggregate(
        ratings=Count("pk"),
        **{name: Count("pk", filter=Q(**{f"{name}__gte": SATISFIED_FROM})) for name, _label in ASPECTS},
    )
    satisfied = sum(sums[name] or 0 for name, _label in ASPECTS)
    return ratio(satisfied, sums["ratings"] * len(ASPECTS), what=_("satisfied answers / answers"))
