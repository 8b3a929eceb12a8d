"""B3: the quarterly dossier appendix over millions of dossiers: the rollups, raw SQL and DuckDB on the same rows.

Usage: .venv/bin/python bench/appendix.py [--count 1000000] [--copies 1] [--quarter 4] [--repeat 5]
       [--year YYYY] [--database par_bench_appendix] [--reuse] [--keep]
       (SCALE=10M or --count 10000000 for the full size; DuckDB is used when `import duckdb` works)

On a PostgreSQL database of its own (created, filled and dropped here, on the server scripts/ensure-postgres
gives): the demo province (`load_demo`: its communes, wards and departments, the demo catalogue with its fields)
and --count dossiers received last year at every desk of the province, made by the bulk generator
(`generate_demo_dossiers --bulk`, `par.dossiers.bulk.generate_bulk`) with the statistics rebuilt. With --copies K
the generator makes count ÷ K dossiers and the dossier rows are then copied K − 1 times in SQL (new ids and
codes, same units, procedures, days and outcomes; their events, steps and documents are not copied: nothing
below reads them) and the statistics multiplied by K to match: this is how 10 M dossiers fit in minutes.

Then, for one quarter of that year and every commune-level unit of the province (commune × field × on time),
each the median of --repeat runs after a warm-up:
1. **rollups**: what the product reads for the quarterly dossier appendix (appendix 8 of the national model,
   `par.reporting.defaults`): the batch form of each of its measures over the communes (`metrics.values`, the
   read `par.reporting.sources.own_value` makes for the units below a report's unit), and the split by field,
   which the product reads per unit from the same statistics (`par.dashboards.figures.dossiers_by_procedure`
   then `dossiers_by_field`, as the dashboard's field table), once for each commune;
2. **raw SQL** over the dossier table: one GROUP BY commune × field with the four counts;
3. **DuckDB**, when installed: the dossier columns the query reads and the procedures' fields exported with COPY
   to CSV, loaded into DuckDB tables in memory, and the same GROUP BY there.
It checks that the three give the same figures (and stops with the differences when not), prints the times,
the ratios and the goals of issue 17 (≤ 1 s from the rollups, ≤ 15 s in raw SQL, raw SQL within 3× DuckDB), and
the plan of the raw SQL query (EXPLAIN ANALYZE) to show where its time goes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import (  # noqa: E402
    ROOT,
    database_exists,
    drop_database,
    fresh_database,
    load_demo_dossiers,
    server_env,
    sh,
)

sys.path.insert(0, str(ROOT))

SCALES = {"100K": 100_000, "1M": 1_000_000, "10M": 10_000_000}
DOSSIER_APPENDIX = 8  # "Kết quả giải quyết hồ sơ thủ tục hành chính" of the national model
FIGURES = ("received", "received_online", "resolved", "on_time")

RAW_SQL = """
SELECT d.unit_id, COALESCE(f.name, '') AS field,
       count(*) FILTER (WHERE d.received_on BETWEEN %(start)s AND %(end)s) AS received,
       count(*) FILTER (WHERE d.received_on BETWEEN %(start)s AND %(end)s AND d.channel = 'online')
         AS received_online,
       count(*) FILTER (WHERE d.resolved_on BETWEEN %(start)s AND %(end)s) AS resolved,
       count(*) FILTER (WHERE d.resolved_on BETWEEN %(start)s AND %(end)s AND d.outcome IN ('early', 'on_time'))
         AS on_time
FROM dossiers_dossier d
JOIN catalog_procedure p ON p.id = d.procedure_id
LEFT JOIN catalog_field f ON f.id = p.field_id
WHERE d.unit_id = ANY(%(units)s) AND d.received_on IS NOT NULL
  AND (d.received_on BETWEEN %(start)s AND %(end)s OR d.resolved_on BETWEEN %(start)s AND %(end)s)
GROUP BY 1, 2
"""
# The same query in DuckDB's dialect, on the exported columns ($1, $2: the quarter; the units are the export's).
DUCK_SQL = """
SELECT d.unit_id, COALESCE(p.field, '') AS field,
       count(*) FILTER (WHERE d.received_on BETWEEN $1 AND $2) AS received,
       count(*) FILTER (WHERE d.received_on BETWEEN $1 AND $2 AND d.channel = 'online') AS received_online,
       count(*) FILTER (WHERE d.resolved_on BETWEEN $1 AND $2) AS resolved,
       count(*) FILTER (WHERE d.resolved_on BETWEEN $1 AND $2 AND d.outcome IN ('early', 'on_time')) AS on_time
FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
WHERE d.received_on IS NOT NULL
  AND (d.received_on BETWEEN $1 AND $2 OR d.resolved_on BETWEEN $1 AND $2)
GROUP BY 1, 2
"""

Grid = dict[tuple[int, str], dict[str, int]]  # (commune id, field name) → figure → count


def scale() -> int:
    value = os.environ.get("SCALE", "1M").upper()
    return SCALES[value] if value in SCALES else int(value)


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` runs after one warm-up, and the last run's result."""
    result = fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def load(url: str, count: int, copies: int, year: int) -> None:
    """The demo province and `count` dossiers of `year` (generated, or generated then copied in SQL)."""
    started = time.monotonic()
    generated = count // copies
    print(f"  generating {generated:,} dossiers of {year} with the bulk generator …", flush=True)
    out = load_demo_dossiers(server_env(url), generated, "--year", str(year))
    print(f"  {out} (total {time.monotonic() - started:.0f} s with the demo province)", flush=True)


def copy_dossiers(copies: int) -> None:
    """Copy the dossier rows `copies` − 1 times (new ids and codes) and multiply the statistics to match."""
    from django.db import connection, transaction

    from par.dossiers.bulk import indexes_rebuilt_after
    from par.dossiers.models import Dossier, DossierRollup

    table = Dossier._meta.db_table
    expression = {
        "id": "d.id + k * %(top)s",
        "code": "d.code || '~' || k",  # still unique: generated codes have no '~'
        "current_step_id": "NULL",  # the steps were not copied
    }
    columns = [f.column for f in Dossier._meta.concrete_fields]
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id), count(*) FROM {table}")  # noqa: S608 - our table name
        top, before = cursor.fetchone()
        with indexes_rebuilt_after(cursor, True, models=[Dossier]):
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - our names
                f"SELECT {', '.join(expression.get(c, f'd.{c}') for c in columns)} "
                f"FROM generate_series(1, %(k)s) k CROSS JOIN {table} d WHERE d.id <= %(top)s",
                {"k": copies - 1, "top": top},
            )
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, top * copies])
        # A copy has its original's unit, procedure, days, channel, state and outcome, so it adds one to exactly
        # the counters its original adds to: every counter times `copies` is the recount (`rollups.rebuild`, whose
        # ORM writes of ~900,000 rows would take longer than the copy). The comparison with raw SQL checks it.
        counts = ", ".join(f"{f} = {f} * %(k)s" for f in DossierRollup.COUNTS)
        cursor.execute(f"UPDATE {DossierRollup._meta.db_table} SET {counts}", {"k": copies})  # noqa: S608
    print(
        f"  copied {before:,} dossiers {copies - 1}× in SQL: {before * copies:,} in "
        f"{time.monotonic() - started:.0f} s (indexes rebuilt, statistics multiplied)",
        flush=True,
    )


def appendix_codes() -> list[str]:
    """The live measures behind the dossier appendix of the national report model."""
    from par.reporting.defaults import APPENDICES

    _title, _header, _columns, rows = APPENDICES[DOSSIER_APPENDIX]
    codes = [options["source_metric"] for _code, _label, options in rows if options.get("source_metric")]
    assert codes and all(c.startswith("dossiers.") for c in codes), codes
    return codes


