"""A day's dossier statistics for the national level (decision 0171): one outbox event per day, read from the
statistics table (`DossierRollup`), per unit and procedure (the channels added up).

`pending` and `paused` are the dossiers received that day still open (awaiting a supplement) when the event is
written: a day is sent once, after it ends, so the national level sees what the province's own pages showed then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.core.exceptions import require
from par.dossiers.models import DossierRollup
from par.sync.outbox import DOSSIER_STATISTICS, emit


def daily_rows(day: dt.date) -> list[dict]:
    """The statistics of `day` per unit and procedure, zero rows left out, in a stable order."""
    # Any: the counters are annotated by name from COUNTS, which the stubs cannot follow.
    rows: Any = (
        DossierRollup.objects.filter(day=day)
        .values("unit__code", "unit__name", "procedure__code", "procedure__name")
        .annotate(**{field: Sum(field) for field in DossierRollup.COUNTS})
        .order_by("unit__code", "procedure__code")
    )
    return [
        {
            "unit": {"code": r["unit__code"], "name": r["unit__name"]},
            "procedure": {"code": r["procedure__code"], "name": r["procedure__name"]},
            **{field: r[field] for field in DossierRollup.COUNTS},
        }
        for r in rows
        if any(r[field] for field in DossierRollup.COUNTS)
    ]


def do_emit_daily_statistics(day: dt.date, *, actor=None) -> bool:
    """Put the day's statistics in the outbox once (a second run for the same day writes nothing)."""
    require(actor is None or actor.is_superuser, _("Only the system sends the daily statistics."))
    with transaction.atomic():
        event = emit(DOSSIER_STATISTICS, f"dossiers.daily:{day.isoformat()}", lambda: _payload(day))
        if event is None:
            return False
        record_event(
            actor=actor,
            action="dossiers.emit_statistics",
            obj=event,
            after={"day": day, "rows": len(event.payload["rows"])},
        )
    return True


def _payload(day: dt.date) -> dict:
    return {"day": day, "rows": daily_rows(day)}
