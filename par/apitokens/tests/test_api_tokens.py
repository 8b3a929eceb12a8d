"""API calls with a token: who it acts as, expiry, revocation, read-only and unit scope, hashed storage."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from par.apitokens.actions import do_issue_api_token, do_revoke_api_token
from par.apitokens.models import ApiToken, TokenAccess
from par.apitokens.testing import issue_key, token_header
from par.apitokens.tests.conftest import NOW
from par.audit.models import AuditEvent
from par.dossiers.models import DossierState

pytestmark = pytest.mark.django_db

REFUSED = "Mã truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."


def rows(response) -> list[dict]:
    """The rows of a list answer, paginated or not."""
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def ids(response) -> list[int]:
    return sorted(row["id"] for row in rows(response))


def test_an_anonymous_caller_is_asked_for_a_token(client, world):
    response = client.get("/api/v1/dossiers/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_acts_as_its_account(client, world, staff):
    headers = token_header(issue_key(staff.ward_clerk))
    response = client.get("/api/v1/dossiers/", **headers)
    assert response.status_code == 200
    assert ids(response) == [world.bim_son_dossier.pk]


def test_a_key_that_was_never_issued_is_refused_with_401(client, world):
    # The shape of a key from the former DRF tokens (40 hex digits): those keys no longer exist anywhere.
    response = client.get("/api/v1/dossiers/", HTTP_AUTHORIZATION="Token " + "ab12" * 10)
    assert response.status_code == 401 and response.json()["detail"] == REFUSED


def test_a_token_works_until_its_expiry_and_is_refused_with_401_after_it(client, world, staff, frozen):
    headers = token_header(issue_key(staff.ward_clerk, days=30))
    frozen.move_to(NOW + dt.timedelta(days=30) - dt.timedelta(minutes=1), tick=False)
    assert client.get("/api/v1/dossiers/", **headers).status_code == 200
    frozen.move_to(NOW + dt.timedelta(days=30, minutes=1), tick=False)
    response = client.get("/api/v1/dossiers/", **headers)
    assert response.status_code == 401 and response.json()["detail"] == REFUSED
    token = ApiToken.objects.get()
    assert token.status() == "expired" and token.credential_id is None  # the hash is gone, the record stays


def test_a_revoked_token_is_refused_with_401_at_once(client, world, staff, people):
    headers = token_header(issue_key(staff.ward_clerk))
    assert client.get("/api/v1/dossiers/", **headers).status_code == 200
    do_revoke_api_token(ApiToken.objects.get(), reason="Hệ thống ngừng dùng", actor=people.admin)
    response = client.get("/api/v1/dossiers/", **headers)
    assert response.status_code == 401 and response.json()["detail"] == REFUSED


def test_a_disabled_account_takes_its_tokens_down_with_it(client, world, staff):
    headers = token_header(issue_key(staff.ward_clerk))
    staff.ward_clerk.is_active = False
    staff.ward_clerk.save(update_fields=["is_active"])
    assert client.get("/api/v1/dossiers/", **headers).status_code == 401


def test_a_token_of_an_account_made_administrator_later_is_refused(client, world, staff):
    headers = token_header(issue_key(staff.ward_clerk))
    staff.ward_clerk.is_superuser = True
    staff.ward_clerk.save(update_fields=["is_superuser"])
    assert client.get("/api/v1/units/", **headers).status_code == 401


def test_a_read_only_token_cannot_post_and_a_write_token_can(client, world, staff):
    dossier = world.bim_son_dossier
    url = f"/api/v1/dossiers/{dossier.pk}/actions/next/"
    reader = token_header(issue_key(staff.ward_officer, access=TokenAccess.READ))
    response = client.post(url, {"version": dossier.version}, **reader)
    assert response.status_code == 403 and response.json()["detail"] == "Mã truy cập API này chỉ được đọc."
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RECEIVED
    writer = token_header(issue_key(staff.ward_officer, access=TokenAccess.WRITE))
    response = client.post(url, {"version": dossier.version}, **writer)
    assert response.status_code == 200 and response.json()["state"] == DossierState.IN_PROCESS


def test_a_read_only_token_cannot_create_a_report_either(client, world, units):
    reader = token_header(issue_key(world.both_wards, access=TokenAccess.READ))
    body = {"unit": units.ward_quang_trung.pk, "period": world.q3.pk}
    assert client.post("/api/v1/reports/", body, **reader).status_code == 403


def test_a_unit_scoped_token_sees_only_its_units_in_every_list(client, world, people, units):
    # The province PAR officer sees both wards; a token limited to Quang Trung sees only that ward.
    everything = token_header(issue_key(people.par_officer))
    assert ids(client.get("/api/v1/dossiers/", **everything)) == sorted(
        [world.bim_son_dossier.pk, world.quang_trung_dossier.pk]
    )
    scoped = token_header(issue_key(people.par_officer, units=[units.ward_quang_trung]))
    assert [r["code"] for r in rows(client.get("/api/v1/units/", **scoped))] == ["14818"]
    assert ids(client.get("/api/v1/dossiers/", **scoped)) == [world.quang_trung_dossier.pk]
    assert ids(client.get("/api/v1/reports/", **scoped)) == [world.quang_trung_report.pk]
    assert rows(client.get("/api/v1/dossier-rollups/", **scoped)) == [] or all(
        r["unit"] == units.ward_quang_trung.pk for r in rows(client.get("/api/v1/dossier-rollups/", **scoped))
    )


def test_a_unit_scoped_token_gets_404_on_other_units_objects(client, world, people, units):
    scoped = token_header(issue_key(people.par_officer, units=[units.ward_quang_trung]))
    assert client.get(f"/api/v1/dossiers/{world.bim_son_dossier.pk}/", **scoped).status_code == 404
    assert client.get(f"/api/v1/reports/{world.bim_son_report.pk}/", **scoped).status_code == 404
    assert client.get(f"/api/v1/units/{units.ward_bim_son.pk}/", **scoped).status_code == 404
    assert client.get(f"/api/v1/units/{units.province.pk}/", **scoped).status_code == 404
    assert client.get(f"/api/v1/dossiers/{world.quang_trung_dossier.pk}/", **scoped).status_code == 200
    assert client.get(f"/api/v1/reports/{world.quang_trung_report.pk}/", **scoped).status_code == 200


def test_a_unit_scoped_write_token_acts_only_in_its_units(client, world, staff, units):
    # The officer processes dossiers in both wards; the token lends a system only Bỉm Sơn.
    writer = token_header(issue_key(staff.ward_officer, access=TokenAccess.WRITE, units=[units.ward_bim_son]))
    other = world.quang_trung_dossier
    response = client.post(f"/api/v1/dossiers/{other.pk}/actions/next/", {"version": other.version}, **writer)
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.state == DossierState.RECEIVED
    own = world.bim_son_dossier
    response = client.post(f"/api/v1/dossiers/{own.pk}/actions/next/", {"version": own.version}, **writer)
    assert response.status_code == 200


def test_a_unit_scoped_write_token_creates_reports_only_for_its_units(client, world, units):
    from par.reporting.models import Report

    Report.objects.all().delete()
    writer = token_header(
        issue_key(world.both_wards, access=TokenAccess.WRITE, units=[units.ward_quang_trung])
    )
    refused = client.post(
        "/api/v1/reports/", {"unit": units.ward_bim_son.pk, "period": world.q3.pk}, **writer
    )
    assert refused.status_code == 404
    made = client.post(
        "/api/v1/reports/", {"unit": units.ward_quang_trung.pk, "period": world.q3.pk}, **writer
    )
    assert made.status_code == 201
    assert list(Report.objects.values_list("unit", flat=True)) == [units.ward_quang_trung.pk]


def test_the_database_keeps_only_a_hash_of_the_key(world, staff, people):
    from django.db import connection
    from knox.models import AuthToken

    token, key = do_issue_api_token(
        user=staff.ward_clerk, name="Cổng dịch vụ công", access=TokenAccess.READ, actor=people.admin
    )
    credential = AuthToken.objects.get()
    assert credential.digest == hashlib.sha512(key.encode()).hexdigest()
    assert key.startswith("par_") and len(key) == 4 + 64
    assert key.startswith(token.prefix) and len(token.prefix) < len(key) // 4
    # No column of any table holds the key: search every text column of the tokens and the audit trail.
    with connection.cursor() as cursor:
        for table in ("knox_authtoken", "apitokens_apitoken", "audit_auditevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            assert key not in repr(cursor.fetchall())


def test_issuing_and_revoking_write_audit_rows_without_key_material(world, staff, people):
    token, key = do_issue_api_token(
        user=staff.ward_clerk, name="Cổng dịch vụ công", access=TokenAccess.READ, actor=people.admin
    )
    do_revoke_api_token(token, reason="Lộ mã", actor=people.admin)
    events = list(AuditEvent.objects.filter(object_type="apitokens.apitoken").order_by("id"))
    assert [(e.action, e.actor) for e in events] == [
        ("apitokens.issue_token", people.admin),
        ("apitokens.revoke_token", people.admin),
    ]
    assert events[0].after["access"] == "read" and events[0].after["prefix"] == token.prefix
    assert events[1].reason == "Lộ mã" and events[1].after["revoked_at"]
    digest = hashlib.sha512(key.encode()).hexdigest()
    assert all(key not in repr(e.after) and digest not in repr(e.after) for e in events)


def test_use_is_recorded_at_most_once_a_day(client, world, staff, frozen):
    headers = token_header(issue_key(staff.ward_clerk))
    for _ in range(3):
        client.get("/api/v1/units/", **headers)
    assert AuditEvent.objects.filter(action="apitokens.use_token").count() == 1
    frozen.move_to(NOW + dt.timedelta(days=1), tick=False)
    client.get("/api/v1/units/", **headers)
    assert AuditEvent.objects.filter(action="apitokens.use_token").count() == 2
    assert ApiToken.objects.get().last_used_at == NOW + dt.timedelta(days=1)


def test_a_token_list_costs_the_same_queries_whatever_the_number_of_rows(
    client, world, staff, file_birth, django_assert_num_queries
):
    from par.dossiers.tests.conftest import at

    headers = token_header(issue_key(staff.ward_clerk))
    client.get("/api/v1/dossiers/", **headers)  # the day's first use writes its stamp: not counted below
    with django_assert_num_queries(QUERIES):
        assert len(rows(client.get("/api/v1/dossiers/", **headers))) == 1
    file_birth(at(2026, 11, 10))
    file_birth(at(2026, 11, 11))
    with django_assert_num_queries(QUERIES):
        assert len(rows(client.get("/api/v1/dossiers/", **headers))) == 3


def test_a_token_loses_what_its_account_loses(client, world, people, units):
    scoped = token_header(issue_key(people.par_officer, units=[units.ward_quang_trung]))
    assert ids(client.get("/api/v1/reports/", **scoped)) == [world.quang_trung_report.pk]
    people.par_officer.memberships.all().delete()
    assert ids(client.get("/api/v1/reports/", **scoped)) == []


# Four for the token (knox's lookup and its sweep of the account's expired tokens, the record, its units'
# paths), then the view's own: the account's unit paths, the count and the page.
QUERIES = 7
