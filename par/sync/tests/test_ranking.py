"""The ranking of provinces on the national view (decision 0172): each province's score is the mean index of the
units its latest published decision ranked, ranked with the scoring engine's own rule for ties."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from par.reporting import actions as reporting
from par.reporting.tests.helpers import NOW, setup_reporting
from par.scoring.tests.helpers import published_year
from par.sync.actions import do_add_receiving_province, do_receive_item
from par.sync.national import indices, province_ranking
from par.sync.outbox import INDEX_RESULTS


def _published(decision, percents, year=2026, code="par-index-so"):
    return {
        "framework": {"code": code, "name": "Chỉ số CCHC các sở", "year": year},
        "decision": decision,
        "decision_date": f"{year}-03-20",
        "corrects": None,
        "max_total": "100.00",
        "results": [
            {
                "unit": f"Đơn vị {n}",
                "status": "ranked" if percent is not None else "not_assessed",
                "total": percent,
                "percent": percent,
                "rank": None,
                "classification": "",
            }
            for n, percent in enumerate(percents, start=1)
        ],
    }


def _push(province, n, payload):
    item = {
        "stream": INDEX_RESULTS,
        "sequence": n,
        "previous": n - 1,
        "key": f"index.published:{n}",
        "created_at": "2026-03-20T03:00Z",
        "payload": payload,
    }
    do_receive_item(province, item)


@pytest.fixture
def provinces(settings, people):
    settings.PAR_MODE = "national"
    people.admin.is_staff = True
    made = {}
    for code, name in (("38", "Thanh Hóa"), ("40", "Nghệ An"), ("42", "Hà Tĩnh"), ("44", "Quảng Bình")):
        made[code], _token = do_add_receiving_province(code=code, name=name, actor=None)
    _push(made["38"], 1, _published("15/QĐ-UBND", ["70.00", "90.00"]))  # mean 80
    _push(made["40"], 1, _published("20/QĐ-UBND", ["80.00", None]))  # one unit not assessed: mean 80
    _push(made["42"], 1, _published("7/QĐ-UBND", ["60.00"]))
    _push(made["42"], 2, _published("8/QĐ-UBND", ["91.50"]))  # the correcting decision replaces the first
    _push(made["44"], 1, _published("3/QĐ-UBND", ["99.00"], year=2025))  # another year's index
    return made


def test_provinces_rank_by_their_mean_index_with_equal_scores_sharing_a_rank(provinces):
    standings = province_ranking("par-index-so/2026")
    assert [(s.province.code, s.rank, s.score) for s in standings] == [
        ("42", 1, Decimal("91.50")),
        ("38", 2, Decimal("80.00")),
        ("40", 2, Decimal("80.00")),
        ("44", None, None),  # published nothing for 2026: listed last, without a rank
    ]
    assert [s.units_ranked for s in standings] == [1, 2, 1, 0]
    assert standings[0].decision == "8/QĐ-UBND"


def test_the_indices_offered_are_those_some_province_published_newest_year_first(provinces):
    assert indices() == [
        ("par-index-so/2026", "Chỉ số CCHC các sở 2026"),
        ("par-index-so/2025", "Chỉ số CCHC các sở 2025"),
    ]
    assert [s.rank for s in province_ranking("par-index-so/2025")] == [1, None, None, None]
    assert [s.rank for s in province_ranking("nonsense")] == [None] * 4


def test_the_national_view_shows_the_ranking_of_provinces_to_ministry_staff_only(
    client, client_for, people, provinces
):
    url = reverse("sync:national") + "?index=par-index-so/2026"
    assert client.get(url).status_code == 302
    assert client_for(people.par_officer).get(url).status_code == 404
    response = client_for(people.admin).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('id="province-ranking"') :]
    assert (
        table.index("Hà Tĩnh") < table.index("Thanh Hóa") < table.index("Nghệ An") < table.index("Quảng Bình")
    )
    assert "91,50" in table and "80,00" in table  # Vietnamese decimal comma
    assert [s.rank for s in response.context["ranking"]] == [1, 2, 2, None]


def test_the_national_demo_ranks_this_province_above_the_invented_one(units, people, settings):
    world = setup_reporting()
    with time_machine.travel(NOW, tick=False):
        reporting.do_create_report(unit=units.province, period=world.q3, actor=people.par_officer)
        published = published_year(
            units, people, 2025, {units.justice: Decimal("0.9"), units.home_affairs: Decimal("0.7")}
        )
    settings.PAR_MODE = "national"
    call_command("load_national_demo", stdout=io.StringIO())
    call_command("load_national_demo", stdout=io.StringIO())  # a second run receives nothing new
    key = f"{published.framework.code}/2025"
    assert [k for k, _name in indices()] == [key]
    first, second = province_ranking(key)
    assert (first.province.code, first.rank, second.province.code, second.rank) == ("38", 1, "40", 2)
    assert second.score < first.score  # every index at 80 %, each rounded to hundredths
    assert first.units_ranked == second.units_ranked == 2
