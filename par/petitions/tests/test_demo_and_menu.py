"""The demo loader builds petitions at every stage, once; the menu entry needs no query."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.petitions.models import Petition, PetitionState
from par.petitions.tests.conftest import NOW

pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.mark.django_db
def test_the_demo_has_every_stage_and_loads_once(units, national):
    from par.petitions.demo import load_demo

    keys = {"province": units.province, "justice": units.justice, "home_affairs": units.home_affairs}
    keys["ward"] = units.ward_bim_son
    load_demo(keys, io.StringIO())
    states = set(Petition.objects.values_list("state", flat=True))
    assert states == set(PetitionState.values)
    assert Petition.objects.filter(published_at__isnull=False).exists()
    count = Petition.objects.count()
    load_demo(keys, io.StringIO())
    assert Petition.objects.count() == count


@pytest.mark.django_db
def test_staff_get_the_petitions_entry_without_a_query(people):
    from par.petitions.menu import items

    with CaptureQueriesContext(connection) as queries:
        entries = items(people.justice_officer, {"unit_officer"})
        nothing = items(people.ward_clerk, {"one_stop_clerk"})
    assert [e["url"] for e in entries] == ["/petitions/"] and nothing == [] and len(queries) == 0
