"""B1: the public lookup under load, against baselines measured in the same run (issue: performance and scale).

Usage: make bench-load   (or .venv/bin/python bench/load.py [--dossiers 100000] [--seconds 10])

On a PostgreSQL database of its own (created, filled and dropped here), with Debian's wrk as the client:
1. loads the demo province and generates --dossiers demo dossiers with the bulk (COPY) generator;
2. serves, each in turn with gunicorn (2 × cores + 1 sync workers, DEBUG off):
   - the baselines of bench/loadapp: a view with no middleware and no database (the ceiling), the lookup's two
     queries in raw SQL (the bare raw-SQL view), and a naive DRF RetrieveAPIView of the same data;
   - PAR's `/api/v1/public/dossiers/{code}` uncached (every request a miss), with the per-process memory cache
     and 200 hot codes, and with the shared Redis cache and random codes (CACHE_URL=redis://…);
3. runs wrk with 64 connections (and 256 for PAR on Redis) for --seconds against random codes, and pgbench with
   the lookup's query by primary key, and prints requests/s, p50/p95 latency, errors and ratios against the
   bare raw-SQL view.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = 8231

WRK_LUA = """
local codes = {}
local prefix = os.getenv("BENCH_PREFIX")
for line in io.lines(os.getenv("BENCH_CODES")) do codes[#codes + 1] = line end
math.randomseed(2026)
request = function()
  return wrk.format("GET", prefix .. codes[math.random(#codes)])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    + summary.errors.status
  io.write(string.format("BENCH %d %.3f %.3f %d %.3f\\n", summary.requests, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, errors, summary.duration / 1e6))
end
"""


@dataclass
class Result:
    name: str
    connections: int
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int


def sh(*args: str, env: dict | None = None, capture: bool = False) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=capture)  # noqa: S603
    return done.stdout if capture else ""


def ensure(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit(f"bench: install Debian's {package}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, env=env)  # noqa: S603, S607
    return shutil.which(tool) or sys.exit(f"bench: {tool} not found after installing {package}")


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/" + name))
    if not versions:
        sys.exit(f"bench: {name} not found")
    return str(versions[-1])


def fresh_database(server_url: str, name: str) -> str:
    admin = server_url.rsplit("/", 1)[0] + "/postgres"
    psql = pg_tool("psql")
    sh(psql, admin, "-qc", f"DROP DATABASE IF EXISTS {name}")
    sh(psql, admin, "-qc", f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + "/" + name


def database_exists(server_url: str, name: str) -> bool:
    admin = server_url.rsplit("/", 1)[0] + "/postgres"
    found = sh(pg_tool("psql"), admin, "-qAtc", "SELECT datname FROM pg_database", capture=True)
    return name in found.split()


def drop_database(server_url: str, name: str) -> None:
    sh(pg_tool("psql"), server_url.rsplit("/", 1)[0] + "/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}")


@contextlib.contextmanager
def gunicorn(app: str, env: dict, workers: int):
    process = subprocess.Popen(  # noqa: S603
        [GUNICORN, app, "--bind", f"127.0.0.1:{PORT}", "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/__ready__", timeout=60)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # any answer means the workers are up
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wrk(name: str, prefix: str, codes: Path, connections: int, seconds: int, script: Path) -> Result:
    tool = shutil.which("wrk") or "wrk"
    env = {**os.environ, "BENCH_PREFIX": prefix, "BENCH_CODES": str(codes)}
    # A short warm-up fills the workers' caches and connections, then the measured run.
    out = ""
    for duration in (2, seconds):
        out = subprocess.run(  # noqa: S603
            [
                tool,
                "-t2",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "5s",
                "-s",
                str(script),
                f"http://127.0.0.1:{PORT}",
            ],
            env=env,
            check=True,
            text=True,
            capture_output=True,
        ).stdout
    match = re.search(r"^BENCH (\d+) ([\d.]+) ([\d.]+) (\d+) ([\d.]+)$", out, re.M)
    if not match:
        sys.exit(f"bench: unexpected wrk output:\n{out}")
    requests, p50, p95, errors, duration = match.groups()
    return Result(name, connections, int(requests) / float(duration), float(p50), float(p95), int(errors))


def pgbench(db_url: str, seconds: int, count: int) -> Result:
    script = Path(tempfile.mkdtemp(prefix="par-pgbench-")) / "lookup.sql"
    script.write_text(
        f"\\set id random(1, {count})\n"
        "SELECT d.code, d.state, d.due_date, p.name, u.name FROM dossiers_dossier d "
        "JOIN catalog_procedure p ON p.id = d.procedure_id JOIN orgunits_unit u ON u.id = d.unit_id "
        "WHERE d.id = :id;\n"
        "SELECT sequence, at, to_state FROM dossiers_dossierevent WHERE dossier_id = :id ORDER BY sequence;\n"
    )
    out = sh(
        pg_tool("pgbench"),
        "-n",
        "-M",
        "prepared",
        "-c",
        "64",
        "-j",
        "2",
        "-T",
        str(seconds),
        "-f",
        str(script),
        db_url,
        capture=True,
    )
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))  # type: ignore[union-attr]
    return Result("pgbench: the same two queries by primary key (no HTTP)", 64, tps, latency, float("nan"), 0)


def server_env(db_url: str) -> dict[str, str]:
    """The environment of a production-like server on `db_url`: DEBUG off, no shared cache, no rate limit."""
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PAR_SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "PAR_PUBLIC_LOOKUP_RATE": "1000000000/60",  # every request comes from 127.0.0.1
        "CACHE_URL": "",
    }


def load_demo_dossiers(env: dict, dossiers: int, *extra: str) -> str:
    """Migrate, load the demo province and generate `dossiers` with the bulk generator; its report line."""
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(PY, "manage.py", "load_demo", env=env, capture=True)
    return sh(
        PY,
        "manage.py",
        "generate_demo_dossiers",
        "--bulk",
        "--count",
        str(dossiers),
        *extra,
        env=env,
        capture=True,
    ).strip()


def code_files(db_url: str, folder: Path) -> tuple[Path, Path, list[str]]:
    """Every dossier code in random order, and 200 of them (the hot codes), one per line, for wrk's script."""
    out = sh(
        pg_tool("psql"), db_url, "-qAtc", "SELECT code FROM dossiers_dossier ORDER BY random()", capture=True
    )
    all_codes, hot_codes = folder / "codes.txt", folder / "hot.txt"
    codes = out.split()
    all_codes.write_text("\n".join(codes) + "\n")
    hot_codes.write_text("\n".join(codes[:200]) + "\n")
    return all_codes, hot_codes, codes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    ensure("wrk", "wrk")
    server = sh(str(ROOT / "scripts" / "ensure-postgres"), capture=True).strip()
    redis_url = sh(str(ROOT / "scripts" / "ensure-redis"), capture=True).strip()
    db_url = fresh_database(server, "par_bench_load")
    env = server_env(db_url)
    started = time.monotonic()
    print("B1 lookup: loading the demo province and", args.dossiers, "dossiers …", flush=True)
    print(" ", load_demo_dossiers(env, args.dossiers))
    tmp = Path(tempfile.mkdtemp(prefix="par-bench-load-"))
    all_codes, hot_codes, codes = code_files(db_url, tmp)
    count = int(sh(pg_tool("psql"), db_url, "-qAtc", "SELECT max(id) FROM dossiers_dossier", capture=True))
    script = tmp / "lookup.lua"
    script.write_text(WRK_LUA)
    print(f"  {len(codes)} dossiers ready in {time.monotonic() - started:.0f} s", flush=True)

    results: list[Result] = []
    bare = {**env, "DJANGO_SETTINGS_MODULE": "bench.loadapp.settings"}
    with gunicorn("bench.loadapp.wsgi:application", bare, args.workers):
        results.append(
            wrk(
                "ceiling: Django view, no middleware, no DB", "/ceiling/", all_codes, 64, args.seconds, script
            )
        )
        results.append(wrk("bare raw-SQL view (baseline)", "/raw/", all_codes, 64, args.seconds, script))
        results.append(wrk("naive DRF RetrieveAPIView", "/drf/", all_codes, 64, args.seconds, script))
    api = "/api/v1/public/dossiers/"
    with gunicorn("par.wsgi:application", {**env, "PAR_PUBLIC_LOOKUP_CACHE_SECONDS": "0"}, args.workers):
        results.append(wrk("PAR lookup, uncached", api, all_codes, 64, args.seconds, script))
    with gunicorn("par.wsgi:application", env, args.workers):
        results.append(
            wrk("PAR lookup, memory cache, 200 hot codes", api, hot_codes, 64, args.seconds, script)
        )
    with gunicorn("par.wsgi:application", {**env, "CACHE_URL": redis_url}, args.workers):
        for connections in (64, 256):
            results.append(
                wrk(
                    "PAR lookup, Redis cache, random codes", api, all_codes, connections, args.seconds, script
                )
            )
    results.append(pgbench(db_url, args.seconds, count))

    baseline = next(r for r in results if "baseline" in r.name).rps
    print(
        f"\nB1 public lookup: {len(codes)} dossiers, {args.workers} gunicorn workers, wrk -t2, {args.seconds} s"
    )
    print(f"{'server':<58} {'conns':>5} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for r in results:
        print(
            f"{r.name:<58} {r.connections:>5} {r.rps:>8.0f} {r.rps / baseline:>6.2f} {r.p50_ms:>7.1f} "
            f"{r.p95_ms:>7.1f} {r.errors:>6}"
        )
    fresh_database(server, "par_bench_load")  # leave an empty database behind, not the data


if __name__ == "__main__":
    main()
