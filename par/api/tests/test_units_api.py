"""/api/v1/units/: scoped by the caller's units, for session and token callers."""

import pytest

from par.apitokens.testing import issue_key, token_header

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_anonymous_caller_gets_no_units(client, units):
    response = client.get("/api/v1/units/")
    assert response.status_code in (401, 403)


def test_ward_clerk_lists_only_their_ward(client_for, people, units):
    data = client_for(people.ward_clerk).get("/api/v1/units/").json()
    assert [row["name"] for row in data["results"]] == ["Phường Bỉm Sơn"]


def test_ward_clerk_cannot_read_another_ward_which_looks_missing(client_for, people, units):
    response = client_for(people.ward_clerk).get(f"/api/v1/units/{units.ward_quang_trung.pk}/")
    assert response.status_code == 404


def test_par_officer_lists_the_province_as_of_a_date(client_for, people, units):
    client = client_for(people.par_officer)
    before = {row["name"] for row in client.get("/api/v1/units/?as_of=2025-06-30").json()["results"]}
    after = {row["name"] for row in client.get("/api/v1/units/?as_of=2025-07-01").json()["results"]}
    assert "Thị xã Bỉm Sơn" in before and "Thị xã Bỉm Sơn" not in after
    assert "Phường Quang Trung" in after and "Phường Quang Trung" not in before


def test_token_caller_is_scoped_like_a_session_caller(client, people, units):
    data = client.get("/api/v1/units/", **token_header(issue_key(people.justice_officer))).json()
    assert [row["code"] for row in data["results"]] == ["38.STP"]


def test_unit_list_query_count_is_constant(client_for, people, units, django_assert_max_num_queries):
    client = client_for(people.par_officer)
    with django_assert_max_num_queries(6):
        client.get("/api/v1/units/")


def test_openapi_schema_is_served_to_signed_in_users(client_for, people):
    response = client_for(people.par_officer).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/units/" in response.content


def test_the_openapi_schema_of_every_app_generates_without_warnings(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", validate=True, fail_on_warn=True, stdout=out, stderr=StringIO())
    schema = out.getvalue()
    for path in ("/api/v1/dossiers/", "/api/v1/petitions/", "/api/v1/reports/", "/api/v1/index-assessments/"):
        assert path in schema, path
