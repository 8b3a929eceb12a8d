"""B5: intake, public lookups and report builds at once, each against itself alone (issue: performance and scale).

Usage: .venv/bin/python bench/mixed.py [--dossiers 100000] [--seconds 20] [--clients 8] [--connections 64]
       [--database par_bench_mixed] [--port 8232] [--reuse] [--keep]

On a PostgreSQL database of its own (created, filled and dropped here; --reuse keeps the data of an earlier run
left with --keep): the demo province with its report periods and reports (`load_demo`) and --dossiers dossiers of
this year from the bulk generator. Three loads, the same as the single benchmarks run them:
- **intake** (as bench/intake.py, B2): --clients threads of this process file a dossier at the counter and
  receive it as complete through the actions (`do_file_dossier`, `do_receive_complete`), each client at a commune
  of its own;
- **lookups** (as bench/load.py, B1): PAR's `/api/v1/public/dossiers/{code}` under gunicorn (2 × cores + 1 sync
  workers, DEBUG off, no cache: every request a miss, as most citizens' lookups are), wrk with --connections
  connections on random codes;
- **report build**: the province's quarterly report filled from the live figures by the action behind its
  "fill from live data" button (`par.reporting.actions.do_autofill`: every measure of the template, for the
  province and the units below it), one build at a time, back to back, in a forked process of its own (as a
  server worker would run it).
Each runs alone for --seconds, then all three together for --seconds. Prints each one's throughput and latency
alone and under the mix, and the ratio mix ÷ alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402
from intake import filer, percentile, run_clients  # noqa: E402
from load import (  # noqa: E402
    ROOT,
    code_files,
    database_exists,
    drop_database,
    ensure,
    fresh_database,
    gunicorn,
    load_demo_dossiers,
    server_env,
    sh,
)

sys.path.insert(0, str(ROOT))


@dataclass
class Figure:
    """What one load did in one phase: operations per second and latency percentiles in milliseconds."""

    rate: float
    p50_ms: float
    p95_ms: float
    errors: int = 0


def build_reports(report_pk: int, actor_pk: int, start_at: float, until: float, queue) -> None:
    """In a forked process: fill the report again and again from `start_at` until `until`; put the seconds."""
    from django.db import connections

    from par.accounts.models import User
    from par.reporting.actions import do_autofill
    from par.reporting.models import Report

    samples: list[float] = []
    error = ""
    try:
        actor = User.objects.get(pk=actor_pk)
        while time.perf_counter() < start_at:
            time.sleep(0.01)
        while time.perf_counter() < until or not samples:
            report = Report.objects.select_related("unit", "period").get(pk=report_pk)
            started = time.perf_counter()
            do_autofill(report, actor=actor)
            samples.append(time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 (reported by the parent)
        error = repr(exc)
    finally:
        connections.close_all()
        queue.put((samples, error))


class ReportBuilds:
    """The report builds of one phase, in a forked process started before any thread of this one."""

    def __init__(self, report_pk: int, actor_pk: int, start_at: float, until: float) -> None:
        from django.db import connections

        connections.close_all()  # the child opens its own
        context = multiprocessing.get_context("fork")
        self.queue = context.Queue()
        self.process = context.Process(
            target=build_reports, args=(report_pk, actor_pk, start_at, until, self.queue)
        )
        self.process.start()

    def result(self, seconds: float) -> Figure:
        samples, error = self.queue.get()
        self.process.join()
        if error:
            sys.exit(f"mixed: the report build failed: {error}")
        ms = [s * 1000 for s in samples]
        return Figure(len(samples) / max(seconds, sum(samples)), statistics.median(ms), percentile(ms, 0.95))


def intake_phase(work, clients: int, until: float) -> Figure:
    elapsed, ms = run_clients(clients, 10**9, work, until=until)
    return Figure(len(ms) / elapsed, statistics.median(ms), percentile(ms, 0.95))


def lookup_phase(api: str, codes: Path, connections: int, seconds: int, script: Path) -> Figure:
    result = load.wrk("PAR lookup, uncached", api, codes, connections, seconds, script)
    return Figure(result.rps, result.p50_ms, result.p95_ms, result.errors)


def main() -> None:  # noqa: PLR0915 - the phases in order
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--database", default="par_bench_mixed")
    parser.add_argument("--port", type=int, default=8232)
    parser.add_argument("--reuse", action="store_true", help="keep the data already in --database")
    parser.add_argument("--keep", action="store_true", help="leave the database filled at the end")
    args = parser.parse_args()
    load.PORT = args.port
    ensure("wrk", "wrk")
    server = sh(str(ROOT / "scripts" / "ensure-postgres"), capture=True).strip()
    db_url = server.rsplit("/", 1)[0] + "/" + args.database
    env = server_env(db_url)
    started = time.monotonic()
    if not (args.reuse and database_exists(server, args.database)):
        fresh_database(server, args.database)
        print(f"B5 mixed: loading the demo province and {args.dossiers:,} dossiers …", flush=True)
        print(" ", load_demo_dossiers(env, args.dossiers))
    tmp = Path(tempfile.mkdtemp(prefix="par-bench-mixed-"))
    all_codes, _hot, codes = code_files(db_url, tmp)
    script = tmp / "lookup.lua"
    script.write_text(load.WRK_LUA)
    print(f"  {len(codes):,} dossiers ready in {time.monotonic() - started:.0f} s", flush=True)

    for name, value in env.items():
        os.environ.setdefault(name, value)
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "par.settings_test")
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from par.accounts.models import User
    from par.catalog.models import Procedure
    from par.dossiers.management.commands.generate_demo_dossiers import bulk_units
    from par.orgunits.models import AdminLevel, UnitKind
    from par.reporting.models import PeriodKind, Report

    try:
        actor = User.objects.filter(is_superuser=True).order_by("pk").first()
        assert actor is not None
        communes = [u for u in bulk_units(settings.PAR_DEMO_PROVINCE) if u.level == AdminLevel.COMMUNE]
        today = timezone.localdate()
        procedure = (
            Procedure.objects.for_level(AdminLevel.COMMUNE)
            .filter(is_demo=True, versions__valid_from__lte=today)
            .exclude(versions__valid_to__lt=today)
            .order_by("code")
            .first()
        )
        assert procedure is not None, "the demo has no commune procedure in force"
        work = filer(communes[: args.clients], procedure, actor)
        work(0, -1)  # warm-up, and a check that the intake works at all
        report = (
            Report.objects.filter(unit__kind=UnitKind.PROVINCE, period__kind=PeriodKind.QUARTER)
            .order_by("-period__start")
            .first()
        )
        assert report is not None, "the demo has no quarterly report of the province"
        print(
            f"  intake: {procedure.code} at {args.clients} communes; report: {report.unit.name}, "
            f"{report.period.name}",
            flush=True,
        )
        api = "/api/v1/public/dossiers/"
        seconds = args.seconds
        with gunicorn("par.wsgi:application", {**env, "PAR_PUBLIC_LOOKUP_CACHE_SECONDS": "0"}, args.workers):
            alone: dict[str, Figure] = {}
            print("  alone: lookups …", flush=True)
            alone["lookups"] = lookup_phase(api, all_codes, args.connections, seconds, script)
            print("  alone: intake …", flush=True)
            alone["intake"] = intake_phase(work, args.clients, time.perf_counter() + seconds)
            print("  alone: report builds …", flush=True)
            begin = time.perf_counter() + 0.5
            builds = ReportBuilds(report.pk, actor.pk, begin, begin + seconds)
            alone["report"] = builds.result(seconds)

            print("  mixed: the three at once …", flush=True)
            begin = time.perf_counter() + 3  # wrk's 2 s warm-up, then all three start together
            builds = ReportBuilds(report.pk, actor.pk, begin, begin + seconds)
            mixed: dict[str, Figure] = {}
            lookups = threading.Thread(
                target=lambda: mixed.setdefault(
                    "lookups", lookup_phase(api, all_codes, args.connections, seconds, script)
                )
            )
            lookups.start()
            while time.perf_counter() < begin:
                time.sleep(0.01)
            mixed["intake"] = intake_phase(work, args.clients, begin + seconds)
            lookups.join()
            mixed["report"] = builds.result(seconds)

        print(
            f"\nB5 mixed: {len(codes):,} dossiers, {seconds} s a phase; intake {args.clients} threads, lookups "
            f"{args.workers} gunicorn workers + wrk -t2 -c{args.connections} (uncached), one report build at a "
            "time in its own process"
        )
        units = {"intake": "dossiers/s", "lookups": "req/s", "report": "builds/s"}
        print(
            f"{'load':<9} {'unit':<11} {'alone':>8} {'mixed':>8} {'ratio':>6} {'p50 ms alone':>13} "
            f"{'p50 ms mixed':>13} {'p95 ms alone':>13} {'p95 ms mixed':>13} {'errors':>6}"
        )
        for name in ("intake", "lookups", "report"):
            a, m = alone[name], mixed[name]
            print(
                f"{name:<9} {units[name]:<11} {a.rate:>8.2f} {m.rate:>8.2f} {m.rate / a.rate:>6.2f} "
                f"{a.p50_ms:>13.1f} {m.p50_ms:>13.1f} {a.p95_ms:>13.1f} {m.p95_ms:>13.1f} "
                f"{a.errors + m.errors:>6}"
            )
        print(f"  measured {dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(server, args.database)


if __name__ == "__main__":
    main()
