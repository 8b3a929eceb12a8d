"""Every API list answers pages of at most PAR_API_MAX_PAGE_SIZE rows, and bad paging with a 400 and a message,
never a 500 nor the whole table (decision 0100)."""

import pytest
from rest_framework.settings import api_settings

from par.api.urls import router
from par.core.pagination import BoundedLimitOffsetPagination

pytestmark = pytest.mark.django_db

# Lists deliberately answered whole, and why.
UNPAGINATED = {
    "procedure-fields": "the catalogue's fields of procedures: a short reference list clients read whole",
}
BAD_PAGING = [
    {"limit": "9223372036854775808"},
    {"limit": "100000000"},
    {"limit": "abc"},
    {"limit": "-1"},
    {"limit": "0"},
    {"offset": "-1"},
    {"offset": "abc"},
    {"offset": "9223372036854775808"},
]
LISTS = [prefix for prefix, viewset, _name in router.registry if hasattr(viewset, "list")]


def test_every_api_list_uses_the_bounded_pagination():
    for prefix, viewset, _name in router.registry:
        if not hasattr(viewset, "list"):
            continue  # no list to page (the national inbox only takes posts)
        if prefix in UNPAGINATED:
            assert viewset.pagination_class is None, prefix
        else:
            assert issubclass(viewset.pagination_class, BoundedLimitOffsetPagination), prefix
    assert api_settings.DEFAULT_PAGINATION_CLASS is BoundedLimitOffsetPagination


@pytest.mark.parametrize("prefix", [p for p in LISTS if p not in UNPAGINATED])
def test_bad_paging_is_refused_with_a_message_on_every_list(client_for, people, prefix):
    client = client_for(people.admin)
    assert client.get(f"/api/v1/{prefix}/").status_code == 200
    for params in BAD_PAGING:
        response = client.get(f"/api/v1/{prefix}/", params)
        assert response.status_code == 400, (prefix, params, response.status_code)
        (name,) = params
        assert "whole number" in response.json()[name][0] or "số nguyên" in response.json()[name][0]
    page = client.get(f"/api/v1/{prefix}/", {"limit": "1", "offset": "0"})
    assert page.status_code == 200 and len(page.json()["results"]) <= 1


def test_a_page_holds_at_most_the_configured_number_of_rows(client_for, people, settings):
    settings.PAR_API_MAX_PAGE_SIZE = 2
    client = client_for(people.admin)
    whole = client.get("/api/v1/units/").json()
    assert whole["count"] > 2 and len(whole["results"]) == 2  # the default page is capped too
    assert len(client.get("/api/v1/units/", {"limit": "2"}).json()["results"]) == 2
    too_many = client.get("/api/v1/units/", {"limit": "3"})
    assert too_many.status_code == 400
    assert too_many.json() == {"limit": ["Số dòng mỗi trang (limit) phải là số nguyên từ 1 đến 2."]}


def test_paging_walks_through_the_whole_list(client_for, people):
    client = client_for(people.admin)
    count = client.get("/api/v1/units/").json()["count"]
    seen = []
    url = "/api/v1/units/?limit=3"
    while url:
        data = client.get(url).json()
        seen += [row["code"] for row in data["results"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == count


def test_the_schema_states_the_bounds_of_paging(client_for, people):
    schema = client_for(people.admin).get("/api/v1/schema/?format=json").json()
    # Each optional parameter is its schema or an empty value (read as none; par.core.schema).
    parameters = {
        p["name"]: p["schema"]["anyOf"][0] for p in schema["paths"]["/api/v1/dossiers/"]["get"]["parameters"]
    }
    assert parameters["limit"]["maximum"] == 500 and parameters["limit"]["minimum"] == 1
