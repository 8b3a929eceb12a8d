"""A task assigned to many units opens a page of them at a time, filtered by name and status, sorted, with
totals, in the same number of queries however many units the task reaches."""

import pytest
from django.urls import reverse

from par.core.testing import english, make_unit
from par.orgunits.models import UnitKind
from par.plans import paging
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def _departments(units, n: int) -> None:
    for i in range(n):
        make_unit(f"38.S{i:03d}", f"Sở số {i:03d}", UnitKind.DEPARTMENT, units.province)


def _task_page(client, task, **params):
    from urllib.parse import urlencode

    url = reverse("plans:task_detail", args=[task.pk]) + ("?" + urlencode(params) if params else "")
    response = english(client).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_task_of_many_units_shows_one_page_of_them_with_the_totals(client_for, people, units, settings):
    _departments(units, 60)
    plans = build_plans(units, people)  # "all departments": 62 lead units
    html = _task_page(client_for(people.par_officer), plans.decentralise)
    assert html.count('id="assignment-') == paging.UNITS_PER_PAGE
    assert "62 of 62 units" in html
    assert "Page 1 of 2" in html
    second = _task_page(client_for(people.par_officer), plans.decentralise, page=2)
    assert second.count('id="assignment-') == 12


def test_the_units_are_filtered_by_name_and_sorted_by_name(client_for, people, units):
    _departments(units, 12)
    plans = build_plans(units, people)
    client = client_for(people.par_officer)
    html = _task_page(client, plans.decentralise, q="số 01")
    assert "2 of 14 units" in html  # Sở số 010 and Sở số 011
    assert html.count('id="assignment-') == 2


def test_the_units_are_filtered_by_status(client_for, people, units):
    _departments(units, 3)
    plans = build_plans(units, people)
    html = _task_page(client_for(people.par_officer), plans.decentralise, status="done_on_time")
    assert "0 of 5 units" in html and 'id="assignment-' not in html


def test_sorting_by_name_descending_puts_the_last_name_first(client_for, people, units):
    _departments(units, 3)
    plans = build_plans(units, people)
    html = _task_page(client_for(people.par_officer), plans.decentralise, sort="-name")
    html = html[html.index('id="assignments-heading"') :]  # the units table, not the summary above it
    assert html.index("Sở số 002") < html.index("Sở số 000") < html.index("Sở Nội vụ")


@pytest.mark.parametrize("extra", [2, 40])
def test_the_task_page_takes_the_same_queries_however_many_units(
    client_for, people, units, extra, django_assert_num_queries
):
    _departments(units, extra)
    plans = build_plans(units, people)
    client = client_for(people.par_officer)
    url = reverse("plans:task_detail", args=[plans.decentralise.pk])
    client.get(url)  # warm the session and the menu
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


# Session, user, menu and notices badge, the task, its summary, one page of units with their updates, evidence
# and milestones, the totals by status, the reportable units: none of them repeats per unit.
QUERIES = 20
