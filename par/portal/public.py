"""What the public portal reads (/cong-khai/, decision 0167): counts and published records only.

Figures come from the measures registry (`par.metrics.values`, batch forms: a few grouped queries whatever the
number of units) or from the statistics table the on-time board already reads; the index comes from the published
snapshots only; petition answers from the publisher's texts only. Nothing here reads a person's name, contact or
a free text a citizen typed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from par.dossiers.models import DossierRollup
from par.metrics import values
from par.orgunits.models import Unit
from par.plans.models import AreaCode, Assignment, PlanState, UnitRole
from par.plans.queries import annotate_assignments
from par.scoring.models import PublishedResult, RankingPublication, ResultStatus

ON_TIME = "dossiers.resolved_on_time_pct"
SATISFACTION = "surveys.satisfaction_index"
TASKS_DUE = "plans.tasks_due"
TASKS_COMPLETED = "plans.tasks_completed"


def year_so_far(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return today.replace(month=1, day=1), today


def measure(code: str, units: list[Unit], start: dt.date, end: dt.date) -> dict[int, Decimal | None]:
    """The registry's value of `code` for each unit's subtree (the same figures the staff pages show)."""
    return values(code, units, start, end)


def _pct(part, whole):
    # In floating point on every database: SQLite divides integer counts as integers, even times a decimal 100.
    return ExpressionWrapper(
        Cast(Coalesce(part, 0), FloatField()) * Value(100.0) / NullIf(Cast(whole, FloatField()), 0.0),
        output_field=FloatField(),
    )


def on_time_by_procedure(unit: Unit, start: dt.date, end: dt.date, *, channel: str = "") -> QuerySet:
    """Per procedure, in the unit's subtree: results issued early or on time, all results, and the share.

    Read from the statistics table as the on-time board (`portal.views.board`) reads it: counts only."""
    ok = F("resolved_early") + F("resolved_on_time")
    rows = DossierRollup.objects.filter(unit__path__startswith=unit.path, day__gte=start, day__lte=end)
    if channel:
        rows = rows.filter(channel=channel)
    return (
        rows.values("procedure_id", "procedure__code", "procedure__name")
        .annotate(ok=Sum(ok), resolved=Sum(ok + F("resolved_late")), received=Sum("received"))
        .annotate(pct=_pct(F("ok"), F("resolved")))
        .filter(Q(resolved__gt=0) | Q(received__gt=0))
    )


def search_answers(rows: QuerySet, text: str) -> QuerySet:
    q = Q()
    for word in text.split():
        q &= (
            Q(question__icontains=word)
            | Q(answer__icontains=word)
            | Q(unit__name__icontains=word)
            | Q(petition__code__icontains=word)
        )
    return rows.filter(q)


def index_publications() -> list[RankingPublication]:
    """Every published index decision, the decisions in force first, each knowing the one that corrected it."""
    publications = list(
        RankingPublication.objects.select_related("framework", "corrects").order_by(
            "-framework__year", "framework__name", "-created_at", "-pk"
        )
    )
    corrected_by = {p.corrects_id: p for p in publications if p.corrects_id}
    for p in publications:
        p.corrected_by = corrected_by.get(p.pk)
    return publications


def ranking_rows(publication: RankingPublication) -> QuerySet:
    """The lines of one published decision, from its snapshot."""
    return PublishedResult.objects.filter(publication=publication).only(
        "order", "unit_id", "unit_name", "status", "percent", "rank", "classification", "publication_id"
    )


def index_values(units: list[Unit]) -> dict[int, Decimal | None]:
    """Each unit's index (per cent) in the latest decision in force that ranks it, from the snapshots."""
    rows = (
        PublishedResult.objects.filter(
            unit__in=[u.pk for u in units],
            status=ResultStatus.RANKED,
            publication__corrections__isnull=True,
        )
        .order_by("publication__decision_date", "publication__created_at", "publication_id")
        .values_list("unit_id", "percent")
    )
    found: dict[int, Decimal | None] = {u.pk: None for u in units}
    for unit_id, percent in rows:  # later decisions overwrite earlier ones
        found[unit_id] = percent
    return found


def plan_progress(year: int, province: Unit | None) -> QuerySet:
    """Per reform area, over the issued plans of the year in the province: lead assignments due, completed and
    completed on time. Counts only; the task texts and the units stay on the staff pages."""
    rows = annotate_assignments(
        Assignment.objects.filter(
            role=UnitRole.LEAD,
            task__cancelled_at__isnull=True,
            task__plan__year=year,
            task__plan__state=PlanState.ISSUED,
        )
    )
    if province is not None:
        rows = rows.filter(task__plan__unit__path__startswith=province.path)
    return (
        rows.values("task__area__code")
        .annotate(
            tasks=Count("pk"),
            completed=Count("pk", filter=Q(completed_on__isnull=False)),
            on_time=Count("pk", filter=Q(completed_on__lte=F("final_due"))),
        )
        .annotate(pct=_pct(F("completed"), F("tasks")))
    )


AREA_LABELS = dict(AreaCode.choices)


def area_label(code: str) -> str:
    return str(AREA_LABELS.get(code, code))


def unit_rows(units: list[Unit], figures: dict[str, dict[int, Any]]) -> list[dict[str, Any]]:
    """One row per unit with each named figure, for `listing.row_list`."""
    return [
        {"unit_id": u.pk, "name": u.name, "kind": u.kind, **{k: v.get(u.pk) for k, v in figures.items()}}
        for u in units
    ]
