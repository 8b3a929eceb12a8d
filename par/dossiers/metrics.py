"""Live measures of the one-stop shop, read from the statistics table (rollup) where possible."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.dossiers.models import OPEN_STATES, Channel, Dossier, DossierRollup, Outcome
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


def _sums(scope: Scope, **filters) -> dict[str, int]:
    rows = DossierRollup.objects.filter(
        unit__in=scope.unit_ids(), day__gte=scope.start, day__lte=scope.end, **filters
    ).aggregate(**{f: Sum(f) for f in DossierRollup.COUNTS})
    return {f: rows[f] or 0 for f in DossierRollup.COUNTS}


@shared
def _grouped_sums(scopes: Scopes, **filters) -> dict[int, dict[str, int]]:
    """`_sums` for each unit's subtree, with one grouped query per depth."""
    rows = DossierRollup.objects.filter(day__gte=scopes.start, day__lte=scopes.end, **filters)
    grouped = scopes.grouped(rows, "unit__", **{f: Sum(f) for f in DossierRollup.COUNTS})
    return {pk: {f: sums[f] or 0 for f in DossierRollup.COUNTS} for pk, sums in grouped.items()}


def _resolved(sums: dict[str, int]) -> int:
    return sums["resolved_early"] + sums["resolved_on_time"] + sums["resolved_late"]


@metric(
    "dossiers.received",
    label=gettext_lazy("Dossiers received"),
    unit="",
    formula=gettext_lazy("dossiers received complete in the period, all channels"),
)
def received(scope: Scope) -> Measurement:
    return count(_sums(scope)["received"], what=_("dossiers received"))


@batch("dossiers.received")
def received_batch(scopes: Scopes) -> Values:
    return {pk: amount(sums["received"]) for pk, sums in _grouped_sums(scopes).items()}


@metric(
    "dossiers.received_online",
    label=gettext_lazy("Dossiers received online"),
    unit="",
    formula=gettext_lazy("dossiers filed online and received complete in the period"),
)
def received_online(scope: Scope) -> Measurement:
    return count(_sums(scope, channel=Channel.ONLINE)["received"], what=_("dossiers received online"))


@batch("dossiers.received_online")
def received_online_batch(scopes: Scopes) -> Values:
    return {
        pk: amount(sums["received"]) for pk, sums in _grouped_sums(scopes, channel=Channel.ONLINE).items()
    }


@metric(
    "dossiers.resolved",
    label=gettext_lazy("Dossiers resolved"),
    unit="",
    formula=gettext_lazy("dossiers whose result was issued in the period"),
)
def resolved(scope: Scope) -> Measurement:
    return count(_resolved(_sums(scope)), what=_("dossiers resolved"))


@batch("dossiers.resolved")
def resolved_batch(scopes: Scopes) -> Values:
    return {pk: amount(_resolved(sums)) for pk, sums in _grouped_sums(scopes).items()}


@metric(
    "dossiers.resolved_on_time",
    label=gettext_lazy("Dossiers resolved early or on time"),
    unit="",
    formula=gettext_lazy("results issued in the period by the appointment date"),
)
def resolved_on_time(scope: Scope) -> Measurement:
    sums = _sums(scope)
    return count(sums["resolved_early"] + sums["resolved_on_time"], what=_("resolved early or on time"))


@batch("dossiers.resolved_on_time")
def resolved_on_time_batch(scopes: Scopes) -> Values:
    return {
        pk: amount(sums["resolved_early"] + sums["resolved_on_time"])
        for pk, sums in _grouped_sums(scopes).items()
    }


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _resolved_rows(scope: Scope) -> QueryRows:
    """The dossiers the resolved counters hold for the scope: received, with their result issued in the period.

    Neither the applicant nor the file contents: the row says which dossier and why it counted (decision 0123).
    """
    dossiers = (
        Dossier.objects.filter(
            unit__in=scope.unit_ids(),
            received_on__isnull=False,
            resolved_on__gte=scope.start,
            resolved_on__lte=scope.end,
        )
        .select_related("procedure")
        .order_by("resolved_on", "code")
    )

    def row(d: Dossier) -> MeasuredRow:
        return MeasuredRow(
            label=f"{d.code} · {d.procedure.name}",
            detail=_("received %(received)s, appointment %(due)s, result %(result)s: %(outcome)s")
            % {
                "received": _day(d.received_on),
                "due": _day(d.due_date),
                "result": _day(d.resolved_on),
                "outcome": d.get_outcome_display(),
            },
            counted=d.outcome in (Outcome.EARLY, Outcome.ON_TIME),
            url=reverse("dossiers:detail", args=[d.pk]),
            unit_id=d.unit_id,
        )

    return QueryRows(dossiers, row)


@metric(
    "dossiers.resolved_on_time_pct",
    label=gettext_lazy("Dossiers resolved early or on time"),
    formula=gettext_lazy("results issued by the appointment date ÷ results issued in the period × 100"),
)
def resolved_on_time_pct(scope: Scope) -> Measurement:
    sums = _sums(scope)
    return ratio(
        sums["resolved_early"] + sums["resolved_on_time"],
        _resolved(sums),
        rows=_resolved_rows(scope),
        what=_("early or on time / resolved"),
    )


@batch("dossiers.resolved_on_time_pct")
def resolved_on_time_pct_batch(scopes: Scopes) -> Values:
    return {
        pk: percent(sums["resolved_early"] + sums["resolved_on_time"], _resolved(sums))
        for pk, sums in _grouped_sums(scopes).items()
    }


@metric(
    "dossiers.pending_overdue",
    label=gettext_lazy("Dossiers pending past their appointment date"),
    unit="",
    formula=gettext_lazy(
        "dossiers still being processed whose appointment date is before the end of the period (or today)"
    ),
)
def pending_overdue(scope: Scope) -> Measurement:
    # Overdue depends on each dossier's date, which the daily counts do not keep: read the dossiers (indexed).
    cutoff = min(scope.end, timezone.localdate())
    rows = Dossier.objects.filter(unit__in=scope.unit_ids(), state__in=OPEN_STATES, due_date__lt=cutoff)
    return count(rows.count(), what=_("pending past the appointment date"))


@batch("dossiers.pending_overdue")
def pending_overdue_batch(scopes: Scopes) -> Values:
    cutoff = min(scopes.end, timezone.localdate())
    rows = Dossier.objects.filter(state__in=OPEN_STATES, due_date__lt=cutoff)
    return {pk: amount(g["n"]) for pk, g in scopes.grouped(rows, "unit__", n=Count("pk")).items()}


@metric(
    "dossiers.procedures_handled",
    additive=False,  # procedures are shared between units: counted once, not summed
    label=gettext_lazy("Procedures handled through the one-stop shop"),
    unit="",
    formula=gettext_lazy("distinct procedures with at least one dossier received in the period"),
)
def procedures_handled(scope: Scope) -> Measurement:
    handled = (
        DossierRollup.objects.filter(
            unit__in=scope.unit_ids(), day__gte=scope.start, day__lte=scope.end, received__gt=0
        )
        .values("procedure_id")
        .distinct()
    )
    return count(handled.count(), what=_("procedures with dossiers received"))


@batch("dossiers.procedures_handled")
def procedures_handled_batch(scopes: Scopes) -> Values:
    rows = DossierRollup.objects.filter(day__gte=scopes.start, day__lte=scopes.end, received__gt=0)
    grouped = scopes.grouped(rows, "unit__", n=Count("procedure_id", distinct=True))
    return {pk: amount(g["n"]) for pk, g in grouped.items()}
