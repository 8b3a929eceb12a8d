"""B4: bulk import of dossiers migrated from an earlier system, against raw COPY of the same rows.

Usage: .venv/bin/python bench/import.py [--db postgres://par:par@127.0.0.1:5432/ANY] [--count 100000] [--keep]

On a PostgreSQL database of its own (par_bimp_<count>, created and dropped by the run; --keep leaves it): the
province and the procedures of bench/bench_generate.py, then
1. the import file: `--count` dossiers in the format of docs/dossier-import.md, drawn by the bulk generator's
   row builder (`par.dossiers.bulk_rows.Builder`: its units, procedures, states, times and applicants); at most
   50,000 are drawn and repeated with new code numbers beyond that;
2. the import action end to end (`do_import_dossiers`: permission, COPY of the file into the staging table, the
   typing and checks, the write, the code counters, the statistics, the audit row), each statement of 2 s or more
   printed as it ends, then the phases; then the table is emptied;
3. the baseline: raw psycopg COPY (CSV) of the same dossiers (ids, unit, procedure and version resolved
   beforehand, every column given) into the dossier table, one transaction, with the same index handling as the
   import (from 200,000 rows the plain indexes and foreign keys are rebuilt after the load).
Prints rows/s of each and the ratio import ÷ COPY. The goal of issue 17: 10 M in ≤ 9 min.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

POOL = 50_000
GOAL_SECONDS = 9 * 60


def local(moment: dt.datetime | None) -> str:
    from par.dossiers.bulk_rows import ICT

    return moment.astimezone(ICT).strftime("%Y-%m-%d %H:%M") if moment else ""


def pool_rows(count: int, year: int, units) -> list[tuple]:
    """Up to POOL dossier rows of the bulk builder (its Dossier tuples, COLUMNS order)."""
    from django.utils import timezone

    from par.dossiers.bulk_rows import Builder, plan_desks
    from par.dossiers.models import Dossier

    desks = plan_desks(units, year, dt.date(year, 12, 31))
    builder = Builder(desks, now=timezone.now(), seed=2026, dossier_id=1, step_id=1, counters={})
    rows: list[tuple] = []
    while len(rows) < min(count, POOL):
        rows += builder.chunk(min(5000, min(count, POOL) - len(rows))).tables[Dossier]
    return rows


def _csv(value) -> str:
    """One CSV field as PostgreSQL's COPY reads it: NULL unquoted and empty, '' quoted, times with their offset."""
    if value is None:
        return ""
    text = str(value)
    if text == "" or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _lines(pool: list[tuple], fields) -> list[tuple[str, int, str]]:
    """Per pool row: (code up to its number, the number, the rest of the CSV line after the code)."""
    from par.dossiers.bulk_rows import COLUMNS
    from par.dossiers.models import Dossier

    code_at = COLUMNS[Dossier].index("code")
    lines = []
    for row in pool:
        head, number = row[code_at].rsplit("-", 1)
        lines.append((f"{head}-", int(number), "," + ",".join(_csv(v) for v in fields(row)) + "\n"))
    return lines


def stream(lines: list[tuple[str, int, str]], count: int, with_id: bool = False):
    """`count` CSV lines in blocks of about 1 MB: the pool, then the pool again with each code's number raised by
    10,000 per round (codes stay unique and of PAR's form); with_id puts the row's number first."""
    block: list[str] = []
    size = len(lines)
    for i in range(count):
        head, number, rest = lines[i % size]
        code = f"{head}{number + 10_000 * (i // size):04d}"
        block.append(f"{i + 1},{code}{rest}" if with_id else f"{code}{rest}")
        if len(block) == 5000:
            yield "".join(block).encode()
            block = []
    if block:
        yield "".join(block).encode()


def write_file(
    path: Path, pool: list[tuple], count: int, procedures: dict[int, str], units: dict[int, str]
) -> None:
    """The import file: one row per dossier, the procedure's and the unit's codes for their ids, local times."""
    from par.dossiers.bulk_rows import COLUMNS
    from par.dossiers.imports import COLUMNS as FILE_COLUMNS
    from par.dossiers.models import Dossier

    at = {name: i for i, name in enumerate(COLUMNS[Dossier])}

    def fields(r):
        return (
            procedures[r[at["procedure_version_id"]]],
            units[r[at["unit_id"]]],
            r[at["channel"]],
            r[at["state"]],
            local(r[at["submitted_at"]]),
            local(r[at["received_at"]]),
            r[at["due_date"]].isoformat() if r[at["due_date"]] else "",
            local(r[at["resolved_at"]]),
            local(r[at["returned_at"]]),
            r[at["outcome"]],
            r[at["applicant_name"]],
            r[at["applicant_id_number"]],
            r[at["applicant_phone"]],
            r[at["applicant_email"]],
            r[at["applicant_address"]],
            "",
            r[at["closed_reason"]],
        )

    with path.open("wb") as out:
        out.write((",".join(FILE_COLUMNS) + "\n").encode())
        for block in stream(_lines(pool, fields), count):
            out.write(block)


