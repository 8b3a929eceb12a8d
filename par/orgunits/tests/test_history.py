"""Before the data starts: the tree of a province on a day before its `history_from` is refused, not guessed."""

import datetime as dt

import pytest
from django.urls import reverse

from par.audit.models import AuditEvent
from par.orgunits.actions import do_update_unit
from par.orgunits.models import HistoryUnknown
from par.orgunits.tests.test_admin import form_data

pytestmark = pytest.mark.django_db

IN_2019 = dt.date(2019, 6, 1)
KNOWN_FROM = dt.date(2025, 1, 1)


@pytest.fixture
def province(units, people):
    return do_update_unit(units.province, changes={"history_from": KNOWN_FROM}, actor=people.admin)


def test_the_tree_of_2019_is_refused_with_the_day_the_data_starts(province, units):
    with pytest.raises(HistoryUnknown) as refused:
        province.tree_as_of(IN_2019)
    assert refused.value.known_from == KNOWN_FROM
    assert str(refused.value) == "Không có dữ liệu đơn vị của Tỉnh Thanh Hóa trước ngày 01/01/2025."
    # Asked from below the province (an old commune), the province's date applies as well.
    units.ba_dinh.refresh_from_db()
    with pytest.raises(HistoryUnknown):
        units.ba_dinh.tree_as_of(IN_2019)


def test_the_tree_on_or_after_the_first_known_day_is_answered(province, units):
    assert set(province.tree_as_of(KNOWN_FROM)) >= {units.bim_son, units.ba_dinh, units.justice}
    assert units.ward_bim_son not in province.tree_as_of(dt.date(2025, 6, 30))
    assert units.ward_bim_son in province.tree_as_of(dt.date(2025, 7, 1))


def test_a_province_without_a_known_start_answers_as_before(units):
    assert units.province.history_from is None
    assert units.bim_son in units.province.tree_as_of(IN_2019)


def test_an_administrator_who_knows_earlier_history_moves_the_date_in_the_admin(client_for, people, province):
    response = client_for(people.admin).post(
        reverse("admin:orgunits_unit_change", args=[province.pk]),
        form_data(province, history_from="2015-01-01"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    province.refresh_from_db()
    assert province.history_from == dt.date(2015, 1, 1)
    event = AuditEvent.objects.filter(action="orgunits.update_unit", object_id=str(province.pk)).latest("pk")
    assert event.before["history_from"] == "2025-01-01" and event.after["history_from"] == "2015-01-01"
    assert province.tree_as_of(IN_2019).exists()


def test_the_unit_page_shows_the_first_known_day(client_for, people, province):
    response = client_for(people.admin).get(reverse("admin:orgunits_unit_change", args=[province.pk]))
    assert response.status_code == 200
    assert "có dữ liệu đơn vị từ ngày" in response.text.lower()


def test_the_unit_list_on_a_day_before_the_data_says_so_instead_of_listing_2025_units(
    client_for, people, province
):
    client = client_for(people.admin)
    response = client.get(reverse("admin:orgunits_unit_changelist"), {"on": "01/06/2019"})
    assert response.status_code == 200
    assert "Không có dữ liệu đơn vị của Tỉnh Thanh Hóa trước ngày 01/01/2025." in response.text
    assert "Phường Ba Đình" not in response.text
    response = client.get(reverse("admin:orgunits_unit_changelist"), {"on": "30/06/2025"})
    assert "Phường Ba Đình" in response.text and "Phường Quang Trung" not in response.text
    assert "Không có dữ liệu đơn vị" not in response.text
