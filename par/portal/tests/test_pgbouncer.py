"""The public lookup served through a real pgbouncer in transaction mode with the settings of PGBOUNCER=1
(decision 0176). Skipped without PostgreSQL or Debian's pgbouncer (apt-get install pgbouncer).

pgbouncer runs with one server connection, so that every client shares it, as under load: a statement that
psycopg prepared on the server for one client is then seen by the next, which the first test shows failing."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection, connections

from par.core.tests.test_production_settings import PRODUCTION, read_settings
from par.dossiers.models import Dossier
from par.portal.tests.conftest import NOW
from par.portal.tokens import lookup_url

PGBOUNCER = shutil.which("pgbouncer") or next(
    (p for p in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if Path(p).exists()), None
)
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pgbouncer pools PostgreSQL connections"),
    pytest.mark.skipif(PGBOUNCER is None, reason="pgbouncer is not installed (apt-get install pgbouncer)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def pgbouncer(django_db_blocker) -> Iterator[str]:
    """A pgbouncer in transaction mode with one server connection to the test database; yields its URL."""
    with django_db_blocker.unblock():
        db = connections["default"].settings_dict
    folder = Path(tempfile.mkdtemp(prefix="par-pgbouncer-"))
    folder.chmod(0o777)  # run as root, pgbouncer drops to `nobody`, which writes its log here
    port = _free_port()
    config = folder / "pgbouncer.ini"
    config.write_text(
        f"[databases]\n{db['NAME']} = host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} "
        f"dbname={db['NAME']} user={db['USER']} password={db['PASSWORD']}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\nauth_type = any\n"
        f"pool_mode = transaction\ndefault_pool_size = 1\nmax_client_conn = 50\nlogfile = {folder}/log\n"
    )
    config.chmod(0o644)
    command = [PGBOUNCER, *(["-u", "nobody"] if os.geteuid() == 0 else []), str(config)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{port}/{db['NAME']}"
    try:
        for _ in range(100):
            try:
                psycopg.connect(url, connect_timeout=1).close()
                break
            except psycopg.OperationalError:
                if process.poll() is not None:
                    pytest.fail(f"pgbouncer did not start: {process.stderr.read().decode()}")  # type: ignore[union-attr]
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.django_db
def test_statements_prepared_on_the_server_break_in_transaction_mode_and_plain_ones_do_not(pgbouncer):
    first = psycopg.connect(pgbouncer, prepare_threshold=0, autocommit=True)
    second = psycopg.connect(pgbouncer, prepare_threshold=0, autocommit=True)
    with first, second:
        first.execute("SELECT 1").fetchall()
        with pytest.raises(psycopg.errors.DuplicatePreparedStatement):
            second.execute("SELECT 2").fetchall()
    first = psycopg.connect(pgbouncer, prepare_threshold=None, autocommit=True)
    second = psycopg.connect(pgbouncer, prepare_threshold=None, autocommit=True)
    with first, second:
        for n in range(10):
            assert first.execute("SELECT %s::int", [n]).fetchone() == (n,)
            assert second.execute("SELECT %s::int + 1", [n]).fetchone() == (n + 1,)


@pytest.mark.django_db(transaction=True)
@pytest.mark.time_machine(NOW, tick=True)
def test_the_public_lookup_runs_through_pgbouncer_with_its_settings(pgbouncer, client, dossiers, monkeypatch):
    found = read_settings(monkeypatch, {**PRODUCTION, "DATABASE_URL": pgbouncer, "PGBOUNCER": "1"})
    pooled = found["DATABASES"]["default"]
    original = connections["default"]
    # The test database's settings (with Django's filled-in defaults) and what the pgbouncer settings set.
    keys = ("HOST", "PORT", "CONN_MAX_AGE", "DISABLE_SERVER_SIDE_CURSORS", "OPTIONS")
    connections["default"] = type(original)(
        {**original.settings_dict, **{key: pooled[key] for key in keys}}, alias="default"
    )
    # A second client holding a connection and running SQL of its own between the lookups, as another worker.
    other = psycopg.connect(pgbouncer, prepare_threshold=None, autocommit=True)
    try:
        for _round in range(3):
            for dossier in (dossiers.open, dossiers.on_time, dossiers.late):
                cache.clear()
                response = client.get(lookup_url(dossier.code))
                assert response.status_code == 200 and dossier.code in response.content.decode()
                assert other.execute("SELECT count(*) FROM dossiers_dossier").fetchone() == (3,)
        # More runs of one SQL on one kept connection than psycopg's threshold for preparing it.
        assert connections["default"].settings_dict["PORT"] == int(pgbouncer.rsplit(":", 1)[1].split("/")[0])
        for _ in range(8):
            assert Dossier.objects.filter(code=dossiers.open.code).count() == 1
            other.execute("SELECT 1")
        # Without server-side cursors, iterating in chunks works outside a transaction too.
        assert len(list(Dossier.objects.order_by("pk").iterator(chunk_size=1))) == 3
    finally:
        other.close()
        connections["default"].close()
        connections["default"] = original
