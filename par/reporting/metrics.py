"""Live measures read from reports: how many unit reports reached the level above by their deadline."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.metrics import MeasuredRow, Measurement, Scope, Scopes, Values, batch, metric, percent, ratio
from par.reporting.models import Report


def _due_reports(scope: Scope | Scopes, units: Q):
    return (
        Report.objects.filter(units)
        .filter(Q(period__due_date__gte=scope.start) & Q(period__due_date__lte=scope.end))
        .select_related("unit", "period")
        .prefetch_related("period__deadlines")
        .order_by("period__due_date", "unit__path")
    )


def _on_time(report: Report) -> bool:
    """First submitted by the deadline of the report's unit (server time of first submission)."""
    due = report.period.deadline_for(
        report.unit, {d.level: d.due_date for d in report.period.deadlines.all()}
    )
    return bool(report.first_submitted_at and timezone.localdate(report.first_submitted_at) <= due)


@metric(
    "reporting.reports_on_time_pct",
    label=gettext_lazy("Unit reports submitted on time"),
    formula=gettext_lazy(
        "unit reports first submitted by their deadline ÷ unit reports due in the period × 100"
    ),
)
def reports_on_time(scope: Scope) -> Measurement:
    """Reports of the subtree's units whose period deadline falls in the scope (server time of first submission)."""
    reports = list(_due_reports(scope, scope.units_q("unit__")))
    on_time = [r for r in reports if _on_time(r)]

    def explain() -> list[MeasuredRow]:
        return [
            MeasuredRow(
                label=f"{r.unit.name} · {r.period.name}",
                detail=_("submitted %(at)s")
                % {"at": timezone.localtime(r.first_submitted_at).strftime("%d/%m/%Y %H:%M")}
                if r.first_submitted_at
                else _("not submitted"),
                counted=r in on_time,
                url=reverse("reporting:report_detail", args=[r.pk]),
                unit_id=r.unit_id,
            )
            for r in reports
        ]

    return ratio(len(on_time), len(reports), rows=explain, what=_("submitted on time / due"))


@batch("reporting.reports_on_time_pct")
def reports_on_time_batch(scopes: Scopes) -> Values:
    """The reports of all the subtrees read once (the deadline of each depends on its unit's level), then counted
    for each unit whose path its unit's path starts with."""
    paths = [u.path for u in scopes.units]
    covering = Q(unit__path__gte=min(paths), unit__path__lt=max(paths) + ":")
    reports = [(r.unit.path, _on_time(r)) for r in _due_reports(scopes, covering)]
    result: Values = {}
    for unit in scopes.units:
        mine = [on_time for path, on_time in reports if path.startswith(unit.path)]
        result[unit.pk] = percent(sum(mine), len(mine))
    return result
