"""A prepared query runs the SQL the ORM wrote once, with new values, and gives what values_list gives."""

from __future__ import annotations

import datetime as dt

import pytest

from par.core.prepared import PreparedQuery
from par.core.testing import make_unit
from par.orgunits.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    province = make_unit("97", "Tỉnh Thử", UnitKind.PROVINCE)
    make_unit("97001", "Xã Một", UnitKind.COMMUNE, province, valid_from=dt.date(2025, 7, 1))
    make_unit("97002", "Xã Hai", UnitKind.COMMUNE, province, valid_from=dt.date(2025, 7, 2))
    return province


BY_CODE = PreparedQuery(
    lambda code: Unit.objects.filter(code=code).values_list("name", "valid_from", "parent__name"),
    "\x00code\x00",
)


def test_each_call_answers_for_its_own_value_with_one_query(province, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert BY_CODE.rows("97001") == [("Xã Một", dt.date(2025, 7, 1), "Tỉnh Thử")]
    with django_assert_num_queries(1):
        assert BY_CODE.rows("97002") == [("Xã Hai", dt.date(2025, 7, 2), "Tỉnh Thử")]
    assert BY_CODE.rows("no such code") == []


def test_the_rows_equal_what_the_orm_gives_on_this_database(province):
    for code in ("97", "97001", "97002"):
        expected = list(Unit.objects.filter(code=code).values_list("name", "valid_from", "parent__name"))
        assert BY_CODE.rows(code) == expected


def test_a_value_that_looks_like_sql_is_only_ever_a_parameter(province):
    assert BY_CODE.rows("97001' OR '1'='1") == []
    assert Unit.objects.filter(code="97001").exists()


def test_a_placeholder_the_orm_drops_from_the_sql_is_refused_when_compiling(province):
    # A negative bound on a positive field is always true, so the ORM leaves the condition out of the SQL:
    # the value given at run time would be ignored, and the query says so instead.
    query = PreparedQuery(lambda depth: Unit.objects.filter(depth__gt=depth).values_list("code"), -5_000_017)
    with pytest.raises(ValueError, match="appears 0 times"):
        query.rows(1)


CHILDREN_AFTER = PreparedQuery(
    lambda parent, after: (
        Unit.objects.filter(parent_id=parent, pk__gt=after).order_by("pk").values_list("code")
    ),
    2_000_000_001,
    2_000_000_003,
)


def test_a_comparison_the_database_driver_wraps_still_takes_each_new_value(province):
    # On PostgreSQL a `__gt` value travels in psycopg's Int4/Int8 wrapper; the new value is wrapped alike.
    first, second = Unit.objects.filter(parent=province).order_by("pk").values_list("pk", flat=True)
    assert CHILDREN_AFTER.rows(province.pk, 0) == [("97001",), ("97002",)]
    assert CHILDREN_AFTER.rows(province.pk, first) == [("97002",)]
    assert CHILDREN_AFTER.rows(province.pk, second) == []
