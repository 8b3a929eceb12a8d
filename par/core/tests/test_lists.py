"""The work-list helper: pages, sorts, totals and query strings, at two queries a page."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from django.db.models import Count, Q, Sum
from django.template import Context, Template
from django.test import RequestFactory

from par.core.lists import Sort, work_list
from par.core.testing import make_unit
from par.orgunits.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

SORTS = {"name": Sort("Name", ["name"]), "code": Sort("Code", ["code"])}


@pytest.fixture
def communes():
    province = make_unit("99", "Tỉnh Thử", UnitKind.PROVINCE)
    for n in range(1, 126):
        make_unit(f"99{n:03d}", f"Xã {n:03d}", UnitKind.COMMUNE, province)
    return Unit.objects.filter(kind=UnitKind.COMMUNE)


def get(path="/", **params):
    return RequestFactory().get(path, params)


def test_a_list_shows_one_page_and_counts_every_matching_row(communes, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = work_list(get(), communes, sorts=SORTS, default_sort="name")
    assert page.total == 125
    assert [u.name for u in page.rows][:2] == ["Xã 001", "Xã 002"]
    assert (page.first, page.last) == (1, 50)
    assert page.page.paginator.num_pages == 3


def test_the_last_page_holds_the_oldest_rows_the_first_did_not_show(communes):
    page = work_list(get(page="3"), communes, sorts=SORTS, default_sort="name")
    assert [u.name for u in page.rows] == [f"Xã {n:03d}" for n in range(101, 126)]
    assert (page.first, page.last) == (101, 125)


def test_a_minus_sign_reverses_the_sort_and_the_link_toggles_it(communes):
    page = work_list(get(sort="-name"), communes, sorts=SORTS, default_sort="name")
    assert page.rows[0].name == "Xã 125"
    query, arrow = page.sort_link("name")
    assert "sort=name" in query and arrow == "▼"
    query, arrow = page.sort_link("code")
    assert "sort=code" in query and arrow == ""


def test_an_unknown_sort_page_or_page_size_falls_back_rather_than_failing(communes):
    page = work_list(
        get(sort="password", page="x", per_page="100000"), communes, sorts=SORTS, default_sort="-code"
    )
    assert page.sort == "-code" and page.per_page == 50 and page.page.number == 1
    assert page.rows[0].code == "99125"
    beyond = work_list(get(page="99"), communes, sorts=SORTS, default_sort="name")
    assert beyond.page.number == 3


def test_totals_are_counted_over_the_matching_rows_not_the_page(communes):
    page = work_list(
        get(per_page="20"),
        communes,
        sorts=SORTS,
        default_sort="name",
        totals={"tens": Count("pk", filter=Q(name__endswith="0"))},
    )
    assert page.per_page == 20 and len(page.rows) == 20
    assert page.totals == {"tens": 12}


def test_the_query_string_keeps_the_filter_and_starts_again_from_page_one(communes):
    page = work_list(get(q="Xã", page="2", sort="code"), communes, sorts=SORTS, default_sort="name")
    resorted = parse_qs(page.query(sort="name"))
    assert resorted["q"] == ["Xã"] and resorted["sort"] == ["name"] and "page" not in resorted
    assert parse_qs(page.query(page=3))["page"] == ["3"]


def test_the_pager_and_the_sort_header_render_escaped_links(communes):
    page = work_list(get(q='"><script>', page="2"), communes, sorts=SORTS, default_sort="name")
    html = Template(
        '{% load par_tags %}{% sort_header list "name" "Tên" %}{% include "_pager.html" %}'
    ).render(Context({"list": page}))
    assert "<script>" not in html
    assert "51–100" in html and 'aria-current="page"' in html
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_a_grouped_list_pages_and_counts_its_groups_by_their_key(communes, django_assert_num_queries):
    grouped = communes.values("parent").annotate(n=Count("pk"))
    sorts = {"n": Sort("Communes", ["n"])}
    with django_assert_num_queries(2):
        page = work_list(
            get(), grouped, sorts=sorts, default_sort="-n", key="parent", totals={"all": Sum("n")}
        )
    assert page.total == 1 and page.totals == {"all": 125}
    assert [row["n"] for row in page.rows] == [125]
