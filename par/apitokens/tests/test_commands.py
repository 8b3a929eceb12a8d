"""`manage.py issue_api_token` and `revoke_api_token`: the same audited actions as the page, for operations."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from par.apitokens.models import ApiToken
from par.apitokens.testing import token_header
from par.apitokens.tests.conftest import NOW
from par.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def issue(*args) -> str:
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_command_issues_a_scoped_token_and_prints_its_key_once(client, frozen, people, units):
    key = issue("lan", "--scope", "read", "--units", "14818", "--days", "30", "--name", "Kho dữ liệu")
    token = ApiToken.objects.get()
    assert (token.user, token.access, token.name) == (people.par_officer, "read", "Kho dữ liệu")
    assert [u.name for u in token.units.all()] == ["Phường Quang Trung"]
    assert token.expires_at == NOW + dt.timedelta(days=30) and token.created_by is None
    event = AuditEvent.objects.get(action="apitokens.issue_token")
    assert event.actor is None and key not in repr(event.after)
    data = client.get("/api/v1/units/", **token_header(key)).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["name"] for r in rows] == ["Phường Quang Trung"]


def test_the_command_uses_the_default_validity(frozen, people, settings):
    settings.PAR_API_TOKEN_DAYS = 60
    issue("mai")
    assert ApiToken.objects.get().expires_at == NOW + dt.timedelta(days=60)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "Không có tài khoản nobody."),
        (["mai", "--units", "99999"], "Không xác định được một đơn vị duy nhất có mã 99999."),
        (["mai", "--days", "400"], "Thời hạn của mã truy cập từ 1 đến 365 ngày."),
        (["quantri"], "Mã truy cập không được mang quyền quản trị hệ thống"),
        (["mai", "--units", "14812"], "không có vai trò nào với các đơn vị sau: Phường Bỉm Sơn"),
    ],
)
def test_the_command_refuses_bad_requests_in_vietnamese_and_issues_nothing(people, units, args, message):
    with pytest.raises(CommandError, match=message):
        issue(*args)
    assert not ApiToken.objects.exists()


def test_the_revoke_command_stops_the_token_at_once(client, frozen, people, units):
    key = issue("mai")
    prefix = ApiToken.objects.get().prefix
    call_command("revoke_api_token", f"{prefix}…", "--reason", "Lộ mã", stdout=StringIO())
    assert client.get("/api/v1/units/", **token_header(key)).status_code == 401
    assert AuditEvent.objects.get(action="apitokens.revoke_token").reason == "Lộ mã"
    with pytest.raises(CommandError):
        call_command("revoke_api_token", prefix, stdout=StringIO())


def test_the_former_drf_token_table_is_dropped_with_its_plain_keys(db):
    from importlib import import_module

    from django.db import connection

    migration = import_module("par.apitokens.migrations.0002_remove_drf_authtoken").Migration
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint NOT NULL)")
        for operation in migration.operations:
            for statement in operation.sql:
                cursor.execute(statement)
    assert "authtoken_token" not in connection.introspection.table_names()
