"""The staff's petitions list pages, sorts, filters and counts, in the same number of queries for any length."""

import datetime as dt

import pytest

from par.core.testing import english
from par.petitions.models import Petition, PetitionState
from par.petitions.tests.conftest import NOW, submit

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def test_the_list_takes_the_same_number_of_queries_for_few_and_many_petitions(
    client_for, petitions, people, units, django_assert_num_queries
):
    client = client_for(people.par_officer)
    url = "/petitions/?tab=all&per_page=20"
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    for i in range(30):
        submit(units.justice, subject=f"Phản ánh số {i:02d}")
    with django_assert_num_queries(8):
        html = client.get(url).content.decode()
    assert "Dòng 1–20 trên tổng số 33" in html


def test_the_petition_beyond_the_first_page_is_on_the_next_one(client_for, petitions, people, units):
    for i in range(55):
        submit(units.justice, subject=f"Phản ánh số {i:02d}")
    client = client_for(people.par_officer)
    first = client.get("/petitions/?tab=all&sort=code").content.decode()
    last = Petition.objects.order_by("-code").first()
    assert last.code not in first and 'rel="next"' in first
    second = client.get("/petitions/?tab=all&sort=code&page=2").content.decode()
    assert last.code in second and "51–58" in second


def test_the_list_sorts_by_a_column_and_reverses_it(client_for, petitions, people):
    client = client_for(people.par_officer)
    html = client.get("/petitions/?tab=all&sort=-code").content.decode()
    codes = sorted([petitions.received.code, petitions.routed.code, petitions.answered.code], reverse=True)
    assert html.index(codes[0]) < html.index(codes[1]) < html.index(codes[2])
    assert 'aria-sort="descending"' in html


def test_the_list_filters_by_text_and_counts_what_matches(client_for, petitions, people):
    html = client_for(people.par_officer).get("/petitions/?tab=all&q=lệ phí").content.decode()
    assert petitions.routed.code in html and petitions.received.code not in html
    assert "trên tổng số 1" in html


def test_the_totals_count_overdue_and_answered_petitions(client_for, petitions, people, units):
    Petition.objects.filter(pk=petitions.routed.pk).update(due_date=dt.date(2026, 2, 27))
    late = submit(units.province, subject="Trả lời muộn")[0]
    Petition.objects.filter(pk=late.pk).update(state=PetitionState.ANSWERED, answered_on_time=False)
    html = english(client_for(people.par_officer)).get("/petitions/?tab=all").content.decode()
    assert "4 petitions" in html
    assert 'data-testid="total-overdue">1 overdue<' in html
    assert "2 answered (1 late)" in html
    overdue = client_for(people.par_officer).get("/petitions/?tab=all&overdue=true").content.decode()
    assert petitions.routed.code in overdue and petitions.answered.code not in overdue


def test_the_list_is_scoped_to_the_units_the_person_sees(client, client_for, petitions, people):
    response = client.get("/petitions/?tab=all")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    other = client_for(people.home_affairs_officer).get("/petitions/?tab=all").content.decode()
    assert petitions.routed.code not in other and "trên tổng số 0" in other
    own = client_for(people.justice_officer).get("/petitions/?tab=all").content.decode()
    assert petitions.routed.code in own and petitions.answered.code in own
    assert petitions.received.code not in own  # still at the province, not yet routed to Justice
