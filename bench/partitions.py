"""Dossier events partitioned by month, against the table as it is (decision 0177).

Usage: .venv/bin/python bench/partitions.py [--events 1000000] [--months 24]

On a PostgreSQL database of its own (created and dropped here, on the server scripts/ensure-postgres gives), two
copies of the dossier events table (the columns that matter of dossiers_dossierevent) are filled with the same
generated rows, eight events a dossier spread over --months months:
- `ev_plain`, as in production: unique (dossier_id, sequence), an index on `at`;
- `ev_part`, range-partitioned by `at`, one partition a month plus a default one, the primary key (id, at) and
  an index (dossier_id, sequence) in each partition (a unique one must include `at`).
It prints the plans (EXPLAIN) and median times, with the ratio partitioned ÷ plain, of:
1. a quarter's events counted by state (a report's read): pruned to the quarter's three partitions;
2. the last events of one dossier (the public lookup's read) by dossier alone, which probes every partition,
   and bounded by the dossier's first and last event (its filing and return), which prunes to its months;
3. dropping the oldest month (retention): DELETE against DETACH + DROP of its partition.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import ROOT, fresh_database, sh  # noqa: E402

DATABASE = "par_bench_partitions"
START = dt.date(2024, 1, 1)
COLUMNS = """
    id bigint GENERATED ALWAYS AS IDENTITY,
    dossier_id bigint NOT NULL,
    sequence integer NOT NULL,
    at timestamptz NOT NULL,
    action varchar(40) NOT NULL,
    to_state varchar(30) NOT NULL,
    public_note varchar(255) NOT NULL DEFAULT ''
"""
STATES = ["submitted", "received", "in_process", "awaiting_approval", "approved", "result_ready", "returned"]


def month(n: int) -> dt.date:
    return dt.date(START.year + (START.month - 1 + n) // 12, (START.month - 1 + n) % 12 + 1, 1)


def timed(cur: psycopg.Cursor, sql: str, params=(), repeat: int = 7) -> float:
    cur.execute(sql, params)
    cur.fetchall()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        cur.execute(sql, params)
        cur.fetchall()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def plan(cur: psycopg.Cursor, sql: str, params=()) -> list[str]:
    cur.execute("EXPLAIN (COSTS OFF) " + sql, params)
    return [row[0] for row in cur.fetchall()]


def scanned(lines: list[str]) -> int:
    """Partitions (or the plain table) a plan reads."""
    return sum(
        1 for line in lines if " on ev_" in line and "Scan" in line and "Bitmap Index Scan" not in line
    )


def summary(lines: list[str]) -> str:
    """The plan's lines that say which tables it reads."""
    return "\n   ".join(
        line
        for line in lines
        if ("Scan on ev_" in line and "Bitmap Index" not in line)
        or "Subplans Removed" in line
        or "Append" in line
    )


