"""The demo data generator: dossiers with their steps, events, documents and results loaded with COPY.

Usage: .venv/bin/python bench/bench_generate.py [--db postgres://...] [--dossiers N]   (or `make bench`;
SCALE=100K, 1M or 10M selects 100,000, 1,000,000 or 10,000,000 dossiers, default 1M).
One province with 40 wards and 4 departments, five procedures, the national calendar seeded from the `holidays`
package; the dossiers are received in last year. Measured, in the same run, on empty tables with their indexes:
- the floor: raw COPY (PostgreSQL) or executemany (SQLite) of rows built beforehand (the same tables, the same
  rows, the same index handling: from 50,000 dossiers on the plain indexes and foreign keys are recreated after
  the load; at most 200,000 dossiers' worth are held in memory), so only the database's load is timed;
- `generate_demo_dossiers --bulk` (`par.dossiers.bulk.generate_bulk`): building the rows and loading them, then
  rebuilding the statistics;
- the ORM generator (`par.dossiers.demo.generate`, bulk_create) at 2,000 dossiers.
The generator's dossiers are left in the tables (bench/run.py measures the quarterly appendix on them). Rows are counted over every table written (a dossier is ~14 rows: itself, ~6 events, ~3 steps, documents,
result). The ratio is the generator's rows/s against the floor's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SCALES = {"100K": 100_000, "1M": 1_000_000, "10M": 10_000_000}
DEFAULT_SCALE = "1M"  # issue 17: `make bench` runs 1 M dossiers, `SCALE=10M make bench` the full size
FLOOR_SAMPLE = 200_000


def scale() -> int:
    value = os.environ.get("SCALE", DEFAULT_SCALE).upper()
    return SCALES[value] if value in SCALES else int(value)


def build(year: int):
    """The province, its desks, the calendar and a small catalogue (commune and provincial procedures)."""
    from par.accounts.models import User
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year
    from par.catalog.actions import DocumentInput, StepInput, do_add_version, do_create_procedure
    from par.catalog.models import Field
    from par.core.testing import make_unit
    from par.orgunits.models import UnitKind

    calendar, _ = do_ensure_national_calendar(actor=None)
    for y in (year, year + 1):
        do_seed_calendar_year(calendar, y, actor=None)
    province = make_unit("40", "Tỉnh Nghệ An", UnitKind.PROVINCE)  # apart from the other benchmarks' "38"
    since = dt.date(year - 1, 1, 1)
    wards = [
        make_unit(f"{16000 + i}", f"Phường {i}", UnitKind.WARD, province, valid_from=since) for i in range(40)
    ]
    departments = [
        make_unit(f"000.{i:02d}.40", f"Sở {i}", UnitKind.DEPARTMENT, province, valid_from=since)
        for i in range(4)
    ]
    admin = User.objects.create_user(username="bench-generate", is_superuser=True, is_staff=True)
    # Four fields, two of them at the communes: the quarterly appendix counts commune × field (bench/appendix.py).
    fields = {
        code: Field.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (
            ("HT", "Hộ tịch"),
            ("CT", "Chứng thực"),
            ("LLTP", "Lý lịch tư pháp"),
            ("XD", "Xây dựng"),
        )
    }
    specs = [
        ("9.001193", "Đăng ký khai sinh", "HT", True, 3, 2, [("Thẩm định", 1), ("Phê duyệt", 1)]),
        (
            "9.000894",
            "Đăng ký kết hôn",
            "HT",
            True,
            5,
            3,
            [("Tiếp nhận", 0.5), ("Thẩm định", 2), ("Ký", 0.5)],
        ),
        ("9.004227", "Chứng thực bản sao", "CT", True, 1, 1, []),
        ("9.000001", "Cấp phiếu lý lịch tư pháp", "LLTP", False, 10, 8, [("Xác minh", 6), ("Ký", 2)]),
        ("9.000002", "Cấp giấy phép", "XD", False, 15, 12, [("Thẩm định", 8), ("Trình ký", 3), ("Trả", 1)]),
    ]
    for code, name, field_code, commune, legal, committed, steps in specs:
        field = fields[field_code]
        procedure = do_create_procedure(
            data={
                "code": code,
                "name": name,
                "field": field,
                "at_commune": commune,
                "at_province": not commune,
                "responsible_kind": "commune_committee" if commune else "department",
                "result": name,
            },
            actor=admin,
        )
        do_add_version(
            procedure,
            data={
                "valid_from": since,
                "legal_days": Decimal(legal),
                "committed_days": Decimal(committed),
                "online_level": "full",
            },
            steps=[StepInput(name=n, actor="specialist", days=Decimal(str(d))) for n, d in steps],
            documents=[
                DocumentInput(name=f"Giấy tờ {i}", originals=1, copies=0, form_template="") for i in (1, 2)
            ],
            actor=admin,
        )
    return province, wards, departments


def empty_tables() -> None:
    from django.db import connection

    from par.dossiers.bulk import COLUMNS
    from par.dossiers.models import Dossier, DossierCounter, DossierRollup

    tables = [m._meta.db_table for m in (*COLUMNS, DossierCounter, DossierRollup)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            cursor.execute(f"UPDATE {Dossier._meta.db_table} SET current_step_id = NULL")  # noqa: S608
            for table in reversed(tables):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our table names


def floor(units, year: int, n: int) -> tuple[int, float]:
    """Rows/s of loading rows built beforehand: what the database alone costs."""
    from django.db import connection, transaction
    from django.utils import timezone

    from par.dossiers.bulk import CHUNK, REBUILD_FROM, indexes_rebuilt_after, write
    from par.dossiers.bulk_rows import Builder, plan_desks

    desks = plan_desks(units, year, dt.date(year, 12, 31))
    builder = Builder(desks, now=timezone.now(), seed=1, dossier_id=1, step_id=1, counters={})
    chunks = [builder.chunk(min(CHUNK, n - i)) for i in range(0, n, CHUNK)]
    rows = 0
    start = time.perf_counter()
    rebuild = (
        connection.vendor == "postgresql" and n >= REBUILD_FROM
    )  # as the generator decides on empty tables
    with transaction.atomic(), connection.cursor() as cursor, indexes_rebuilt_after(cursor, rebuild):
        for chunk in chunks:
            rows += write(cursor, chunk)
    return rows, time.perf_counter() - start


def run(timed=None, n_dossiers: int | None = None) -> list[tuple[str, float]]:
    from django.db import connection

    from par.dossiers import demo
    from par.dossiers.bulk import COLUMNS, generate_bulk
    from par.dossiers.models import Dossier

    n = n_dossiers or scale()
    year = dt.date.today().year - 1
    province, wards, departments = build(year)
    units = [*wards, *departments]
    sample = min(n, FLOOR_SAMPLE)
    empty_tables()  # the floor writes ids from 1, on empty tables as the generator's run
    floor_rows, floor_s = floor(units, year, sample)
    empty_tables()
    small = 2000
    start = time.perf_counter()
    demo.generate(
        year=year,
        count=small,
        units={
            "province": province,
            "ward": wards[0],
            "justice": departments[0],
            "home_affairs": departments[1],
        },
    )
    orm_s = time.perf_counter() - start
    orm_rows = sum(m.objects.count() for m in COLUMNS)
    orm_dossiers = Dossier.objects.count()
    empty_tables()
    report = generate_bulk(year=year, count=n, units=units)  # last: its rows stay for the appendix (B3)
    floor_rate, gen_rate, orm_rate = floor_rows / floor_s, report.rows_per_second, orm_rows / orm_s
    engine = "PostgreSQL COPY" if connection.vendor == "postgresql" else "SQLite executemany"
    print(
        f"\nDemo data generator ({connection.vendor}, {n:,} dossiers, last year; rows over all dossier tables)"
    )
    print(f"{'load':<58} {'rows':>11} {'s':>8} {'rows/s':>10} {'dossiers/s':>11} {'ratio':>6}")
    lines = [
        (f"floor: {engine} of pre-built rows ({sample:,} dossiers)", floor_rows, floor_s, sample),
        ("generate_demo_dossiers --bulk: build + load", report.rows, report.load_seconds, report.dossiers),
        ("  … then the statistics rebuilt (total time)", report.rows, report.seconds, report.dossiers),
        (f"ORM generator, bulk_create ({small:,} asked)", orm_rows, orm_s, orm_dossiers),
    ]
    results = []
    for label, rows, seconds, dossiers in lines:
        rate = rows / seconds
        print(
            f"{label:<58} {rows:>11,} {seconds:>8.1f} {rate:>10,.0f} {dossiers / seconds:>11,.0f} {rate / floor_rate:>6.2f}"
        )
        results.append((label, rate))
    print(f"generator ÷ ORM generator: {gen_rate / orm_rate:.1f}× (rows/s)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="", help="DATABASE_URL of a PostgreSQL server (default: SQLite)")
    parser.add_argument("--dossiers", type=int, default=0, help="dossiers (default: SCALE, else 1,000,000)")
    args = parser.parse_args()
    from run import throwaway_database

    with throwaway_database(args.db):
        run(n_dossiers=args.dossiers or None)


if __name__ == "__main__":
    main()
