"""The dashboards through HTTP: who sees which, the period chooser, drill-down, exports and query counts."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from par.core.testing import english, make_unit
from par.dashboards.tests.conftest import Q3, rollup
from par.orgunits.models import UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def urls(unit, procedure):
    return [
        reverse("dashboards:unit", args=[unit.pk]),
        reverse("dashboards:measure", args=[unit.pk, "dossiers.received"]),
        reverse("dashboards:procedure", args=[unit.pk, procedure.code]),
        reverse("dashboards:export", args=[unit.pk, "units"]),
        reverse("dashboards:export_procedure", args=[unit.pk, procedure.code, "months"]),
    ]


# Who sees what -------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_from_every_dashboard_address(client, units, procedure):
    for url in [reverse("dashboards:province"), *urls(units.ward_bim_son, procedure)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_par_officer_sees_the_province_dashboard_with_every_unit_below(client_for, units, people):
    response = english(client_for(people.par_officer)).get(reverse("dashboards:province") + Q3)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dashboard: Tỉnh Thanh Hóa" in page
    for unit in (units.home_affairs, units.justice, units.ward_bim_son, units.ward_quang_trung):
        assert reverse("dashboards:unit", args=[unit.pk]) in page
    assert "01/07/2026 – 30/09/2026" in page


def test_a_legacy_district_ended_before_the_period_is_not_listed(client_for, units, people):
    response = client_for(people.par_officer).get(reverse("dashboards:province") + Q3)
    assert reverse("dashboards:unit", args=[units.bim_son.pk]) + "?" not in response.content.decode()


def test_department_head_asking_for_the_dashboard_gets_their_own_departments(client_for, units, people):
    response = client_for(people.justice_head).get(reverse("dashboards:province") + Q3)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:unit", args=[units.justice.pk]) + Q3


def test_someone_without_a_unit_has_no_dashboard(client_for, people):
    assert client_for(people.outsider).get(reverse("dashboards:province")).status_code == 404


def test_commune_clerk_cannot_open_another_communes_dashboard_pages(client_for, units, people, procedure):
    client = client_for(people.ward_clerk)
    for url in urls(units.ward_quang_trung, procedure):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("dashboards:unit", args=[units.province.pk])).status_code == 404


def test_commune_clerk_opens_every_page_of_their_own_communes_dashboard(client_for, units, people, procedure):
    client = client_for(people.ward_clerk)
    for url in urls(units.ward_bim_son, procedure):
        assert client.get(url).status_code == 200, url


def test_an_unknown_measure_or_table_is_not_found(client_for, units, people):
    client = client_for(people.par_officer)
    assert (
        client.get(reverse("dashboards:measure", args=[units.province.pk, "nope.nothing"])).status_code == 404
    )
    assert client.get(reverse("dashboards:export", args=[units.province.pk, "nothing"])).status_code == 404


# The period ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("?span=q1&year=2025", "01/01/2025 – 31/03/2025"),
        ("?span=q4&year=2026", "01/10/2026 – 31/12/2026"),
        ("?span=m6&year=2026", "01/01/2026 – 30/06/2026"),
        ("?span=m9&year=2026", "01/01/2026 – 30/09/2026"),
        ("?span=m12&year=2024", "01/01/2024 – 31/12/2024"),
        ("", "01/01/2026 – 31/12/2026"),
        ("?span=custom&date_from=15/02/2026&date_to=10/03/2026", "15/02/2026 – 10/03/2026"),
    ],
)
def test_the_period_chosen_sets_the_days_counted(client_for, people, query, shown):
    response = client_for(people.par_officer).get(reverse("dashboards:province") + query)
    assert shown in response.content.decode()


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("?span=custom", "Give the first day of the period."),
        ("?span=custom&date_from=10/03/2026&date_to=15/02/2026", "The period ends before it starts."),
        ("?span=custom&date_from=2026-31-12&date_to=01/01/2027", "Write the date as dd/mm/yyyy."),
        ("?span=m6&year=1990", "Choose a year from 2000 to 2100."),
        (
            "?span=custom&date_from=01/01/2020&date_to=01/01/2026",
            "A chosen period is at most three years long.",
        ),
    ],
)
def test_a_wrong_period_is_explained_and_the_whole_year_shown(client_for, people, query, error):
    response = english(client_for(people.par_officer)).get(reverse("dashboards:province") + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "01/01/2026 – 31/12/2026" in page


def test_the_period_error_reads_in_vietnamese(client_for, people):
    response = client_for(people.par_officer).get(reverse("dashboards:province") + "?span=custom")
    assert "Nhập ngày đầu của kỳ." in response.content.decode()


# Drill-down and exports ----------------------------------------------------------------------------------


def test_province_drills_down_to_a_commune_then_a_procedure_then_its_dossier_counts(
    client_for, units, people, procedure
):
    rollup(
        units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=5, resolved_on_time=3, resolved_late=1
    )
    client = client_for(people.par_officer)
    province = client.get(reverse("dashboards:province") + Q3).content.decode()
    ward_url = reverse("dashboards:unit", args=[units.ward_bim_son.pk]) + Q3
    assert ward_url.replace("&", "&amp;") in province
    ward = client.get(ward_url).content.decode()
    procedure_url = reverse("dashboards:procedure", args=[units.ward_bim_son.pk, procedure.code]) + Q3
    assert procedure_url.replace("&", "&amp;") in ward
    response = client.get(procedure_url)
    assert response.status_code == 200
    months = response.context["tables"]["months"]
    august = [r for r in months.rows if r[0].value == "08/2026"][0]
    assert [c.value for c in august[1:]] == [5, 4, 3, 1, 0, 75]


def test_every_dashboard_table_exports_to_xlsx_with_the_rows_shown(client_for, units, people, procedure):
    rollup(
        units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=5, resolved_on_time=3, resolved_late=1
    )
    rollup(units.justice, procedure, dt.date(2026, 9, 1), received=2, resolved_early=2)
    client = client_for(people.par_officer)
    page = client.get(reverse("dashboards:province") + Q3)
    for key, table in page.context["tables"].items():
        response = client.get(reverse("dashboards:export", args=[units.province.pk, key]) + Q3)
        assert response.status_code == 200, key
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        values = list(sheet.iter_rows(values_only=True))
        header = [c.label for c in table.columns]
        at = values.index(tuple(header))
        body = values[at + 1 : at + 1 + len(table.rows) + (1 if table.total else 0)]
        expected = ([table.total] if table.total else []) + table.rows
        assert len(body) == len(expected), key
        for got, want in zip(body, expected, strict=True):
            assert got[0] == want[0].value, key


def test_the_units_export_has_one_line_per_unit_with_its_figures(client_for, units, people, procedure):
    rollup(
        units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=5, resolved_on_time=3, resolved_late=1
    )
    response = client_for(people.par_officer).get(
        reverse("dashboards:export", args=[units.province.pk, "units"]) + Q3
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    received = rows["Đơn vị"].index("Số hồ sơ tiếp nhận")
    assert rows["Phường Bỉm Sơn"][received] == 5
    assert rows["Tỉnh Thanh Hóa"][received] == 5
    assert rows["Sở Tư pháp"][received] == 0


# Query counts --------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _communes(units, procedure, start: int, count: int):
    for n in range(start, start + count):
        ward = make_unit(f"9{n:04d}", f"Xã Thử {n}", UnitKind.COMMUNE, units.province)
        rollup(ward, procedure, dt.date(2026, 8, 1 + n % 28), received=2, resolved_on_time=1, resolved_late=1)


def test_the_province_dashboard_reads_as_many_queries_for_300_communes_as_for_10(
    client_for, units, people, procedure
):
    client = client_for(people.par_officer)
    url = reverse("dashboards:province") + Q3 + "&refresh=1"  # computed afresh each time, not kept
    _communes(units, procedure, 0, 10)
    with_10 = _queries(client, url)
    _communes(units, procedure, 10, 290)
    with_300 = _queries(client, url)
    assert with_300 == with_10


def test_a_procedure_dashboard_reads_as_many_queries_for_300_communes_as_for_10(
    client_for, units, people, procedure
):
    client = client_for(people.par_officer)
    url = reverse("dashboards:procedure", args=[units.province.pk, procedure.code]) + Q3
    _communes(units, procedure, 0, 10)
    with_10 = _queries(client, url)
    _communes(units, procedure, 10, 290)
    with_300 = _queries(client, url)
    assert with_300 == with_10


def test_the_menu_offers_the_dashboard_to_people_with_a_unit_only(client_for, people):
    dashboard = reverse("dashboards:province")
    assert f'href="{dashboard}"' in client_for(people.ward_clerk).get(reverse("home")).content.decode()
    assert f'href="{dashboard}"' not in client_for(people.outsider).get(reverse("home")).content.decode()


# Figures kept for a few minutes -----------------------------------------------------------------------------


def _received_of(page: str, ward) -> str:
    """The "dossiers received" figure of `ward` in the per-unit table (the link to its rows)."""
    link = reverse("dashboards:measure", args=[ward.pk, "dossiers.received"])
    found = re.search(re.escape(link) + r'\?[^"]*">([^<]*)</a>', page)
    assert found, link
    return found.group(1)


def test_a_dashboard_shown_again_soon_keeps_its_figures_and_says_when_they_were_computed(
    client_for, units, people, procedure, time_machine
):
    client = english(client_for(people.par_officer))
    url = reverse("dashboards:province") + Q3
    rollup(units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=4)
    first = client.get(url).content.decode()
    assert "Figures computed at 10:00 30/11/2026." in first
    assert 'id="recompute"' not in first  # just computed
    assert _received_of(first, units.ward_bim_son) == "4"
    rollup(units.ward_bim_son, procedure, dt.date(2026, 8, 4), received=3)
    time_machine.move_to(dt.datetime(2026, 11, 30, 3, 2, tzinfo=dt.UTC), tick=False)
    with CaptureQueriesContext(connection) as kept:
        again = client.get(url).content.decode()
    assert _received_of(again, units.ward_bim_son) == "4"
    assert "Figures computed at 10:00 30/11/2026." in again
    assert 'id="recompute"' in again
    assert len(kept) < 15  # the session, the reader's units and the breadcrumb: no measure is read
    asked = client.get(url + "&refresh=1").content.decode()
    assert _received_of(asked, units.ward_bim_son) == "7"
    assert "Figures computed at 10:02 30/11/2026." in asked


def test_kept_figures_are_computed_afresh_after_their_minutes_and_for_each_reader(
    client_for, units, people, procedure, time_machine, settings
):
    settings.PAR_DASHBOARD_SNAPSHOT_SECONDS = 300
    url = reverse("dashboards:province") + Q3
    rollup(units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=4)
    officer = client_for(people.par_officer)
    assert _received_of(officer.get(url).content.decode(), units.ward_bim_son) == "4"
    rollup(units.ward_bim_son, procedure, dt.date(2026, 8, 4), received=3)
    other = client_for(people.auditor)  # another reader of the province computes their own
    assert _received_of(other.get(url).content.decode(), units.ward_bim_son) == "7"
    time_machine.move_to(dt.datetime(2026, 11, 30, 3, 6, tzinfo=dt.UTC), tick=False)
    assert _received_of(officer.get(url).content.decode(), units.ward_bim_son) == "7"


def test_with_no_minutes_set_a_dashboard_is_computed_on_every_request(
    client_for, units, people, procedure, settings
):
    settings.PAR_DASHBOARD_SNAPSHOT_SECONDS = 0
    client = client_for(people.par_officer)
    url = reverse("dashboards:province") + Q3
    rollup(units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=4)
    client.get(url)
    rollup(units.ward_bim_son, procedure, dt.date(2026, 8, 4), received=3)
    assert _received_of(client.get(url).content.decode(), units.ward_bim_son) == "7"
