"""Two real instances: this test's province (in-process, on the test database) pushes to a national deployment
(gunicorn on a database of its own, migrated here, PAR_MODE=national) through a proxy that refuses connections,
answers 500, hangs and loses answers for the first attempts. Every item arrives exactly once, in order per
stream, and the national side holds the province's figures (issue 16 §3, decision 0171).

PostgreSQL only: the national database is created next to the test database on the same server.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
import time_machine
from django.db import connection, transaction

from par.accounts.models import Role
from par.catalog.models import Field, Procedure
from par.dossiers.actions.statistics import do_emit_daily_statistics
from par.dossiers.models import DossierRollup
from par.reporting import actions as reporting
from par.reporting.models import DataValue
from par.reporting.tests.helpers import NOW, fill, person, setup_reporting, write_text
from par.sync.delivery import deliver_pending
from par.sync.models import OutboxEvent, OutboxState
from par.sync.outbox import PETITIONS, emit
from par.sync.tests.faults import FaultProxy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.twoinstances,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the national database is a PostgreSQL one"),
]

ROOT = Path(__file__).resolve().parents[3]


def _free_port(*taken: int) -> int:
    """A port nothing listens on now, so that two runs of this test on one machine do not meet."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in taken:
            return port


NATIONAL_PORT = int(os.environ.get("PAR_SYNC_TEST_NATIONAL_PORT", "0")) or _free_port()
PROXY_PORT = int(os.environ.get("PAR_SYNC_TEST_PROXY_PORT", "0")) or _free_port(NATIONAL_PORT)
TIMEOUT = 1  # seconds the province waits for an answer; the proxy's "timeout" holds longer
FAULTS = ["500", "timeout", "lost", "500", "lost", "timeout", "500", "lost"]


def _server_params() -> dict:
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": s["PORT"] or 5432,
        "user": s["USER"],
        "password": s["PASSWORD"],
    }


