"""Demo dossiers by the million: the rows of `par.dossiers.bulk_rows`, loaded with PostgreSQL COPY.

`generate_bulk(year=…, count=…, units=[…])` draws exactly `count` dossiers received in `year` at `units` and
streams them per chunk with COPY (psycopg 3 `cursor.copy`); on SQLite, the demo database, the same tuples go
through batched executemany, so one row builder serves both. Like `par.dossiers.demo` it writes rows directly
(no per-dossier actions, for speed), marks every dossier as demo data, then rebuilds the statistics from the
dossiers (`rollups.rebuild`) and records the generation in one audit event.

Primary keys of dossiers and steps and the daily code numbers (`<unit code>-<yymmdd>-<nnnn>`, decision 0070) are
allocated in blocks while the tables are locked; the id sequences and the `DossierCounter` rows are moved past
them afterwards, so intake through `do_file_dossier` continues with a fresh id and code (decision 0163).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from par.audit.log import record_event
from par.dossiers import rollups
from par.dossiers.bulk_rows import COLUMNS, Builder, Rows, plan_desks
from par.dossiers.models import Dossier, DossierCounter, DossierStep

CHUNK = 5000  # dossiers per COPY round: a few MB of rows in memory
# From this many dossiers on (and when the load at least doubles the table), the plain indexes and the foreign keys
# are rebuilt once after the load instead of maintained row by row.
REBUILD_FROM = 50_000


def _table(model) -> str:
    return model._meta.db_table


def _lock_and_start(cursor, models: Sequence[type]) -> dict[type, int]:
    """Lock the tables against writers and return, per model, the first free id (past rows and sequence).

    The code counters are locked first, then the dossiers, in the order intake takes them (`next_code`, then the
    insert), so an intake in flight finishes before the generator reads the counters and none waits for the
    other in a cycle. EXCLUSIVE mode lets readers read (the public lookup keeps answering) and holds writers
    until the load commits. On SQLite a write transaction excludes every other writer anyway.
    """
    first: dict[type, int] = {}
    postgres = connection.vendor == "postgresql"
    if postgres:
        for model in (DossierCounter, *models):
            cursor.execute(f'LOCK TABLE "{_table(model)}" IN EXCLUSIVE MODE')
    for model in models:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{_table(model)}"')  # noqa: S608 - our table names
        top = cursor.fetchone()[0]
        if postgres:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [_table(model)])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 - the name PostgreSQL gave
            top = max(top, cursor.fetchone()[0])
        else:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [_table(model)])
            row = cursor.fetchone()
            top = max(top, row[0] if row else 0)
        first[model] = top + 1
    return first


def _advance_sequences(cursor, last: dict[type, int]) -> None:
    """Move each id sequence past the ids the load used (SQLite's AUTOINCREMENT follows explicit ids itself)."""
    if connection.vendor != "postgresql":
        return
    for model, value in last.items():
        if value > 0:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [_table(model), value])


def _save_counters(cursor, counters: dict[tuple[int, dt.date], int]) -> None:
    """Store the last code number used per unit and day, where intake draws the next one."""
    table = _table(DossierCounter)
    cursor.executemany(
        f'INSERT INTO "{table}" (unit_id, day, last) VALUES (%s, %s, %s) '  # noqa: S608 - our table name
        "ON CONFLICT (unit_id, day) DO UPDATE SET last = EXCLUDED.last",
        [(unit_id, day, last) for (unit_id, day), last in counters.items()],
    )


def _sqlite_value(value):
    """What Django stores on SQLite: aware datetimes as naive UTC text, decimals as text."""
    if isinstance(value, dt.datetime):
        return str(value.astimezone(dt.UTC).replace(tzinfo=None))
    if isinstance(value, Decimal):
        return str(value)
    return value


_TYPES: dict[str, list[int]] = {}


def _column_types(cursor, model) -> list[int]:
    """The PostgreSQL type of each column written (binary COPY needs them), read once per table."""
    table = _table(model)
    if table not in _TYPES:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0", [table]
        )
        types = dict(cursor.fetchall())
        _TYPES[table] = [types[column] for column in COLUMNS[model]]
    return _TYPES[table]


def write(cursor, rows: Rows) -> int:
    """Load one chunk: COPY on PostgreSQL, batched executemany elsewhere; returns the rows written."""
    for model, table_rows in rows.tables.items():
        if not table_rows:
            continue
        columns = COLUMNS[model]
        names = ", ".join(columns)
        if cursor.db.vendor == "postgresql":
            # The psycopg cursor under Django's wrapper: COPY streams the tuples, dumped by psycopg's C adapters in
            # the binary format, which the server stores without parsing text (the COPY itself ~40 % faster).
            types = _column_types(cursor, model)  # before the COPY: it holds the connection until done
            with cursor.cursor.copy(f'COPY "{_table(model)}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
                copy.set_types(types)
                for row in table_rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f'INSERT INTO "{_table(model)}" ({names}) VALUES ({marks})',  # noqa: S608 - our names
                [tuple(map(_sqlite_value, row)) for row in table_rows],
            )
    return len(rows)


