"""/api/v1/procedures/: read-only, signed-in callers, the current version nested, the UI's filters."""

import datetime as dt

import pytest

from par.apitokens.testing import issue_key, token_header

pytestmark = [pytest.mark.django_db, pytest.mark.urls("par.catalog.tests.urls")]


@pytest.mark.smoke
def test_anonymous_caller_gets_no_procedures(client, birth):
    assert client.get("/api/v1/procedures/").status_code in (401, 403)
    assert client.get("/api/v1/procedures/1.001193/").status_code in (401, 403)


def test_a_ward_clerk_lists_procedures_with_the_version_in_force_nested(client_for, people, birth):
    data = client_for(people.ward_clerk).get("/api/v1/procedures/?on=01/07/2025").json()
    [row] = data["results"]
    assert (row["code"], row["field"], row["levels"]) == (
        "1.001193",
        {"code": "HT", "name": "Hộ tịch"},
        ["commune"],
    )
    current = row["current_version"]
    assert (current["valid_from"], current["committed_days"], current["online_level"]) == (
        "2025-07-01",
        "2.0",
        "full",
    )
    assert [s["days"] for s in current["steps"]] == ["0.5", "1.0", "0.5"]
    assert [d["name"] for d in current["documents"]] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]


def test_the_version_nested_follows_the_requested_day(client_for, people, birth):
    client = client_for(people.ward_clerk)
    row = client.get("/api/v1/procedures/1.001193/?on=2025-06-30").json()
    assert row["current_version"]["committed_days"] == "3.0"
    assert client.get("/api/v1/procedures/1.001193/?on=2023-12-31").json()["current_version"] is None


def test_the_api_shares_the_filters_of_the_catalogue_page(client_for, people, birth, land):
    client = client_for(people.par_officer)

    def codes(query):
        return [r["code"] for r in client.get(f"/api/v1/procedures/?{query}").json()["results"]]

    assert codes("q=KHAI SINH") == ["1.001193"]
    assert codes("level=province") == ["1.012765"]
    assert codes("field=HT") == ["1.001193"]
    assert codes("online_level=partial&on=30/06/2025") == ["1.001193"]


def test_every_version_of_a_procedure_newest_first(client_for, people, birth):
    data = client_for(people.ward_clerk).get("/api/v1/procedures/1.001193/versions/").json()
    assert [(v["valid_from"], v["valid_to"]) for v in data] == [
        ("2025-07-01", None),
        ("2024-01-01", "2025-06-30"),
    ]


def test_a_missing_code_is_404_and_token_callers_read_like_session_callers(client, people, birth):
    headers = token_header(issue_key(people.outsider))
    assert client.get("/api/v1/procedures/0.000000/", **headers).status_code == 404
    assert client.get("/api/v1/procedure-fields/", **headers).json() == [{"code": "HT", "name": "Hộ tịch"}]


def test_the_api_is_read_only(client_for, people, birth):
    client = client_for(people.par_officer)
    assert client.post("/api/v1/procedures/", {"code": "x"}).status_code == 405
    assert client.delete("/api/v1/procedures/1.001193/").status_code == 405


@pytest.mark.parametrize("extra", [0, 25])
def test_the_list_query_count_does_not_grow(client_for, people, birth, extra, django_assert_max_num_queries):
    from par.catalog.models import Procedure, ProcedureVersion

    for i in range(extra):
        p = Procedure.objects.create(
            code=f"9.{i:06d}",
            name=f"Thủ tục {i}",
            field=birth.field,
            at_commune=True,
            responsible_kind="commune_committee",
        )
        ProcedureVersion.objects.create(
            procedure=p, valid_from=dt.date(2025, 1, 1), legal_days=5, committed_days=4
        )
    client = client_for(people.par_officer)
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/procedures/").json()
    assert data["count"] == 1 + extra