def copy_baseline(pool: list[tuple], count: int) -> float:
    """Raw psycopg COPY (CSV) of the same dossiers into the dossier table, every column given, committed; seconds."""
    from django.db import connection, transaction

    from par.dossiers.bulk import indexes_rebuilt_after
    from par.dossiers.bulk_rows import COLUMNS
    from par.dossiers.models import Dossier

    columns = [c for c in COLUMNS[Dossier] if c not in ("id", "code")]
    at = [COLUMNS[Dossier].index(c) for c in columns]
    lines = _lines(pool, lambda r: [r[i] for i in at])
    started = time.perf_counter()
    sql = f'COPY "{Dossier._meta.db_table}" (id, code, {", ".join(columns)}) FROM STDIN (FORMAT csv)'
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        indexes_rebuilt_after(cursor, count >= 200_000),
        cursor.cursor.copy(sql) as copy,
    ):
        for block in stream(lines, count, with_id=True):
            copy.write(block)
    return time.perf_counter() - started


def _slow_statements(execute, sql, params, many, context):
    """Print each statement of the import that takes 2 s or more, as it ends: where the time goes."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        seconds = time.perf_counter() - started
        if seconds >= 2:
            print(f"      {seconds:7.1f} s  {' '.join(sql.split())[:90]}", flush=True)


def empty(connection) -> None:
    from par.dossiers.models import Dossier, DossierCounter, DossierImport, DossierRollup

    tables = [m._meta.db_table for m in (Dossier, DossierCounter, DossierRollup, DossierImport)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="postgres://par:par@127.0.0.1:5432/par")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the database and the file")
    args = parser.parse_args()
    import psycopg

    server, _slash, _name = args.db.rpartition("/")
    name = f"par_bimp_{args.count}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = f"{server}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "par.settings_test")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    workdir = Path(tempfile.mkdtemp(prefix="par-bimp-"))
    try:
        call_command("migrate", verbosity=0)
        measure(args.count, workdir, connection)
    finally:
        connections.close_all()
        if not args.keep:
            for path in workdir.iterdir():
                path.unlink()
            workdir.rmdir()
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name}")


def measure(count: int, workdir: Path, connection) -> None:
    import bench_generate
    from django.utils import timezone

    from par.accounts.models import User
    from par.catalog.models import ProcedureVersion
    from par.dossiers.actions.imports import do_import_dossiers
    from par.dossiers.models import Dossier, DossierRollup
    from par.orgunits.models import Unit

    year = timezone.localdate().year - 1
    _province, wards, departments = bench_generate.build(year)
    admin = User.objects.get(username="bench-generate")
    print(f"B4 import: {count:,} dossiers, PostgreSQL, {machine()}", flush=True)

    started = time.perf_counter()
    pool = pool_rows(count, year, [*wards, *departments])
    procedures = dict(ProcedureVersion.objects.values_list("pk", "procedure__code"))
    units = dict(Unit.objects.values_list("pk", "code"))
    path = workdir / "dossiers.csv"
    write_file(path, pool, count, procedures, units)
    size = path.stat().st_size
    print(
        f"  file: {size / 1e6:,.0f} MB in {time.perf_counter() - started:.0f} s ({len(pool):,} drawn)",
        flush=True,
    )

    started = time.perf_counter()
    with path.open("rb") as stream, connection.execute_wrapper(_slow_statements):
        report = do_import_dossiers(stream, actor=admin, file_name=path.name)
    import_s = time.perf_counter() - started
    assert report.rows == count == Dossier.objects.count()
    print(f"  import action: {import_s:.1f} s, {count / import_s:,.0f} rows/s", flush=True)
    for phase, seconds in report.phases.items():
        print(f"    {phase}: {seconds:.1f} s", flush=True)
    print(f"  statistics rows: {DossierRollup.objects.count():,}; {machine()}", flush=True)
    empty(connection)

    copy_s = copy_baseline(pool, count)
    assert Dossier.objects.count() == count
    print(f"  raw COPY (baseline): {copy_s:.1f} s, {count / copy_s:,.0f} rows/s", flush=True)
    print(
        f"  ratio import ÷ COPY: {import_s / copy_s:.2f}× the time ({(count / import_s) / (count / copy_s):.2f} "
        f"of its rate)",
        flush=True,
    )
    scaled = import_s * 10_000_000 / count
    verdict = "met" if import_s <= GOAL_SECONDS * count / 10_000_000 else "not met"
    print(
        f"  goal 10 M in ≤ 9 min: {verdict} at this size (10 M at this rate: {scaled / 60:.1f} min); "
        f"{machine()}",
        flush=True,
    )


if __name__ == "__main__":
    main()
