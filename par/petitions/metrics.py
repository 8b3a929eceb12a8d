"""Live measures read from petitions (reports' appendix 5 and the PAR index read these codes)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
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
    amount,
    batch,
    count,
    metric,
    percent,
    ratio,
    shared,
)
from par.petitions.models import Petition


def _in_subtree(scope: Scope):
    return Petition.objects.filter(scope.units_q("unit__"))


def _day_range(scope: Scope | Scopes, field: str) -> dict:
    """Local-day bounds of the period on an aware datetime field (dates are Vietnamese days)."""
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=VIETNAM_TZ)
    end = dt.datetime.combine(scope.end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM_TZ)
    return {f"{field}__gte": start, f"{field}__lt": end}


def _rows(queryset, counted=lambda p: True) -> QueryRows:
    """The petitions behind a figure, one page at a time (decision 0123); the petitioner is not shown."""

    def row(p: Petition) -> MeasuredRow:
        return MeasuredRow(
            label=f"{p.code} · {p.subject}",
            detail=p.unit.name,
            counted=counted(p),
            url=reverse("petitions:detail", args=[p.pk]),
            unit_id=p.unit_id,
        )

    return QueryRows(queryset.select_related("unit").order_by("received_at", "pk"), row)


@metric(
    "petitions.received",
    label=gettext_lazy("Petitions received"),
    unit="",
    formula=gettext_lazy("petitions received in the period whose responsible unit lies in the subtree"),
)
def received(scope: Scope) -> Measurement:
    rows = _in_subtree(scope).filter(**_day_range(scope, "received_at"))
    return count(rows.count(), rows=_rows(rows), what=_("petitions received"))


@batch("petitions.received")
def received_batch(scopes: Scopes) -> Values:
    rows = Petition.objects.filter(**_day_range(scopes, "received_at"))
    return {pk: amount(g["n"]) for pk, g in scopes.grouped(rows, "unit__", n=Count("pk")).items()}


@shared
def _grouped_answers(scopes: Scopes) -> dict[int, dict]:
    rows = Petition.objects.filter(answered_at__isnull=False, **_day_range(scopes, "answered_at"))
    return scopes.grouped(rows, "unit__", n=Count("pk"), on_time=Count("pk", filter=Q(answered_on_time=True)))


def _answered(scope: Scope):
    return _in_subtree(scope).filter(answered_at__isnull=False, **_day_range(scope, "answered_at"))


@metric(
    "petitions.answered",
    label=gettext_lazy("Petitions answered"),
    unit="",
    formula=gettext_lazy("petitions answered in the period (a reopened petition counts when answered again)"),
)
def answered(scope: Scope) -> Measurement:
    rows = _answered(scope)
    return count(rows.count(), rows=_rows(rows), what=_("petitions answered"))


@batch("petitions.answered")
def answered_batch(scopes: Scopes) -> Values:
    return {pk: amount(g["n"]) for pk, g in _grouped_answers(scopes).items()}


@metric(
    "petitions.answered_on_time_pct",
    label=gettext_lazy("Petitions answered on time"),
    formula=gettext_lazy("petitions answered by their due date ÷ petitions answered in the period × 100"),
)
def answered_on_time_pct(scope: Scope) -> Measurement:
    rows = _answered(scope)
    on_time = rows.filter(answered_on_time=True).count()
    return ratio(
        on_time,
        rows.count(),
        rows=_rows(rows, counted=lambda p: bool(p.answered_on_time)),
        what=_("answered on time / answered"),
    )


@batch("petitions.answered_on_time_pct")
def answered_on_time_pct_batch(scopes: Scopes) -> Values:
    return {pk: percent(g["on_time"], g["n"]) for pk, g in _grouped_answers(scopes).items()}