def rollup_figures(codes: list[str], communes, start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """Appendix 8's measures for every commune from their batch forms: what a report's filling reads."""
    from par import metrics

    values = {code: metrics.values(code, communes, start, end) for code in codes}
    names = dict(zip(codes, ("received", "received_online", "resolved", "on_time"), strict=True))
    return {u.pk: {names[code]: int(values[code][u.pk] or 0) for code in codes} for u in communes}


def rollup_fields(communes, start: dt.date, end: dt.date) -> Grid:
    """Each commune's counts by field, read as the dashboard's field table reads them."""
    from par.dashboards.figures import dossiers_by_field, dossiers_by_procedure
    from par.dashboards.forms import Period

    period = Period(start, end, "custom", start.year)
    grid: Grid = {}
    for unit in communes:
        for row in dossiers_by_field(dossiers_by_procedure(unit, period)):
            grid[(unit.pk, str(row.key))] = {
                "received": row.received,
                "resolved": row.resolved,
                "on_time": row.on_time,
            }
    return grid


def raw_grid(rows) -> Grid:
    return {(unit, field): dict(zip(FIGURES, counts, strict=True)) for unit, field, *counts in rows}


def compare(name: str, expected: dict, found: dict) -> None:
    """Stop loudly with the first differences when two paths disagree (all-zero entries ignored)."""

    def clean(table: dict) -> dict:
        return {k: v for k, v in table.items() if any(v.values())}

    expected, found = clean(expected), clean(found)
    if expected == found:
        return
    keys = sorted(set(expected) | set(found), key=str)
    diffs = [(k, expected.get(k), found.get(k)) for k in keys if expected.get(k) != found.get(k)]
    lines = "\n".join(f"  {k}: expected {e}, found {f}" for k, e, f in diffs[:10])
    sys.exit(f"appendix: {name} disagrees with raw SQL in {len(diffs)} entries:\n{lines}")


def by_commune(grid: Grid, figures=FIGURES) -> dict[int, dict[str, int]]:
    totals: dict[int, Counter] = {}
    for (unit, _field), counts in grid.items():
        totals.setdefault(unit, Counter()).update({f: counts[f] for f in figures})
    return {unit: {f: c[f] for f in figures} for unit, c in totals.items()}


def duckdb_path(cursor, units: list[int], start: dt.date, end: dt.date, repeat: int):
    """Export the rows to CSV, load them into DuckDB in memory, time the query: (seconds, grid, export s, load s)."""
    try:
        import duckdb
    except ImportError:
        print(
            "  DuckDB is not installed: its comparison is skipped "
            "(`uv sync --group bench`, or `pip install duckdb` in the environment that runs this)."
        )
        return None
    folder = Path(tempfile.mkdtemp(prefix="par-appendix-"))
    unit_list = ",".join(str(int(u)) for u in units)
    exports = {
        "dossiers": (
            "SELECT id, unit_id, procedure_id, channel, received_on, resolved_on, outcome "  # noqa: S608 - ints
            f"FROM dossiers_dossier WHERE unit_id IN ({unit_list})"
        ),
        "procedures": (
            "SELECT p.id, f.name AS field FROM catalog_procedure p LEFT JOIN catalog_field f ON f.id = p.field_id"
        ),
    }
    started = time.monotonic()
    for name, sql in exports.items():
        with (
            (folder / f"{name}.csv").open("wb") as out,
            cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)") as copy,
        ):
            for block in copy:
                out.write(block)
    exported = time.monotonic() - started
    started = time.monotonic()
    duck = duckdb.connect()
    for name in exports:
        duck.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{folder / name}.csv', header = true)")  # noqa: S608
    loaded = time.monotonic() - started
    size = sum(p.stat().st_size for p in folder.iterdir())
    print(
        f"  DuckDB {duckdb.__version__}: {size / 1e6:,.0f} MB of CSV exported in {exported:.1f} s, loaded in {loaded:.1f} s"
    )

    def query():
        return duck.execute(DUCK_SQL, [start, end]).fetchall()

    seconds, rows = timed(query, repeat)
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    return seconds, raw_grid(rows), exported, loaded


