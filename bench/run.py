"""Benchmarks, each printed as a ratio against a baseline measured in the same run.

Usage: make bench  (or .venv/bin/python bench/run.py [--db postgres://...]); SCALE sizes the demo data generator's
run and the quarterly appendix (B3) measured on its dossiers: 1,000,000 dossiers by default, SCALE=10M the full
size of issue 17 (SCALE=100K or any number also works).
Runs on a throw-away database: an SQLite file in a temporary directory unless --db names a PostgreSQL server
(the database in the URL is created and dropped by Django's test machinery). `make bench` runs it on the local
PostgreSQL (scripts/ensure-postgres).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int = 7) -> float:
    """Median seconds of `repeat` runs after one warm-up."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def appendix_on_generated() -> None:
    """B3, the quarterly appendix, on the dossiers bench_generate left (PostgreSQL: it compares with raw SQL)."""
    import datetime as dt

    import appendix
    from django.db import connection

    from par.orgunits.models import Unit, UnitKind

    if connection.vendor != "postgresql":
        print("\nB3 quarterly appendix: PostgreSQL only (run with --db postgres://…)")
        return
    province = Unit.objects.get(code="40", kind=UnitKind.PROVINCE)  # bench_generate's
    appendix.measure(dt.date.today().year - 1, quarter=4, repeat=5, province=province)


@contextmanager
def throwaway_database(db: str = "", *, serialized: bool = True) -> Iterator[None]:
    """Django set up on a throw-away database for a benchmark: an SQLite file in a temporary directory, or the
    PostgreSQL server of `db` (the database in the URL is created and dropped by Django's test machinery).
    `serialized=False` skips the rollback snapshot a benchmark never needs."""
    os.environ["DATABASE_URL"] = db or f"sqlite:///{tempfile.mkdtemp(prefix='par-bench-')}/bench.sqlite3"
    # The production settings with a throw-away key and address, as the tests run them.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "par.settings_test")
    os.environ.setdefault("STATIC_MANIFEST", "0")  # pages link the source static files, no collectstatic
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases(**({} if serialized else {"serialized_aliases": []}))
    try:
        yield
    finally:
        runner.teardown_databases(old)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="", help="DATABASE_URL of a PostgreSQL server (default: SQLite)")
    parser.add_argument("--communes", type=int, default=3321, help="communes in the synthetic country")
    args = parser.parse_args()
    with throwaway_database(args.db):
        import bench_dashboard
        import bench_generate
        import bench_lookup
        import bench_orgunits
        import bench_scoring
        import bench_search

        bench_orgunits.run(args.communes, timed)
        bench_scoring.run(args.communes, timed)
        bench_lookup.run(timed)
        bench_search.run(timed)
        bench_generate.run(timed)  # it empties the dossier tables it measures on (SCALE=1M / 10M) …
        appendix_on_generated()  # … and leaves the generator's dossiers, which B3 reads
        bench_dashboard.run(timed)  # last: it empties the database and loads the demo province


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