def _worth_rebuilding(cursor, count: int) -> bool:
    if connection.vendor != "postgresql" or count < REBUILD_FROM:
        return False
    cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [_table(Dossier)])
    return count >= cursor.fetchone()[0]


@contextmanager
def indexes_rebuilt_after(cursor, enabled: bool, models: Iterable[type] = COLUMNS) -> Iterator[None]:
    """Load without the plain indexes and the foreign keys of the dossier tables (or of `models` alone), then
    recreate each in one pass (PostgreSQL's advice for populating a database: a sorted index build and one join
    per foreign key instead of an index insert and a trigger per row). Primary keys and unique constraints stay
    and guard the load. The DDL takes ACCESS EXCLUSIVE locks, so readers of these tables wait until the commit: a
    demo and bench tool only. An error rolls the whole transaction back, the dropped indexes and constraints with
    it."""
    if not enabled:
        yield
        return
    tables = [_table(model) for model in models]
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
        [tables],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT indisunique ORDER BY 1",
        [tables],
    )
    indexes = cursor.fetchall()
    # Deferred foreign-key checks still pending in this transaction forbid ALTER TABLE on their tables: run them
    # now, and defer again (Django's foreign keys are INITIALLY DEFERRED) once the constraints are back.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, name, _definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _name, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # Fresh statistics for the planner: the rollup rebuild that follows groups the new rows.
    cursor.execute(f"ANALYZE {', '.join(tables)}")


def _load(cursor, builder: Builder, count: int, chunk: int) -> int:
    """Build and write `count` dossiers chunk by chunk; returns the rows written.

    On PostgreSQL a second thread streams chunk k while this one builds chunk k + 1: the server parses and indexes
    in its own process meanwhile, so building costs little more than the load itself. Only that thread touches the
    connection until it is done (one chunk in flight); it uses psycopg's cursor, not Django's thread-bound one.
    """
    sizes = [min(chunk, count - done) for done in range(0, count, chunk)]
    if cursor.db.vendor != "postgresql":
        return sum(write(cursor, builder.chunk(n)) for n in sizes)
    for model in COLUMNS:
        _column_types(cursor, model)  # read here, before the other thread owns the connection
    written = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy") as pool:
        in_flight: Future[int] | None = None
        for n in sizes:
            rows = builder.chunk(n)
            if in_flight is not None:
                written += in_flight.result()
            in_flight = pool.submit(write, cursor, rows)
        if in_flight is not None:
            written += in_flight.result()
    return written


@dataclass
class Report:
    """What a bulk generation made and how long it took."""

    dossiers: int = 0
    rows: int = 0
    load_seconds: float = 0.0
    rollup_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        return self.load_seconds + self.rollup_seconds

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.load_seconds if self.load_seconds else 0.0


def generate_bulk(
    *,
    year: int,
    count: int,
    units: Iterable,
    seed: int = 2026,
    chunk: int = CHUNK,
    rebuild_indexes: bool | None = None,
) -> Report:
    """Generate and load `count` demo dossiers received in `year` at `units`, then rebuild the statistics.

    `rebuild_indexes` (PostgreSQL): drop the plain indexes and foreign keys for the load and recreate them after;
    by default from REBUILD_FROM dossiers on, when the load at least doubles the dossier table."""
    report = Report()
    started = time.perf_counter()
    now = timezone.now()
    last = min(dt.date(year, 12, 31), timezone.localdate())
    desks = plan_desks(units, year, last)
    if not desks or count < 1:
        return report
    with transaction.atomic(), connection.cursor() as cursor:
        first = _lock_and_start(cursor, (Dossier, DossierStep))
        counters = {
            (u, d): n
            for u, d, n in DossierCounter.objects.filter(day__year=year).values_list("unit_id", "day", "last")
        }
        builder = Builder(
            desks,
            now=now,
            seed=seed + year,
            dossier_id=first[Dossier],
            step_id=first[DossierStep],
            counters=dict(counters),
        )
        if rebuild_indexes is None:
            rebuild_indexes = _worth_rebuilding(cursor, count)
        with indexes_rebuilt_after(cursor, rebuild_indexes and connection.vendor == "postgresql"):
            report.rows = _load(cursor, builder, count, chunk)
            report.dossiers = count
        _advance_sequences(cursor, {Dossier: builder.next_dossier - 1, DossierStep: builder.next_step - 1})
        _save_counters(cursor, {k: n for k, n in builder.counters.items() if n != counters.get(k)})
        report.load_seconds = time.perf_counter() - started
        rollups.rebuild()
        record_event(
            actor=None,
            action="dossiers.generate_demo",
            object_type="dossiers.dossier",
            object_repr=f"{report.dossiers} demo dossiers {year}",
            after={"year": year, "count": report.dossiers, "bulk": True},
        )
    report.rollup_seconds = time.perf_counter() - started - report.load_seconds
    return report


__all__ = ["COLUMNS", "Report", "generate_bulk", "indexes_rebuilt_after", "write"]