def build(cur: psycopg.Cursor, events: int, months: int) -> int:
    dossiers = events // 8
    cur.execute(f"CREATE TABLE ev_plain ({COLUMNS}, PRIMARY KEY (id), UNIQUE (dossier_id, sequence))")
    cur.execute("CREATE INDEX ON ev_plain (at)")
    cur.execute(f"CREATE TABLE ev_part ({COLUMNS}, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)")
    for n in range(months + 1):
        cur.execute(
            f"CREATE TABLE ev_part_{month(n):%Y_%m} PARTITION OF ev_part "
            f"FOR VALUES FROM ('{month(n)}') TO ('{month(n + 1)}')"
        )
    cur.execute("CREATE TABLE ev_part_default PARTITION OF ev_part DEFAULT")
    cur.execute("CREATE INDEX ON ev_part (dossier_id, sequence)")
    # Dossier d is filed at a moment spread evenly over the months; its eight events follow a day apart.
    fill = """
        INSERT INTO {table} (dossier_id, sequence, at, action, to_state)
        SELECT d, s, %(start)s::timestamptz + (d::float8 / %(dossiers)s) * %(span)s::interval
                     + s * interval '1 day',
               'step', (ARRAY{states})[1 + (d + s) %% {n}]
        FROM generate_series(1, %(dossiers)s) d, generate_series(1, 8) s
    """
    params = {"start": START, "dossiers": dossiers, "span": f"{(month(months) - START).days - 9} days"}
    for table in ("ev_plain", "ev_part"):
        cur.execute(fill.format(table=table, states=STATES, n=len(STATES)), params)
        cur.execute(f"VACUUM ANALYZE {table}")
    return dossiers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()
    server = sh(str(ROOT / "scripts" / "ensure-postgres"), capture=True).strip()
    url = fresh_database(server, DATABASE)
    try:
        with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cur:
            started = time.monotonic()
            dossiers = build(cur, args.events, args.months)
            print(
                f"partitions: {dossiers * 8:,} events of {dossiers:,} dossiers over {args.months} months, "
                f"{args.months + 2} partitions, built in {time.monotonic() - started:.0f} s"
            )
            rows: list[tuple[str, float, float, int, int]] = []

            quarter = (month(args.months // 2), month(args.months // 2 + 3))
            report = "SELECT to_state, count(*) FROM {t} WHERE at >= %s AND at < %s GROUP BY to_state"
            part_plan = plan(cur, report.format(t="ev_part"), quarter)
            print("\n1. a quarter counted by state, partitioned plan:\n   " + summary(part_plan))
            rows.append(
                (
                    "quarter counted by state (report)",
                    timed(cur, report.format(t="ev_plain"), quarter),
                    timed(cur, report.format(t="ev_part"), quarter),
                    scanned(plan(cur, report.format(t="ev_plain"), quarter)),
                    scanned(part_plan),
                )
            )

            picks = random.Random(2026).sample(range(1, dossiers + 1), 200)  # noqa: S311 (a fixed sample)
            # A dossier's events lie between its filing and its return (now, while it is open): both are on
            # the dossier's own row in production; here they are read from the events.
            cur.execute(
                "SELECT dossier_id, min(at), max(at) FROM ev_plain WHERE dossier_id = ANY(%s) GROUP BY 1",
                [picks],
            )
            span = {d: (lo, hi) for d, lo, hi in cur.fetchall()}
            lookup = "SELECT at, to_state, public_note FROM {t} WHERE dossier_id = %s AND sequence > 0 {extra} ORDER BY sequence"

            def lookups(table: str, extra: str = "") -> float:
                sql = lookup.format(t=table, extra=extra)
                params = [(d, *span[d]) if extra else (d,) for d in picks]
                for p in params:  # warm
                    cur.execute(sql, p)
                    cur.fetchall()
                started = time.perf_counter()
                for p in params:
                    cur.execute(sql, p)
                    cur.fetchall()
                return (time.perf_counter() - started) / len(params)

            bounded = "AND at >= %s AND at <= %s"
            one = picks[0]
            unbounded_plan = plan(cur, lookup.format(t="ev_part", extra=""), (one,))
            bounded_plan = plan(cur, lookup.format(t="ev_part", extra=bounded), (one, *span[one]))
            print(
                "\n2. the last events of one dossier, partitioned, by dossier only:\n   "
                + summary(unbounded_plan)
                + "\n   bounded by its first and last event:\n   "
                + summary(bounded_plan)
            )
            plain_lookup = lookups("ev_plain")
            rows.append(
                (
                    "one dossier's events, by dossier only (lookup)",
                    plain_lookup,
                    lookups("ev_part"),
                    1,
                    scanned(unbounded_plan),
                )
            )
            rows.append(
                (
                    "one dossier's events, bounded by its dates",
                    plain_lookup,
                    lookups("ev_part", bounded),
                    1,
                    scanned(bounded_plan),
                )
            )

            oldest = month(0)
            started = time.perf_counter()
            cur.execute("DELETE FROM ev_plain WHERE at < %s", [month(1)])
            delete = time.perf_counter() - started
            started = time.perf_counter()
            cur.execute(f"ALTER TABLE ev_part DETACH PARTITION ev_part_{oldest:%Y_%m}")
            cur.execute(f"DROP TABLE ev_part_{oldest:%Y_%m}")
            detach = time.perf_counter() - started
            rows.append((f"drop the month {oldest:%m/%Y} (retention)", delete, detach, 1, 1))

            print(f"\n{'read':<50} {'plain ms':>9} {'part ms':>9} {'ratio':>6} {'tables read':>12}")
            for name, plain_s, part_s, plain_n, part_n in rows:
                print(
                    f"{name:<50} {plain_s * 1000:>9.2f} {part_s * 1000:>9.2f} {part_s / plain_s:>6.2f} "
                    f"{plain_n:>5} → {part_n:<4}"
                )
    finally:
        fresh_database(server, DATABASE)


if __name__ == "__main__":
    main()