def measure(year: int, quarter: int, repeat: int, province=None) -> None:
    """Time and compare the three paths for the communes of `province` (default: the demo province)."""
    import psycopg
    from django.db import connection

    from par.orgunits.models import COMMUNE_KINDS, Unit, UnitKind

    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - dt.timedelta(days=1)
    if province is None:
        from django.conf import settings

        province = Unit.objects.get(code=settings.PAR_DEMO_PROVINCE, kind=UnitKind.PROVINCE)
    communes = list(
        Unit.objects.as_of(end)
        .filter(path__startswith=province.path, kind__in=COMMUNE_KINDS)
        .order_by("path")
    )
    units = [u.pk for u in communes]
    codes = appendix_codes()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM dossiers_dossier WHERE received_on BETWEEN %s AND %s OR resolved_on BETWEEN %s AND %s",
            [start, end, start, end],
        )
        in_quarter = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM dossiers_dossierrollup")
        rollup_rows = cursor.fetchone()[0]
    print(
        f"\nB3 quarterly dossier appendix: {total:,} dossiers ({in_quarter:,} received or resolved in "
        f"{start:%d/%m/%Y}–{end:%d/%m/%Y}), {len(communes)} communes of {province.name}, {rollup_rows:,} rows of "
        f"statistics; appendix {DOSSIER_APPENDIX} measures {', '.join(codes)}; median of {repeat}",
        flush=True,
    )

    batch_s, figures = timed(lambda: rollup_figures(codes, communes, start, end), repeat)
    fields_s, field_grid = timed(lambda: rollup_fields(communes, start, end), repeat)

    settings = connection.settings_dict
    url = (
        f"postgresql://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    params = {"start": start, "end": end, "units": units}
    with psycopg.connect(url) as raw, raw.cursor() as cursor:

        def query():
            cursor.execute(RAW_SQL, params)
            return cursor.fetchall()

        raw_s, rows = timed(query, repeat)
        grid = raw_grid(rows)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + RAW_SQL, params)
        plan = [line for (line,) in cursor.fetchall()]
        duck = duckdb_path(cursor, units, start, end, repeat)

    compare("the appendix's batch measures", by_commune(grid), figures)
    compare(
        "the field table from the statistics",
        {k: {f: v[f] for f in ("received", "resolved", "on_time")} for k, v in grid.items()},
        field_grid,
    )
    if duck is not None:
        compare("DuckDB", grid, duck[1])
    print(
        f"  the three paths agree: {sum(v['received'] for v in grid.values()):,} received, "
        f"{sum(v['on_time'] for v in grid.values()):,} resolved early or on time, {len(grid)} commune × field cells"
    )

    duck_s = duck[0] if duck else None
    lines = [
        ("rollups: appendix measures, batch forms", batch_s),
        ("rollups: by field, per commune", fields_s),
        ("rollups: total", batch_s + fields_s),
        ("raw SQL over dossiers (baseline)", raw_s),
    ]
    if duck_s is not None:
        lines.append(("DuckDB over the same rows", duck_s))
    print(f"\n{'path':<44} {'s':>9} {'÷ raw':>7} {'÷ DuckDB':>9}")
    for name, seconds in lines:
        vs_duck = f"{seconds / duck_s:>9.2f}" if duck_s else f"{'–':>9}"
        print(f"{name:<44} {seconds:>9.3f} {seconds / raw_s:>7.2f} {vs_duck}")
    goals = [
        ("≤ 1 s from the rollups", batch_s + fields_s <= 1),
        ("≤ 15 s in raw SQL", raw_s <= 15),
    ]
    if duck_s is not None:
        goals.append(("raw SQL within 3× DuckDB", raw_s <= 3 * duck_s))
    for goal, met in goals:
        print(f"  {goal}: {'met' if met else 'NOT met'}")
    # The plan's nodes and times (the list of unit ids cut short): where the raw SQL's time goes.
    nodes = [
        line[:150] for line in plan if "->" in line or line is plan[0] or "Time:" in line or "Workers" in line
    ]
    print("\n  raw SQL plan (EXPLAIN ANALYZE, nodes):\n    " + "\n    ".join(nodes))
    print(f"  measured {dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=0, help="dossiers (default: SCALE, else 1,000,000)")
    parser.add_argument(
        "--copies", type=int, default=1, help="generate count ÷ K, then copy them K − 1 times"
    )
    # The fourth: the demo province's communes since the merger of 01/07/2025 are in force all through it.
    parser.add_argument("--quarter", type=int, default=4, choices=(1, 2, 3, 4))
    parser.add_argument(
        "--year", type=int, default=dt.date.today().year - 1, help="of the dossiers (last year)"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", default="par_bench_appendix")
    parser.add_argument("--reuse", action="store_true", help="keep the dossiers already in --database")
    parser.add_argument("--keep", action="store_true", help="leave the database filled at the end")
    args = parser.parse_args()
    count = args.count or scale()
    year = args.year
    server = sh(str(ROOT / "scripts" / "ensure-postgres"), capture=True).strip()
    base = server.rsplit("/", 1)[0]
    url = f"{base}/{args.database}"
    print(f"B3 appendix: {count:,} dossiers on {args.database}", flush=True)
    if not (args.reuse and database_exists(server, args.database)):
        fresh_database(server, args.database)
        load(url, count, args.copies, year)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "par.settings_test")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    import django

    django.setup()
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM dossiers_dossier")
            present = cursor.fetchone()[0]
        if args.copies > 1 and present < count:
            copy_dossiers(args.copies)
        measure(year, args.quarter, args.repeat)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(server, args.database)


if __name__ == "__main__":
    main()
