"""Live measures read from reports: how many unit reports reached the level above by their deadline."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.metrics import MeasuredRow, Measurement, Scope, metric, ratio
from par.reporting.models import Report


@metric(
    "reporting.reports_on_time_pct",
    label=gettext_lazy("Unit reports submitted on time"),
    formula=gettext_lazy(
        "unit reports first submitted by their deadline ÷ unit reports due in the period × 100"
    ),
)
def reports_on_time(scope: Scope) -> Measurement:
    """Reports of the subtree's units whose period deadline falls in the scope (server time of first submission)."""
    reports = list(
        Report.objects.filter(scope.units_q("unit__"))
        .filter(Q(period__due_date__gte=scope.start) & Q(period__due_date__lte=scope.end))
        .select_related("unit", "period")
        .prefetch_related("period__deadlines")
        .order_by("period__due_date", "unit__path")
    )
    on_time = []
    for report in reports:
        due = report.period.deadline_for(
            report.unit, {d.level: d.due_date for d in report.period.deadlines.all()}
        )
        if report.first_submitted_at and timezone.localdate(report.first_submitted_at) <= due:
            on_time.append(report)

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
