"""The database settings for a pooler in transaction mode and for a read replica (decision 0176): each is read
from the environment by par/settings.py, evaluated here with the environment replaced for the test."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from par.core.tests.test_production_settings import PRODUCTION, read_settings

PG = "postgres://par:par@127.0.0.1:5432/par"
REPLICA = "postgres://par:par@127.0.0.1:5441/par"


def test_without_a_pooler_connections_are_kept_and_psycopg_may_prepare_statements(monkeypatch):
    found = read_settings(monkeypatch, {**PRODUCTION, "DATABASE_URL": PG})
    default = found["DATABASES"]["default"]
    assert found["DATABASE_POOLER"] == ""
    assert default["CONN_MAX_AGE"] == 60
    assert not default.get("DISABLE_SERVER_SIDE_CURSORS")
    assert "prepare_threshold" not in default.get("OPTIONS", {})


@pytest.mark.parametrize("switch", [{"PGBOUNCER": "1"}, {"DATABASE_POOLER": "transaction"}])
def test_behind_pgbouncer_in_transaction_mode_nothing_outlives_a_transaction(monkeypatch, switch):
    found = read_settings(monkeypatch, {**PRODUCTION, "DATABASE_URL": PG, **switch})
    default = found["DATABASES"]["default"]
    assert found["DATABASE_POOLER"] == "transaction"
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert default["OPTIONS"]["prepare_threshold"] is None
    assert default["CONN_MAX_AGE"] == 0


def test_behind_a_pooler_an_explicit_connection_age_still_wins(monkeypatch):
    env = {**PRODUCTION, "DATABASE_URL": PG, "PGBOUNCER": "1", "DB_CONN_MAX_AGE": "30"}
    assert read_settings(monkeypatch, env)["DATABASES"]["default"]["CONN_MAX_AGE"] == 30


def test_a_pooler_in_session_mode_changes_nothing(monkeypatch):
    found = read_settings(monkeypatch, {**PRODUCTION, "DATABASE_URL": PG, "DATABASE_POOLER": "session"})
    assert found["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    assert not found["DATABASES"]["default"].get("DISABLE_SERVER_SIDE_CURSORS")


def test_an_unknown_pooler_mode_is_refused_with_the_allowed_ones(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="session or transaction"):
        read_settings(monkeypatch, {**PRODUCTION, "DATABASE_URL": PG, "DATABASE_POOLER": "statement"})


def test_sqlite_ignores_the_pooler_switch(monkeypatch, tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "PGBOUNCER": "1"}
    default = read_settings(monkeypatch, env)["DATABASES"]["default"]
    assert not default.get("DISABLE_SERVER_SIDE_CURSORS")
    assert "prepare_threshold" not in default["OPTIONS"]


def test_without_a_replica_url_there_is_no_router_and_no_pin(monkeypatch):
    found = read_settings(monkeypatch, {**PRODUCTION, "DATABASE_URL": PG})
    assert "replica" not in found["DATABASES"]
    assert found.get("DATABASE_ROUTERS", []) == []
    assert "par.core.db_router.PinAfterWriteMiddleware" not in found["MIDDLEWARE"]


def test_a_replica_url_adds_the_alias_the_router_and_the_pin_after_sign_in(monkeypatch):
    found = read_settings(monkeypatch, {**PRODUCTION, "DATABASE_URL": PG, "DATABASE_REPLICA_URL": REPLICA})
    replica = found["DATABASES"]["replica"]
    assert replica["PORT"] == 5441 and replica["CONN_MAX_AGE"] == 60
    assert replica["TEST"] == {"MIRROR": "default"}
    assert found["DATABASE_ROUTERS"] == ["par.core.db_router.ReplicaRouter"]
    middleware = found["MIDDLEWARE"]
    pin = middleware.index("par.core.db_router.PinAfterWriteMiddleware")
    assert middleware[pin - 1] == "django.contrib.auth.middleware.AuthenticationMiddleware"


def test_behind_pgbouncer_the_replica_drops_prepared_statements_too(monkeypatch):
    env = {**PRODUCTION, "DATABASE_URL": PG, "DATABASE_REPLICA_URL": REPLICA, "PGBOUNCER": "1"}
    replica = read_settings(monkeypatch, env)["DATABASES"]["replica"]
    assert replica["OPTIONS"]["prepare_threshold"] is None and replica["DISABLE_SERVER_SIDE_CURSORS"] is True
