"""Statistics per (unit, procedure, day, channel), kept by deltas in each action's transaction.

A dossier contributes to at most four counters (see `DossierRollup`); an action computes the contributions
before and after its change and applies the difference, so the table always equals a recount from the
dossiers (`recount`, used by `rebuild_dossier_rollups` and the property test).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q

from par.dossiers.models import Dossier, DossierRollup, DossierState, Outcome

Key = tuple[int, int, dt.date, str]  # unit id, procedure id, day, channel

RESOLVED_FIELD: dict[str, str] = {
    Outcome.EARLY: "resolved_early",
    Outcome.ON_TIME: "resolved_on_time",
    Outcome.LATE: "resolved_late",
}


def contributions(d: Dossier) -> Counter:
    """The counters one dossier adds to, as {(key, field): 1}."""
    c: Counter = Counter()
    if d.received_on is None:
        return c
    received_key = (d.unit_id, d.procedure_id, d.received_on, d.channel)
    c[(received_key, "received")] += 1
    if d.resolved_on is not None:
        c[((d.unit_id, d.procedure_id, d.resolved_on, d.channel), RESOLVED_FIELD[d.outcome])] += 1
    elif d.state != DossierState.WITHDRAWN:
        c[(received_key, "pending")] += 1
        if d.state == DossierState.SUPPLEMENT_REQUESTED:
            c[(received_key, "paused")] += 1
    return c


def apply_delta(before: Counter, after: Counter) -> None:
    """Add `after - before` to the table (inside the action's transaction)."""
    deltas: dict[Key, dict[str, int]] = {}
    for item in set(before) | set(after):
        change = after.get(item, 0) - before.get(item, 0)
        if change:
            key, field = item
            deltas.setdefault(key, {})[field] = deltas.setdefault(key, {}).get(field, 0) + change
    for (unit_id, procedure_id, day, channel), fields in deltas.items():
        row_id = _row_id(unit_id, procedure_id, day, channel)
        DossierRollup.objects.filter(pk=row_id).update(**{f: F(f) + n for f, n in fields.items()})


def _row_id(unit_id, procedure_id, day, channel) -> int:
    key = {"unit_id": unit_id, "procedure_id": procedure_id, "day": day, "channel": channel}
    row = DossierRollup.objects.filter(**key).values_list("pk", flat=True).first()
    if row is not None:
        return row
    try:
        # A savepoint: a concurrent action may create the same row first; then read theirs.
        with transaction.atomic():
            return DossierRollup.objects.create(**key).pk
    except IntegrityError:
        return DossierRollup.objects.get(**key).pk


def recount(dossiers: Iterable[Dossier] | None = None) -> dict[Key, dict[str, int]]:
    """The rollup recomputed from the dossier rows with three grouped queries, zero counters dropped."""
    table: dict[Key, dict[str, int]] = {}

    def add(key, field, n):
        if n:
            table.setdefault(key, dict.fromkeys(DossierRollup.COUNTS, 0))[field] += n

    qs = Dossier.objects.filter(received_on__isnull=False).order_by()
    keys = ("unit_id", "procedure_id", "channel")
    for row in qs.values(*keys, "received_on").annotate(
        n=Count("pk"),
        pending=Count("pk", filter=Q(resolved_on__isnull=True) & ~Q(state=DossierState.WITHDRAWN)),
        paused=Count("pk", filter=Q(resolved_on__isnull=True, state=DossierState.SUPPLEMENT_REQUESTED)),
    ):
        key = (row["unit_id"], row["procedure_id"], row["received_on"], row["channel"])
        add(key, "received", row["n"])
        add(key, "pending", row["pending"])
        add(key, "paused", row["paused"])
    for row in (
        qs.filter(resolved_on__isnull=False).values(*keys, "resolved_on", "outcome").annotate(n=Count("pk"))
    ):
        key = (row["unit_id"], row["procedure_id"], row["resolved_on"], row["channel"])
        add(key, RESOLVED_FIELD[row["outcome"]], row["n"])
    return table


def stored() -> dict[Key, dict[str, int]]:
    """The rollup table as stored, rows with only zeros dropped (comparable with `recount`)."""
    table = {}
    for row in DossierRollup.objects.values(
        "unit_id", "procedure_id", "day", "channel", *DossierRollup.COUNTS
    ):
        counts = {f: row[f] for f in DossierRollup.COUNTS}
        if any(counts.values()):
            table[(row["unit_id"], row["procedure_id"], row["day"], row["channel"])] = counts
    return table


def rebuild() -> int:
    """Bring the table back to a recount from the dossiers, in one transaction; returns the rows not all zero.

    The recount runs inside the transaction, once the table is locked against writes (PostgreSQL's EXCLUSIVE
    mode: readers still read). A transition that committed before the lock is in the recount; one still running
    waits at its first rollup write until the rebuild commits, then adds its delta to the rebuilt rows. Rows are
    updated in place, never deleted and recreated: a transition that has already looked up a row's id must find
    that row again after the rebuild, or its delta would be lost. On SQLite a write transaction excludes every
    other writer anyway.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'LOCK TABLE "{DossierRollup._meta.db_table}" IN EXCLUSIVE MODE')
        table = recount()
        counted = len(table)
        zeros = dict.fromkeys(DossierRollup.COUNTS, 0)
        changed = []
        for row in DossierRollup.objects.order_by("pk").iterator(chunk_size=2000):
            counts = table.get((row.unit_id, row.procedure_id, row.day, row.channel), zeros)
            if any(getattr(row, name) != n for name, n in counts.items()):
                for name, n in counts.items():
                    setattr(row, name, n)
                changed.append(row)
            table.pop((row.unit_id, row.procedure_id, row.day, row.channel), None)
        DossierRollup.objects.bulk_update(changed, DossierRollup.COUNTS, batch_size=2000)
        DossierRollup.objects.bulk_create(
            (
                DossierRollup(unit_id=u, procedure_id=p, day=day, channel=ch, **counts)
                for (u, p, day, ch), counts in table.items()
            ),
            batch_size=2000,
        )
    return counted
