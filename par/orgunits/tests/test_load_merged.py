"""A province formed by merger: the new Ninh Bình (Hà Nam + Nam Định + Ninh Bình) and Hưng Yên."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from par.orgunits.models import AdminLevel, LineageKind, Unit, UnitKind, UnitLineage, predecessors, successors
from par.orgunits.tests.helpers import loaded

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)


@pytest.fixture(scope="module", autouse=True)
def ninh_binh(django_db_setup, django_db_blocker):
    with loaded(django_db_blocker, "37") as results:
        yield results["37"]


@pytest.fixture
def province():
    return Unit.objects.get(code="37", valid_from=AFTER)


def test_the_new_province_starts_on_1_july_2025_and_the_old_ones_end_the_day_before(province, ninh_binh):
    assert province.name == "Tỉnh Ninh Bình" and province.parent is None and province.valid_to is None
    assert ninh_binh.legacy_provinces == ["35", "36", "37"]
    old = Unit.objects.filter(kind=UnitKind.PROVINCE, valid_to=BEFORE).order_by("code")
    assert [(u.code, u.name) for u in old] == [
        ("35", "Tỉnh Hà Nam"),
        ("36", "Tỉnh Nam Định"),
        ("37", "Tỉnh Ninh Bình"),
    ]
    assert {u.parent_id for u in old} == {province.pk}
    assert set(predecessors(province).values_list("code", flat=True)) == {"35", "36", "37"}
    assert set(UnitLineage.objects.filter(new=province).values_list("kind", flat=True)) == {LineageKind.MERGE}
    for unit in old:
        assert list(successors(unit)) == [province]


def test_counts_on_both_sides_of_the_reform(province):
    tree = province.subtree()
    assert tree.as_of(AFTER).communes().count() == 129
    assert tree.as_of(AFTER).filter(level=AdminLevel.DISTRICT).count() == 0
    assert tree.as_of(BEFORE).filter(kind=UnitKind.PROVINCE).count() == 3
    assert tree.as_of(BEFORE).filter(level=AdminLevel.DISTRICT).count() == 6 + 9 + 7
    assert tree.as_of(BEFORE).communes().count() == 98 + 175 + 125
    # Each old district hangs under its own old province.
    phu_ly = Unit.objects.get(code="347")
    assert phu_ly.parent.code == "35" and phu_ly.depth == 2


def test_old_districts_and_communes_lead_to_2025_communes_of_the_new_province(province):
    for district in Unit.objects.filter(level=AdminLevel.DISTRICT, path__startswith=province.path):
        found = successors(district)
        assert found.exists()
        assert not found.exclude(parent=province).exists()
    commune_links = UnitLineage.objects.filter(
        old__level=AdminLevel.COMMUNE, new__path__startswith=province.path
    )
    assert commune_links.values("old").distinct().count() == 98 + 175 + 125


def test_the_command_loads_another_merged_province_with_lineage():
    out = StringIO()
    call_command("load_units", province="33", stdout=out)
    assert "Hợp nhất từ các tỉnh cũ: 33, 34" in out.getvalue()
    hung_yen = Unit.objects.get(code="33", valid_from=AFTER)
    assert hung_yen.subtree().as_of(AFTER).communes().count() == 104
    thai_binh = Unit.objects.get(code="34", valid_from=None)
    assert list(successors(thai_binh)) == [hung_yen]
    assert hung_yen.subtree().as_of(BEFORE).filter(level=AdminLevel.DISTRICT).count() == 10 + 8
    # No file of its own: the national model list, every agency starting with the new province.
    departments = Unit.objects.filter(kind=UnitKind.DEPARTMENT, parent=hung_yen)
    assert departments.count() == 14
    assert set(departments.values_list("valid_from", flat=True)) == {AFTER}
    assert not departments.filter(valid_to__isnull=False).exists()


def test_an_unknown_province_code_lists_the_valid_ones():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as excinfo:
        call_command("load_units", province="35")  # Hà Nam: a pre-2025 code, merged into Ninh Bình
    message = str(excinfo.value)
    assert "Không có tỉnh/thành phố mã 35" in message
    assert "38 (Tỉnh Thanh Hóa)" in message and "37 (Tỉnh Ninh Bình)" in message
