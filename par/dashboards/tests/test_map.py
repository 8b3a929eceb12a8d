"""The dashboard's commune map through HTTP: who sees it, the figure it colours by, drill-down, query counts."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from par.core.testing import english, make_unit
from par.dashboards.tests.conftest import Q3, rollup
from par.orgunits.models import UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_anonymous_visitor_is_sent_to_sign_in_from_the_map(client, units):
    for url in [reverse("dashboards:province_map"), reverse("dashboards:map", args=[units.ward_bim_son.pk])]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_commune_clerk_cannot_open_another_units_map(client_for, units, people):
    client = client_for(people.ward_clerk)
    assert client.get(reverse("dashboards:map", args=[units.ward_quang_trung.pk])).status_code == 404
    assert client.get(reverse("dashboards:map", args=[units.province.pk])).status_code == 404


def test_commune_clerk_sees_only_their_own_commune_on_the_map(client_for, units, people):
    response = client_for(people.ward_clerk).get(reverse("dashboards:province_map") + Q3)
    assert response.status_code == 200
    page = response.content.decode()
    assert units.ward_bim_son.name in page
    assert units.ward_quang_trung.name not in page


def test_par_officer_sees_every_commune_coloured_by_its_on_time_rate(client_for, units, people, procedure):
    rollup(
        units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=4, resolved_on_time=3, resolved_late=1
    )
    response = english(client_for(people.par_officer)).get(reverse("dashboards:province_map") + Q3)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Map of communes: Tỉnh Thanh Hóa" in page
    assert "75.00 %" in page
    assert units.ward_quang_trung.name in page
    assert units.justice.name not in page  # a department is no commune
    assert 'data-testid="commune-map"' in page


def test_a_point_and_a_row_lead_to_the_communes_dashboard_for_the_same_period(client_for, units, people):
    page = client_for(people.par_officer).get(reverse("dashboards:province_map") + Q3).content.decode()
    target = reverse("dashboards:unit", args=[units.ward_bim_son.pk]) + "?span=q3&amp;year=2026"
    assert page.count(target) >= 1
    found = client_for(people.par_officer).get(reverse("dashboards:unit", args=[units.ward_bim_son.pk]) + Q3)
    assert found.status_code == 200


def test_the_map_can_show_the_satisfaction_index_instead(client_for, people):
    response = english(client_for(people.par_officer)).get(
        reverse("dashboards:province_map") + Q3 + "&indicator=satisfaction"
    )
    assert response.status_code == 200
    assert "Satisfaction index" in response.content.decode()


def test_an_unknown_indicator_is_refused_in_vietnamese_and_the_default_shown(client_for, people):
    response = client_for(people.par_officer).get(reverse("dashboards:province_map") + "?indicator=nope")
    assert response.status_code == 200
    assert "Hãy chọn một chỉ số trong danh sách." in response.content.decode()


def test_the_province_dashboard_links_to_its_map_with_the_period(client_for, units, people):
    page = client_for(people.par_officer).get(reverse("dashboards:province") + Q3).content.decode()
    assert reverse("dashboards:map", args=[units.province.pk]) + "?span=q3&amp;year=2026" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _communes(units, procedure, start: int, count: int):
    for n in range(start, start + count):
        ward = make_unit(f"9{n:04d}", f"Xã Thử {n}", UnitKind.COMMUNE, units.province)
        rollup(ward, procedure, dt.date(2026, 8, 1 + n % 28), received=2, resolved_on_time=1, resolved_late=1)


@pytest.mark.parametrize("indicator", ["dossiers", "tasks", "reports", "satisfaction"])
def test_the_map_reads_as_many_queries_for_300_communes_as_for_10(
    client_for, units, people, procedure, indicator
):
    client = client_for(people.par_officer)
    url = reverse("dashboards:province_map") + Q3 + f"&indicator={indicator}"
    _communes(units, procedure, 0, 10)
    with_10 = _queries(client, url)
    _communes(units, procedure, 10, 290)
    with_300 = _queries(client, url)
    assert with_300 == with_10
