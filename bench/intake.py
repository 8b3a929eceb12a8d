"""B2: dossier intake through the real actions by concurrent clients, against raw inserts of the same rows.

Usage: .venv/bin/python bench/intake.py --db postgres://par:par@127.0.0.1:5432/NAME [--dossiers 400] [--clients 8]
       [--processes]   (each client a forked process, as a server's workers, instead of a thread)

On a throw-away PostgreSQL database (Django's test machinery creates and drops test_NAME): the province and the
procedures of bench/bench_generate.py, then, in the same run:
- **actions**: --clients threads, each with its own connection, file dossiers at the counter and receive them as
  complete (`do_file_dossier` then `do_receive_complete`: permission, code, clock, first step, events, audit
  rows, statistics, each action one transaction), --dossiers in all;
- **raw**: as many threads with psycopg, each writing, per dossier and in one transaction, copies of the rows
  the actions wrote for one dossier (the dossier with a new code, its events, steps and documents) with plain
  INSERT … SELECT; no permission check, no audit row, no statistics.
Prints dossiers/s, p50/p95 milliseconds per dossier and the ratio actions ÷ raw.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_clients(clients: int, total: int, work, until: float | None = None) -> tuple[float, list[float]]:
    """Runs `work(client, i)` for i in 0..total-1 spread over `clients` threads: seconds and per-call ms.

    With `until` (a `time.perf_counter()` value) each client stops at its first call past it."""
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def client(c: int) -> None:
        from django.db import connections

        mine = []
        try:
            for i in range(c, total, clients):
                started = time.perf_counter()
                if until is not None and started > until:
                    break
                work(c, i)
                mine.append((time.perf_counter() - started) * 1000)
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started, latencies


def run_processes(clients: int, total: int, work) -> tuple[float, list[float]]:
    """As `run_clients`, with each client a forked process (as gunicorn's workers are): no shared interpreter lock."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each child opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def client(c: int) -> None:
        mine, error = [], ""
        try:
            for i in range(c, total, clients):
                started = time.perf_counter()
                work(c, i)
                mine.append((time.perf_counter() - started) * 1000)
        except Exception as exc:  # noqa: BLE001 (reported by the parent)
            error = repr(exc)
        finally:
            connections.close_all()
            results.put((mine, error))

    processes = [context.Process(target=client, args=(c,)) for c in range(clients)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies: list[float] = []
    for _ in processes:
        mine, error = results.get()
        if error:
            raise RuntimeError(error)
        latencies.extend(mine)
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
    return elapsed, latencies


def quoted(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, help="DATABASE_URL of a PostgreSQL server")
    parser.add_argument("--dossiers", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--processes", action="store_true", help="clients as processes rather than threads")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "par.settings_test")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        measure(args.dossiers, args.clients, connection, run_processes if args.processes else run_clients)
    finally:
        runner.teardown_databases(old)


def profile_one(intake, connection) -> None:
    """One intake alone: its queries, its time, and where the time goes (the 12 costliest functions)."""
    import cProfile
    import io
    import pstats

    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.runcall(intake, 0, -2)
        elapsed = time.perf_counter() - started
    db_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(
        f"  one intake alone: {elapsed * 1000:.0f} ms, {len(queries.captured_queries)} queries ({db_ms:.0f} ms)"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(12)
    print("\n".join("    " + line for line in out.getvalue().splitlines() if line.strip()), flush=True)


def filer(units, procedure, actor):
    """The intake of one dossier through the actions, as `work(client, i)`: client c files at units[c % n] and
    receives the dossier as complete (each action its own transaction)."""
    from par.dossiers import actions as a

    def intake(c: int, i: int) -> None:
        d = a.do_file_dossier(
            unit=units[c % len(units)],
            procedure=procedure,
            applicant=a.Applicant(name=f"Nguyễn Văn {i}", id_number=f"038090{i:06d}", phone="0912345678"),
            channel="counter",
            actor=actor,
        )
        checked = d.procedure_version.documents.values_list("pk", flat=True)
        a.do_receive_complete(d, expected_version=d.version, actor=actor, checked=checked)

    return intake


def measure(total: int, clients: int, connection, run) -> None:
    import bench_generate
    import psycopg
    from django.utils import timezone

    from par.accounts.models import User
    from par.dossiers.models import Dossier

    year = timezone.localdate().year
    _province, wards, _departments = bench_generate.build(year)
    admin = User.objects.get(username="bench-generate")
    from par.catalog.models import Procedure

    procedure = Procedure.objects.get(code="9.001193")

    intake = filer(wards, procedure, admin)
    kind = "processes" if run is run_processes else "threads"
    print(f"B2 intake: {total} dossiers, {clients} concurrent clients ({kind}), PostgreSQL", flush=True)
    intake(0, -1)  # warm-up: the first dossier is also the template of the raw copies
    template = Dossier.objects.order_by("pk").first()
    assert template is not None
    profile_one(intake, connection)
    action_s, action_ms = run(clients, total, intake)

    children = [
        rel.related_model
        for rel in Dossier._meta.related_objects
        if rel.one_to_many and rel.field.name == "dossier" and rel.related_model._meta.managed
    ]
    rows_per_dossier = 1 + sum(m.objects.filter(dossier=template).count() for m in children)
    columns = [f.column for f in Dossier._meta.concrete_fields if not f.primary_key]
    select = ", ".join(
        "%(code)s" if c == "code" else "NULL" if c == "current_step_id" else f'"{c}"' for c in columns
    )
    copy_dossier = (
        f"INSERT INTO {Dossier._meta.db_table} ({quoted(columns)}) "  # noqa: S608
        f"SELECT {select} FROM {Dossier._meta.db_table} WHERE id = %(template)s RETURNING id"
    )
    copy_children = []
    for model in children:
        cols = [f.column for f in model._meta.concrete_fields if not f.primary_key]
        values = ", ".join("%(new)s" if c == "dossier_id" else f'"{c}"' for c in cols)
        copy_children.append(
            f"INSERT INTO {model._meta.db_table} ({quoted(cols)}) "  # noqa: S608
            f"SELECT {values} FROM {model._meta.db_table} WHERE dossier_id = %(template)s"
        )
    settings = connection.settings_dict
    url = (
        f"postgresql://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    raw_connections: dict[tuple[int, int], psycopg.Connection] = {}

    def raw(c: int, i: int) -> None:
        key = (os.getpid(), c)  # one connection per client, opened in the client's own process
        if key not in raw_connections:
            raw_connections[key] = psycopg.connect(url)
        conn = raw_connections[key]
        with conn.transaction(), conn.cursor() as cur:
            cur.execute(copy_dossier, {"code": f"RAW-{i:08d}", "template": template.pk})
            new = cur.fetchone()[0]  # type: ignore[index]
            for sql in copy_children:
                cur.execute(sql, {"new": new, "template": template.pk})

    raw_s, raw_ms = run(clients, total, raw)
    for conn in raw_connections.values():
        conn.close()

    rows = [
        ("actions: file + receive complete", action_s, action_ms),
        (f"raw psycopg: the same {rows_per_dossier} rows a dossier", raw_s, raw_ms),
    ]
    base = total / raw_s
    print(f"{'path':<46} {'dossiers/s':>10} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7}")
    for name, seconds, ms in rows:
        rate = total / seconds
        print(
            f"{name:<46} {rate:>10.0f} {rate / base:>6.2f} {statistics.median(ms):>7.1f} "
            f"{percentile(ms, 0.95):>7.1f}"
        )
    print(f"  measured {dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC")


if __name__ == "__main__":
    main()
