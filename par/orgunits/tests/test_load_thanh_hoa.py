"""Thanh Hóa loaded from the package data: counts on both sides of 1 July 2025, lineage, idempotence, queries."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from par.accounts.models import User
from par.audit.models import AuditEvent
from par.orgunits.actions import do_close_unit, do_load_province
from par.orgunits.models import AdminLevel, LineageKind, Unit, UnitKind, UnitLineage, predecessors, successors
from par.orgunits.tests.helpers import fingerprint, loaded

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


@pytest.fixture(scope="module", autouse=True)
def thanh_hoa(django_db_setup, django_db_blocker):
    """Thanh Hóa, loaded once for the whole module and rolled back at its end."""
    with loaded(django_db_blocker, "38") as results:
        yield results["38"]


@pytest.fixture
def province():
    return Unit.objects.get(code="38", valid_from=None)


def test_the_province_is_one_undated_row_for_both_periods(province, thanh_hoa):
    assert province.kind == UnitKind.PROVINCE and province.name == "Tỉnh Thanh Hóa"
    assert province.valid_from is None and province.valid_to is None
    assert province.parent is None and province.depth == 0
    assert Unit.objects.filter(code="38").count() == 1
    assert thanh_hoa.legacy_provinces == []


def test_166_communes_and_wards_from_1_july_2025(province):
    communes = Unit.objects.as_of(AFTER).communes().filter(path__startswith=province.path)
    assert communes.count() == 166
    assert communes.filter(kind=UnitKind.COMMUNE).count() == 147
    assert communes.filter(kind=UnitKind.WARD).count() == 19
    assert set(communes.values_list("parent", flat=True)) == {province.pk}
    assert set(communes.values_list("valid_from", flat=True)) == {AFTER}


def test_26_districts_and_547_communes_until_30_june_2025(province):
    tree = Unit.objects.as_of(BEFORE).filter(path__startswith=province.path)
    assert tree.filter(level=AdminLevel.DISTRICT).count() == 26
    communes = tree.communes()
    assert communes.count() == 547
    # The package splits the 547 as 453 communes, 63 wards, 31 townships; the domain brief says 452 / 63 / 32
    # (one township reclassified as a commune in the source data). The total agrees.
    assert communes.filter(kind=UnitKind.COMMUNE).count() == 453
    assert communes.filter(kind=UnitKind.WARD).count() == 63
    assert communes.filter(kind=UnitKind.TOWNSHIP).count() == 31
    assert not tree.filter(level=AdminLevel.DISTRICT).exclude(parent=province).exists()


def test_bim_son_town_maps_to_the_wards_bim_son_and_quang_trung():
    bim_son = Unit.objects.get(code="381")
    assert bim_son.name == "Thị xã Bỉm Sơn" and bim_son.valid_to == BEFORE
    assert {(u.code, u.name) for u in successors(bim_son)} == {
        ("14812", "Phường Bỉm Sơn"),
        ("14818", "Phường Quang Trung"),
    }
    assert set(UnitLineage.objects.filter(old=bim_son).values_list("kind", flat=True)) == {LineageKind.SPLIT}
    # Its old wards went whole into one of the two new wards each.
    for old_code, new_code in [("14809", "14818"), ("14812", "14812"), ("14824", "14818")]:
        old = Unit.objects.get(code=old_code, valid_from=None)
        assert list(successors(old).values_list("code", flat=True)) == [new_code]


def test_predecessors_of_the_new_ward_bim_son():
    ward = Unit.objects.get(code="14812", valid_from=AFTER)
    communes = predecessors(ward).filter(level=AdminLevel.COMMUNE)
    assert {(u.code, u.name) for u in communes} == {
        ("14812", "Phường Ba Đình"),
        ("14815", "Phường Lam Sơn"),
        ("14821", "Phường Đông Sơn"),
        ("15277", "Xã Hà Vinh"),
    }
    # Districts link to the new communes too, so predecessors() mixes levels: filter by level as above.
    districts = predecessors(ward).filter(level=AdminLevel.DISTRICT)
    assert set(districts.values_list("code", flat=True)) == {"381", "392"}
    assert set(
        UnitLineage.objects.filter(new=ward, old__level=AdminLevel.COMMUNE).values_list("kind", flat=True)
    ) == {LineageKind.MERGE}


def test_old_and_new_communes_share_a_code_on_different_start_dates():
    rows = Unit.objects.filter(code="14812").order_by(F("valid_from").asc(nulls_first=True))
    assert [(u.name, u.valid_from, u.valid_to) for u in rows] == [
        ("Phường Ba Đình", None, BEFORE),
        ("Phường Bỉm Sơn", AFTER, None),
    ]


def test_lineage_kinds_match_the_brief_21_communes_kept_as_they_were(province):
    kinds = UnitLineage.objects.filter(old__level=AdminLevel.COMMUNE, new__path__startswith=province.path)
    assert kinds.filter(kind=LineageKind.UNCHANGED).count() == 21
    # A commune divided between two new communes: each edge is a split.
    ha_trung_town = Unit.objects.get(name="Thị trấn Hà Trung", valid_to=BEFORE)
    links = UnitLineage.objects.filter(old=ha_trung_town)
    assert {link.new.name for link in links} == {"Xã Hà Trung", "Xã Hoạt Giang"}
    assert {link.kind for link in links} == {LineageKind.SPLIT}
    assert {link.effective_date for link in links} == {AFTER}


def test_every_old_unit_has_a_successor_and_every_new_commune_a_predecessor(province):
    old = Unit.objects.filter(path__startswith=province.path, valid_to=BEFORE).exclude(
        kind=UnitKind.DEPARTMENT
    )
    assert not old.filter(successor_links__isnull=True).exists()
    new = Unit.objects.filter(path__startswith=province.path, valid_from=AFTER)
    assert not new.filter(predecessor_links__isnull=True).exists()


def test_paths_are_parent_path_plus_own_zero_padded_id(province):
    for unit in province.subtree().select_related("parent"):
        expected, depth = unit.compute_path()
        assert (unit.path, unit.depth) == (expected, depth)
    # province (0) > district (1) > pre-2025 commune (2); 2025 communes and departments sit at depth 1.
    assert province.subtree().filter(depth=2).exists()
    assert not province.subtree().filter(depth__gt=2).exists()


def test_departments_before_and_after_the_march_2025_merger(province):
    depts = Unit.objects.filter(parent=province, kind=UnitKind.DEPARTMENT)
    assert depts.as_of(AFTER).count() == 15
    assert depts.as_of(dt.date(2025, 2, 28)).count() == 20  # 13 unchanged + 7 that ended
    assert set(depts.as_of(dt.date(2025, 3, 1)).values_list("code", flat=True)) >= {"38.SNNMT", "38.SDTTG"}
    planning = Unit.objects.get(code="38.SKHDT")
    assert planning.valid_to == dt.date(2025, 2, 28)
    assert list(successors(planning).values_list("code", flat=True)) == ["38.STC"]
    labour = Unit.objects.get(code="38.SLDTBXH")
    assert set(successors(labour).values_list("code", flat=True)) == {"38.SNV", "38.SYT", "38.SGDDT"}
    agri_env = Unit.objects.get(code="38.SNNMT")
    assert set(predecessors(agri_env).values_list("code", flat=True)) == {"38.STNMT", "38.SNNPTNT"}
    assert Unit.objects.get(code="38.SNV").valid_from is None


def test_second_load_changes_nothing(thanh_hoa):
    assert thanh_hoa.units_created == 766 and thanh_hoa.lineage_created == 740
    before = fingerprint()
    again = do_load_province("38")
    assert (again.units_created, again.units_updated, again.lineage_created, again.lineage_updated) == (
        0,
        0,
        0,
        0,
    )
    assert again.units_unchanged == 766 and again.lineage_unchanged == 740
    assert fingerprint() == before


def test_one_summarising_audit_event_per_load(province):
    events = AuditEvent.objects.filter(action="orgunits.load_province")
    assert events.count() == 1
    event = events.get()
    assert event.actor is None and event.unit_id == province.pk
    assert event.after["units_created"] == 766 and event.after["lineage_created"] == 740
    assert AuditEvent.objects.count() == 1  # no per-row events


def test_the_command_reports_counts_and_changes_nothing():
    out = StringIO()
    call_command("load_units", province="38", stdout=out)
    text = out.getvalue()
    assert "tạo mới 0, cập nhật 0, giữ nguyên 766" in text
    assert "tạo mới 0, cập nhật 0, giữ nguyên 740" in text


def test_subtree_and_ancestors_take_one_query_each(province, django_assert_num_queries):
    ward = Unit.objects.get(code="14824", valid_from=None)  # Xã Quang Trung, Bỉm Sơn town
    district = ward.parent
    with django_assert_num_queries(1):
        assert len(list(province.subtree())) == 766
    with django_assert_num_queries(1):
        assert [u.code for u in ward.ancestors()] == ["38", "381"]
    with django_assert_num_queries(1):
        assert len(list(Unit.objects.subtree_of([district, province]))) == 766
    with django_assert_num_queries(1):
        assert len(list(district.subtree(include_self=False))) == 7


def test_as_of_excludes_closed_units(province):
    assert (
        not Unit.objects.as_of(AFTER)
        .filter(level=AdminLevel.DISTRICT, path__startswith=province.path)
        .exists()
    )
    assert not Unit.objects.as_of(AFTER).filter(code="14812", valid_from=None).exists()
    assert not Unit.objects.as_of(BEFORE).filter(valid_from=AFTER).exists()
    # A 2025 commune closed later (a hypothetical 2026 merger) drops out from the day after its last day.
    admin = User.objects.create_superuser("root", password="x")
    quang_trung = Unit.objects.get(code="14818", valid_from=AFTER)
    bim_son = Unit.objects.get(code="14812", valid_from=AFTER)
    do_close_unit(quang_trung, dt.date(2026, 6, 30), [bim_son], LineageKind.MERGE, actor=admin, reason="Thử")
    assert Unit.objects.as_of(dt.date(2026, 6, 30)).filter(pk=quang_trung.pk).exists()
    assert not Unit.objects.as_of(dt.date(2026, 7, 1)).filter(pk=quang_trung.pk).exists()
    # Reloading the package data does not reopen a unit that a person closed.
    do_load_province("38")
    quang_trung.refresh_from_db()
    assert quang_trung.valid_to == dt.date(2026, 6, 30)


def test_the_bodies_the_plans_name_are_units_of_the_province(province):
    """Seed 001 names the service centre, the radio-television station and the newspaper as performers."""
    centre = Unit.objects.get(code="38.TTPVHCC")
    assert centre.name == "Trung tâm Phục vụ hành chính công tỉnh" and centre.kind == UnitKind.PUBLIC_SERVICE
    assert centre.parent.code == "38.VPUBND" and centre.is_valid_on(AFTER) and centre.is_valid_on(BEFORE)
    media = Unit.objects.get(code="38.BPTTH")
    assert media.name == "Báo và Phát thanh, Truyền hình Thanh Hóa" and media.valid_from == AFTER
    assert set(predecessors(media).values_list("name", flat=True)) == {
        "Đài Phát thanh và Truyền hình Thanh Hóa",
        "Báo Thanh Hóa",
    }
    assert {u.parent_id for u in predecessors(media)} == {province.pk}
    assert not Unit.objects.filter(code__startswith="38.").filter(to_confirm=False).exists()
