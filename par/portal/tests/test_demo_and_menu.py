"""Demo ratings go to resolved dossiers only, once; the menu entries need no query."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.portal.models import Rating
from par.portal.tests.conftest import NOW

pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.mark.django_db
def test_demo_ratings_go_to_resolved_dossiers_once(dossiers, units, monkeypatch):
    from par.portal import demo

    monkeypatch.setattr(demo, "RATED_SHARE", 1.0)
    demo.load_demo({"province": units.province}, io.StringIO())
    assert set(Rating.objects.values_list("dossier__code", flat=True)) == {
        dossiers.on_time.code,
        dossiers.late.code,
    }
    demo.load_demo({"province": units.province}, io.StringIO())
    assert Rating.objects.count() == 2


@pytest.mark.django_db
def test_the_public_pages_are_in_the_menu_without_a_query(people):
    from par.portal.menu import items

    with CaptureQueriesContext(connection) as queries:
        urls = [e["url"] for e in items(people.ward_clerk, {"one_stop_clerk"})]
    assert urls == ["/tra-cuu/", "/tra-cuu/on-time/"] and len(queries) == 0
