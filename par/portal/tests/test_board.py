"""The public per-unit on-time board (disclosure of results), read from the dossier statistics."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.portal.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def test_anyone_sees_each_units_on_time_share_this_month_and_year(client, dossiers):
    response = client.get("/tra-cuu/on-time/")
    html = response.content.decode()
    assert response.status_code == 200 and "Phường Bỉm Sơn" in html
    assert "50,00 %" in html and "(1/2)" in html


def test_the_board_shows_no_personal_data(client, dossiers):
    html = client.get("/tra-cuu/on-time/").content.decode()
    assert "Nguyễn Văn An" not in html and "Lê Thị Cúc" not in html


def test_the_board_is_one_query_whatever_the_number_of_units(client, dossiers):
    with CaptureQueriesContext(connection) as queries:
        client.get("/tra-cuu/on-time/")
    assert len(queries) == 1, [q["sql"] for q in queries]


def test_the_board_searches_filters_by_kind_of_unit_and_refuses_a_bad_sort_in_vietnamese(client, dossiers):
    assert "Phường Bỉm Sơn" in client.get("/tra-cuu/on-time/?q=bỉm+sơn&kind=commune").content.decode()
    table = client.get("/tra-cuu/on-time/?kind=department").content.decode().split("<tbody>")[1]
    assert "Phường Bỉm Sơn" not in table
    refused = client.get("/tra-cuu/on-time/?sort=nam")
    assert refused.status_code == 400
    assert "Không thể sắp xếp danh sách này theo “nam”." in refused.content.decode()