@pytest.fixture(scope="session")
def national_db(django_db_setup, django_db_blocker):
    """A database for the national instance, <database>_national beside the test database: a copy of the freshly
    migrated test database when nothing else is connected to it (seconds), else migrated from scratch."""
    name = re.sub(r"^test_", "", connection.settings_dict["NAME"]) + "_national"
    params = _server_params()
    url = f"postgres://{params['user']}:{params['password']}@{params['host']}:{params['port']}/{name}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "par.settings",
        "DATABASE_URL": url,
        "PAR_MODE": "national",
        "DEBUG": "0",
        "SECRET_KEY": "national-instance-of-the-sync-test-" + "x" * 20,
        "PAR_SITE_URL": f"http://127.0.0.1:{NATIONAL_PORT}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "0",
        "AXES_ENABLED": "0",
        "SYNC_ENABLED": "0",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    with django_db_blocker.unblock():
        connection.close()
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            try:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{connection.settings_dict["NAME"]}"')
                copied = True
            except psycopg.errors.ObjectInUse:
                admin.execute(f'CREATE DATABASE "{name}"')
                copied = False
    if not copied:
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    token = subprocess.run(  # noqa: S603
        [*manage, "add_receiving_province", "38", "Thanh Hóa"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    yield {"name": name, "env": env, "token": token, "params": params}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def national(national_db):
    """gunicorn serving the national instance; stopped after the test."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    args = [
        str(gunicorn),
        "par.wsgi",
        "-b",
        f"127.0.0.1:{NATIONAL_PORT}",
        "-w",
        "1",
        "--threads",
        "4",
        "-t",
        "60",
    ]
    server = subprocess.Popen(  # noqa: S603
        args, env=national_db["env"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", NATIONAL_PORT), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                message = "the national server did not start: " + server.stderr.read().decode()[-2000:]
                raise RuntimeError(message) from None
            time.sleep(0.2)
    yield national_db
    server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture
def province(units, people, settings):
    """The province's outbox: two reports submitted and approved, three days of dossier statistics, five petitions answered."""
    settings.SYNC_ENABLED = True
    settings.SYNC_NATIONAL_URL = f"http://127.0.0.1:{PROXY_PORT}/api/v1/national/inbox/"
    settings.SYNC_TIMEOUT_SECONDS = TIMEOUT
    settings.SYNC_BACKOFF_SECONDS = 0
    settings.SYNC_MAX_ATTEMPTS = 50
    world = setup_reporting()
    officer = person("canbo.bimson", units.ward_bim_son)
    head = person("ct.tinh", units.province, Role.UNIT_HEAD)
    table = world.tables[4]
    with time_machine.travel(NOW, tick=False):
        ward = reporting.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=officer)
        ward = fill(
            write_text(ward, officer), table, {"tthc_trong_bo": {"total": Decimal(149)}}, actor=officer
        )
        ward = reporting.do_submit_report(ward, expected_version=ward.version, actor=officer)
        reporting.do_approve_report(ward, expected_version=ward.version, actor=people.par_officer)
        own = reporting.do_create_report(unit=units.province, period=world.q3, actor=people.par_officer)
        own = write_text(own, people.par_officer)
        figures = {
            "tthc_trong_bo": {"total": Decimal(2738), "province": Decimal(2285), "commune": Decimal(149)}
        }
        own = fill(own, table, figures, actor=people.par_officer)
        own = reporting.do_submit_report(own, expected_version=own.version, actor=people.par_officer)
        reporting.do_approve_report(own, expected_version=own.version, actor=head)
    field = Field.objects.create(code="HT", name="Hộ tịch")
    procedure = Procedure.objects.create(code="1.001", name="Đăng ký khai sinh", field=field, at_commune=True)
    for offset in (3, 2, 1):
        day = dt.date(2026, 9, 15) - dt.timedelta(days=offset)
        DossierRollup.objects.create(
            unit=units.ward_bim_son,
            procedure=procedure,
            day=day,
            channel="direct",
            received=offset,
            pending=1,
        )
        do_emit_daily_statistics(day)
    for n in range(1, 6):
        with transaction.atomic():
            emit(
                PETITIONS, f"petition.answered:PA-{n}:0", {"code": f"PA-{n}", "answered_on_time": n % 2 == 0}
            )
    return own


def _received(national) -> list[tuple]:
    with psycopg.connect(dbname=national["name"], **national["params"]) as db:
        return db.execute(
            "SELECT stream, sequence, key, payload FROM sync_receiveditem ORDER BY id"
        ).fetchall()


def test_every_item_crosses_an_outage_exactly_once_in_order_and_the_figures_match(
    national, province, settings
):
    settings.SYNC_NATIONAL_TOKEN = national["token"]
    started = time.monotonic()
    # The national side is unreachable: nothing listens on the proxy's port yet (connection refused).
    assert deliver_pending()["failed"] == 3
    proxy = FaultProxy(PROXY_PORT, ("127.0.0.1", NATIONAL_PORT), FAULTS, hold_seconds=TIMEOUT + 1)
    proxy.start()
    try:
        for _round in range(40):
            deliver_pending()
            if not OutboxEvent.objects.exclude(state=OutboxState.DELIVERED).exists():
                break
    finally:
        proxy.stop()
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {OutboxState.DELIVERED}
    assert proxy.seen[: len(FAULTS)] == FAULTS  # every fault was met

    sent = list(OutboxEvent.objects.order_by("stream", "sequence").values_list("stream", "sequence", "key"))
    received = _received(national)
    # Exactly once: the same items, none twice, although "lost" answers made the province send some again.
    assert sorted((s, n, k) for s, n, k, _p in received) == sent
    assert len(received) == len(sent) == 12  # two reports submitted and approved, three days, five petitions
    # In order per stream: each stream's items were stored in their numbering order.
    for stream in {s for s, _n, _k in sent}:
        numbers = [n for s, n, _k, _p in received if s == stream]
        assert numbers == sorted(numbers) == list(range(1, len(numbers) + 1))
    # The national figures are the province's: the province report's values as stored there.
    payload = next(
        p
        for s, _n, _k, p in received
        if s == "reports" and p["unit"]["is_province"] and p["event"] == "approved"
    )
    national_figures = {(v["element"], v["column"]): Decimal(v["number"]) for v in payload["values"]}
    province_figures = {
        (v.element.code, v.column): v.number
        for v in DataValue.objects.filter(report=province, number__isnull=False).select_related("element")
    }
    assert national_figures == province_figures
    assert national_figures[("tthc_trong_bo", "total")] == Decimal(2738)
    assert time.monotonic() - started < 60
