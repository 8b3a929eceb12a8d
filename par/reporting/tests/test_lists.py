"""The periods list and the reports of a period page, sort, filter and count in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from par.core.testing import english, make_unit
from par.orgunits.models import UnitKind
from par.reporting import actions
from par.reporting.models import Report, ReportState
from par.reporting.tests.helpers import NOW, periods_of, person, setup_reporting

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def world(units, people):
    setup = setup_reporting()
    setup.ward_officer = person("canbo.bimson", units.ward_bim_son)
    setup.other_ward_officer = person("canbo.quangtrung", units.ward_quang_trung)
    setup.ward = actions.do_create_report(unit=units.ward_bim_son, period=setup.q3, actor=setup.ward_officer)
    setup.other = actions.do_create_report(
        unit=units.ward_quang_trung, period=setup.q3, actor=setup.other_ward_officer
    )
    return setup


def _add_reports(world, units, count: int) -> None:
    communes = [
        make_unit(f"39{n:03d}", f"Xã Thử {n:03d}", UnitKind.COMMUNE, units.province) for n in range(count)
    ]
    Report.objects.bulk_create(Report(unit=u, period=world.q3, template=world.template) for u in communes)


def test_the_periods_list_takes_the_same_number_of_queries_for_few_and_many_periods(
    client_for, people, world, django_assert_num_queries
):
    client = client_for(people.par_officer)
    url = reverse("reporting:period_list") + "?per_page=20"
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
    for year in (2023, 2024, 2025, 2027):
        periods_of(year, template=world.template)
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert "Dòng 1–20 trên tổng số 25" in html


def test_the_periods_list_pages_sorts_filters_and_counts_the_periods_ahead(client_for, people, world):
    for year in (2022, 2023, 2024, 2025):
        periods_of(year, template=world.template)
    client = english(client_for(people.par_officer))
    url = reverse("reporting:period_list")
    first = client.get(url + "?per_page=20&sort=due").content.decode()
    assert "năm 2022" in first and "năm 2026" not in first and 'rel="next"' in first
    last = client.get(url + "?per_page=20&sort=due&page=2").content.decode()
    assert "năm 2026" in last and "năm 2022" not in last
    filtered = client.get(url + "?year=2026").content.decode()
    assert "5 periods" in filtered and "năm 2025" not in filtered.split("<tbody>")[1]
    # 15/09/2026: quarter III is due the next day, the nine months and the year later on.
    assert 'data-testid="total-ahead">3 still to be reported<' in filtered


def test_the_reports_of_a_period_take_the_same_number_of_queries_for_few_and_many(
    client_for, people, units, world, django_assert_num_queries
):
    client = client_for(people.par_officer)
    url = reverse("reporting:period_detail", args=[world.q3.pk]) + "?per_page=20"
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    _add_reports(world, units, 40)
    with django_assert_num_queries(12):
        html = client.get(url).content.decode()
    assert "Dòng 1–20 trên tổng số 42" in html


def test_the_reports_of_a_period_page_sort_filter_and_count_by_state(client_for, people, units, world):
    _add_reports(world, units, 60)
    Report.objects.filter(pk=world.other.pk).update(state=ReportState.SUBMITTED)
    client = english(client_for(people.par_officer))
    url = reverse("reporting:period_detail", args=[world.q3.pk])
    first = client.get(url + "?sort=-unit").content.decode()
    assert "Phường Quang Trung" not in first and "Rows 1–50 of 62" in first
    rest = client.get(url + "?sort=-unit&page=2").content.decode()
    assert "Phường Quang Trung" in rest
    assert 'data-testid="total-submitted">Submitted: 1<' in first
    assert 'data-testid="total-draft">Draft: 61<' in first
    submitted = client.get(url + "?state=submitted").content.decode()
    assert (
        "Phường Quang Trung" in submitted and "Xã Thử" not in submitted.split('aria-labelledby="reports"')[1]
    )
    named = client.get(url + "?q=Thử 007").content.decode()
    assert "Xã Thử 007" in named and "Rows 1–1 of 1" in named


def test_the_report_lists_are_scoped_to_the_units_the_person_sees(client, client_for, people, world):
    periods, detail = reverse("reporting:period_list"), reverse("reporting:period_detail", args=[world.q3.pk])
    for url in (periods, detail):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    nghe_an = make_unit("40", "Tỉnh Nghệ An", UnitKind.PROVINCE)
    outsider = person("canbo.nghean", make_unit("16681", "Phường Thành Vinh", UnitKind.WARD, nghe_an))
    assert client_for(outsider).get(detail).status_code == 404
    assert detail not in client_for(outsider).get(periods).content.decode()
    other = client_for(world.other_ward_officer).get(detail).content.decode()
    table = other.split('aria-labelledby="reports"')[1]
    assert "Phường Quang Trung" in table and "Phường Bỉm Sơn" not in table
    own = client_for(world.ward_officer).get(detail).content.decode()
    assert detail in client_for(world.ward_officer).get(periods).content.decode()
    assert "Phường Bỉm Sơn" in own.split('aria-labelledby="reports"')[1]
