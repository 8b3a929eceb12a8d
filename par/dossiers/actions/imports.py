"""Importing dossiers migrated from an earlier one-stop system (decision 0179; the format in `par.dossiers.imports`).

`do_import_dossiers(stream, actor=…)` is one transaction: the permission check, the lock on the code counters and
the dossier table (readers keep reading, writers wait), the check of every row and the write of all of them or
none, the code counters moved past imported codes, the statistics of the days touched, and one audit row with the
counts and the file's SHA-256.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import IO

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from par.accounts.access import visible_units
from par.accounts.models import Membership, Role
from par.audit.log import record_event
from par.core.exceptions import require
from par.dossiers import imports
from par.dossiers.bulk import _advance_sequences, _lock_and_start, indexes_rebuilt_after
from par.dossiers.models import Dossier, DossierImport
from par.orgunits.models import AdminLevel

# From this many rows on PostgreSQL (and when the file at least doubles the dossier table) the plain indexes and
# foreign keys of the dossier tables are set aside for the write and rebuilt after it, as the bulk generator does.
REBUILD_FROM = 200_000


def can_import_dossiers(user) -> bool:
    """Province administrators: superusers and PAR officers of a province."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        Q(user=user, role=Role.PAR_OFFICER, unit__level=AdminLevel.PROVINCE)
    ).exists()


@dataclass
class ImportReport:
    """What one import wrote and where its time went (seconds per phase)."""

    rows: int = 0
    sha256: str = ""
    record: DossierImport | None = None
    phases: dict[str, float] = field(default_factory=dict)


def do_import_dossiers(
    stream: IO[bytes], *, actor, file_name: str = "", rebuild_indexes: bool | None = None
) -> ImportReport:
    """Import the dossiers of a CSV file (bytes); raises ImportRejected with the errors, writing nothing.

    The receiving units must be among those the actor sees. `rebuild_indexes` (PostgreSQL): set the plain indexes
    aside for the write; by default for files of REBUILD_FROM rows that at least double the dossier table."""
    require(can_import_dossiers(actor), _("Only province administrators import dossiers."))
    report = ImportReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.phases[name] = report.phases.get(name, 0.0) + now - clock
        clock = now

    source = imports.Source(stream, name=file_name)
    source.open()
    units = dict(visible_units(actor).values_list("code", "pk"))
    postgres = imports.is_postgres()
    with transaction.atomic(), connection.cursor() as cursor:
        record = DossierImport.objects.create(created_by=actor, file_name=file_name[:255], sha256="")
        if postgres:
            from par.dossiers import imports_pg

            # Staged and checked before the lock: intake goes on meanwhile.
            staged = imports_pg.stage(cursor, source, units)
            lap("stage and check")
            if not staged:
                raise imports.ImportRejected([_("The file has no dossiers.")])
            first = _lock_and_start(cursor, (Dossier,))[Dossier]
            lap("lock")
            big = rebuild_indexes
            if big is None:
                big = staged >= REBUILD_FROM and _doubles(cursor, staged)
            with indexes_rebuilt_after(cursor, bool(big)):
                rows = imports_pg.write(cursor, first_id=first, import_id=record.pk, now=timezone.now())
                lap("write")
            lap("indexes")
        else:
            first = _lock_and_start(cursor, (Dossier,))[Dossier]
            rows = imports.load_sqlite(cursor, source, first_id=first, import_id=record.pk, units=units)
            lap("check and write")
        if rows == 0:
            raise imports.ImportRejected([_("The file has no dossiers.")])
        last = first + rows - 1
        _advance_sequences(cursor, {Dossier: last})
        if postgres:
            moved = imports_pg.move_counters(cursor, first, last)
        else:
            moved = imports.move_counters(cursor, imports.counter_candidates_sqlite(cursor, first, last))
        lap("counters")
        imports.add_to_rollups(cursor, first, last)
        lap("statistics")
        record.sha256 = report.sha256 = source.sha256
        record.rows = report.rows = rows
        record.first_dossier_id, record.last_dossier_id = first, last
        record.save(update_fields=["sha256", "rows", "first_dossier_id", "last_dossier_id"])
        record_event(
            actor=actor,
            action="dossiers.import",
            obj=record,
            after={
                "file": file_name,
                "sha256": source.sha256,
                "dossiers": rows,
                "first_id": first,
                "last_id": last,
                "code_counters_moved": moved,
            },
        )
        report.record = record
    lap("commit")
    return report


def _doubles(cursor, rows: int) -> bool:
    cursor.execute(
        "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [Dossier._meta.db_table]
    )
    return rows >= cursor.fetchone()[0]
