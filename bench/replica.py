"""The public lookup served from a real streaming replica, against the primary (decision 0176).

Usage: .venv/bin/python bench/replica.py [--dossiers 5000] [--seconds 5] [--port 8232] [--replica-port 5441]
       [--reuse]   (keeps the filled database between runs: loading the demo province takes minutes)

Run as root on the machine whose PostgreSQL scripts/ensure-postgres manages (Debian's cluster):
1. fills a database of its own on the primary (the demo province and --dossiers generated dossiers);
2. starts a streaming replica of the whole cluster on loopback: pg_basebackup -R from the primary into a
   temporary folder, a minimal postgresql.conf and pg_hba.conf, pg_ctl start on --replica-port; waits until the
   primary's pg_stat_replication says "streaming" and the replica has replayed the primary's position;
3. measures how long a row written on the primary takes to appear on the replica;
4. serves PAR's `/api/v1/public/dossiers/{code}` uncached with gunicorn, first on the primary alone, then with
   DATABASE_REPLICA_URL pointing at the replica, and runs wrk (64 connections, random codes) against each;
   checks on the replica's own statistics that the lookups were read there;
5. prints requests/s and the ratio replica ÷ primary, then stops the replica and removes its folder.

On one machine the replica shares the primary's cores: the ratio shows the router's cost (≈ 1 means none),
not the capacity a replica on a machine of its own adds.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import load
import psycopg
from load import PY, ROOT, WRK_LUA, Result, ensure, fresh_database, gunicorn, pg_tool, sh, wrk

DATABASE = "par_bench_replica"


def as_postgres(*args: str, capture: bool = False) -> str:
    """A PostgreSQL tool run as the postgres user (pg_basebackup and pg_ctl refuse root)."""
    command = ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)
    done = subprocess.run(command, check=True, text=True, capture_output=True)  # noqa: S603
    return done.stdout if capture else ""


def start_replica(primary_port: int, port: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="par-replica-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile.
    as_postgres(
        pg_tool("pg_basebackup"), "-D", str(data), "-p", str(primary_port), "-R", "-X", "stream", "-c", "fast"
    )
    (data / "postgresql.conf").write_text(
        f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n"
        "hot_standby = on\nshared_buffers = 64MB\nmax_connections = 100\n"
        f"hba_file = '{data}/pg_hba.conf'\nident_file = '{data}/pg_ident.conf'\n"
    )
    (data / "pg_hba.conf").write_text("local all postgres peer\nhost all all 127.0.0.1/32 scram-sha-256\n")
    (data / "pg_ident.conf").write_text("")
    for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
        if os.geteuid() == 0:
            shutil.chown(data / name, "postgres", "postgres")
    as_postgres(pg_tool("pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "start")
    return folder


def stop_replica(folder: Path) -> None:
    subprocess.run(  # noqa: S603
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            pg_tool("pg_ctl"),
            "-D",
            str(folder / "data"),
            "-m",
            "fast",
            "stop",
        ]
        if os.geteuid() == 0
        else [pg_tool("pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"],
        check=False,
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)


def query(url: str, sql: str) -> str:
    return sh(pg_tool("psql"), url, "-qAtc", sql, capture=True).strip()


def wait_streaming(primary: str, primary_port: int, replica: str) -> float:
    """Seconds until the primary reports a streaming standby and the replica has replayed its position."""
    started = time.monotonic()
    target = query(primary, "SELECT pg_current_wal_lsn()")
    for _ in range(600):
        # The state column is visible to superusers (and pg_read_all_stats) only.
        streaming = as_postgres(
            pg_tool("psql"),
            "-p",
            str(primary_port),
            "-qAtc",
            "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
            capture=True,
        ).strip()
        try:
            replayed = query(replica, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
        except subprocess.CalledProcessError:
            replayed = "f"
        if streaming != "0" and replayed == "t":
            return time.monotonic() - started
        time.sleep(0.1)
    sys.exit("bench: the replica did not start streaming in 60 s")


def replay_lag(primary: str, replica: str, samples: int = 50) -> float:
    """Median milliseconds from a commit on the primary to the row being visible on the replica (one connection
    to each, polling every 0.2 ms)."""
    with (
        psycopg.connect(primary, autocommit=True) as writer,
        psycopg.connect(replica, autocommit=True) as reader,
    ):
        writer.execute("CREATE TABLE IF NOT EXISTS bench_lag (n int PRIMARY KEY)")
        time.sleep(0.5)
        lags = []
        for n in range(samples):
            started = time.perf_counter()
            writer.execute("INSERT INTO bench_lag VALUES (%s)", [n])
            while reader.execute("SELECT count(*) FROM bench_lag WHERE n = %s", [n]).fetchone() != (1,):
                time.sleep(0.0002)
            lags.append((time.perf_counter() - started) * 1000)
        writer.execute("DROP TABLE bench_lag")
    return statistics.median(lags)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=5_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8232, help="gunicorn's port")
    parser.add_argument("--replica-port", type=int, default=5441)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the filled database for the next run, and reuse it if filled",
    )
    args = parser.parse_args()
    load.PORT = args.port
    ensure("wrk", "wrk")
    server = sh(str(ROOT / "scripts" / "ensure-postgres"), capture=True).strip()
    primary_port = int(server.rsplit(":", 1)[1].split("/")[0])
    primary = server.rsplit("/", 1)[0] + "/" + DATABASE
    reuse = args.reuse and query(primary, "SELECT count(*) FROM dossiers_dossier") != "0"
    if not reuse:
        primary = fresh_database(server, DATABASE)
    replica = primary.replace(f":{primary_port}/", f":{args.replica_port}/")
    env = {
        **os.environ,
        "DATABASE_URL": primary,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PAR_SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "PAR_PUBLIC_LOOKUP_RATE": "1000000000/60",
        "PAR_PUBLIC_LOOKUP_CACHE_SECONDS": "0",
        "CACHE_URL": "",
    }
    if not reuse:
        print(f"replica: loading the demo province and {args.dossiers} dossiers on the primary …", flush=True)
        sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
        sh(PY, "manage.py", "load_demo", env=env, capture=True)
        sh(PY, "manage.py", "generate_demo_dossiers", "--count", str(args.dossiers), env=env, capture=True)
    tmp = Path(tempfile.mkdtemp(prefix="par-bench-replica-"))
    codes = tmp / "codes.txt"
    every_code = "SELECT code FROM dossiers_dossier ORDER BY random()"
    codes.write_text(query(primary, every_code) + "\n")
    script = tmp / "lookup.lua"
    script.write_text(WRK_LUA)

    started = time.monotonic()
    folder = start_replica(primary_port, args.replica_port)
    try:
        caught_up = wait_streaming(primary, primary_port, replica)
        print(
            f"  replica streaming on 127.0.0.1:{args.replica_port}: base backup and start "
            f"{time.monotonic() - started - caught_up:.1f} s, caught up in {caught_up:.1f} s",
            flush=True,
        )
        lag = replay_lag(primary, replica)
        api = "/api/v1/public/dossiers/"
        results: list[Result] = []
        with gunicorn("par.wsgi:application", env, args.workers):
            results.append(wrk("PAR lookup, uncached, primary only", api, codes, 64, args.seconds, script))
        fetched = f"SELECT tup_fetched FROM pg_stat_database WHERE datname = '{DATABASE}'"  # noqa: S608
        before = int(query(replica, fetched) or 0)
        with gunicorn("par.wsgi:application", {**env, "DATABASE_REPLICA_URL": replica}, args.workers):
            results.append(
                wrk("PAR lookup, uncached, read from the replica", api, codes, 64, args.seconds, script)
            )
        read_there = int(query(replica, fetched) or 0) - before
    finally:
        stop_replica(folder)
        if not args.reuse:
            fresh_database(server, DATABASE)
    base = results[0].rps
    print(
        f"\nreplica: {args.dossiers} dossiers, {args.workers} gunicorn workers, wrk -t2 -c64, {args.seconds} s"
    )
    print(f"  commit on the primary → visible on the replica: median {lag:.1f} ms")
    print(f"  rows the replica returned while serving the lookups: {read_there}")
    print(f"{'server':<48} {'req/s':>8} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for r in results:
        print(
            f"{r.name:<48} {r.rps:>8.0f} {r.rps / base:>6.2f} {r.p50_ms:>7.1f} {r.p95_ms:>7.1f} {r.errors:>6}"
        )


if __name__ == "__main__":
    main()
