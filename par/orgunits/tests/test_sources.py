"""The plan built from the package data, for all 34 provinces, and the department file format (no database)."""

import datetime as dt

import pytest

from par.orgunits import sources
from par.orgunits.models import AdminLevel, LineageKind, UnitKind

AFTER = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def plans():
    return {code: sources.build_province_plan(code) for code in sources.current_provinces()}


def test_34_provinces_3321_communes_and_every_old_unit_has_a_successor(plans):
    assert len(plans) == 34
    totals = {"new": 0, "districts": 0, "old_communes": 0, "old_provinces": 0}
    for code, plan in plans.items():
        keys = [u.key for u in plan.units]
        assert len(keys) == len(set(keys)), code
        codes_by_start = {}
        for unit in plan.units:
            codes_by_start.setdefault(unit.valid_from, set()).add(unit.code)
        new = [u for u in plan.units if u.valid_from == AFTER and u.level == AdminLevel.COMMUNE]
        old = [u for u in plan.units if u.valid_to == sources.LEGACY_END]
        totals["new"] += len(new)
        totals["districts"] += sum(u.kind == UnitKind.DISTRICT for u in old)
        totals["old_communes"] += sum(u.level == AdminLevel.COMMUNE for u in old)
        totals["old_provinces"] += sum(u.kind == UnitKind.PROVINCE for u in old)
        with_successor = {link.old for link in plan.lineage}
        assert {u.key for u in old} <= with_successor, code
        assert {u.key for u in new} <= {link.new for link in plan.lineage}, code
        # Parents always come before their children (the loader creates them generation by generation).
        seen = set()
        for unit in plan.units:
            assert unit.parent is None or unit.parent in seen
            seen.add(unit.key)
    # 63 old provinces less the 11 that kept their borders (one undated row each) = 52 rows that end.
    assert totals == {"new": 3321, "districts": 696, "old_communes": 10035, "old_provinces": 52}


def test_island_districts_without_communes_become_special_zones(plans):
    con_dao = [link for link in plans["79"].lineage if link.old == ("755", None)]
    assert len(con_dao) == 1 and con_dao[0].kind == LineageKind.RENAME
    zone = next(u for u in plans["79"].units if u.key == con_dao[0].new)
    assert zone.kind == UnitKind.SPECIAL_ZONE and zone.name == "Đặc khu Côn Đảo"


def test_link_kinds_follow_the_shape_of_the_mapping():
    names = {("a", None): "Xã A", ("b", None): "Xã B", ("c", None): "Xã C", ("d", None): "Phường D"}
    names |= {("A", AFTER): "Xã A", ("X", AFTER): "Xã X", ("Y", AFTER): "Xã Y", ("D", AFTER): "Xã D"}
    edges = {
        (("a", None), ("A", AFTER)),  # kept as it was
        (("b", None), ("X", AFTER)),  # b and c merged into X
        (("c", None), ("X", AFTER)),
        (("c", None), ("Y", AFTER)),  # … and part of c went to Y: c was split
        (("d", None), ("D", AFTER)),  # ward became a commune: a rename
    }
    kinds = sources.classify_links(edges, names)
    assert kinds[(("a", None), ("A", AFTER))] == LineageKind.UNCHANGED
    assert kinds[(("b", None), ("X", AFTER))] == LineageKind.MERGE
    assert kinds[(("c", None), ("X", AFTER))] == LineageKind.SPLIT
    assert kinds[(("c", None), ("Y", AFTER))] == LineageKind.SPLIT
    assert kinds[(("d", None), ("D", AFTER))] == LineageKind.RENAME


def test_vietnam_provinces_crosscheck_reports_the_six_thanh_hoa_code_differences():
    lines = sources.crosscheck_vietnam_provinces("38")
    assert len(lines) == 6
    assert "Xã Nguyệt Ấn: mã 15106 (vietnam-provinces: 15115)" in lines


def write(tmp_path, text):
    (tmp_path / "38.csv").write_text(text, encoding="utf-8")
    return tmp_path


HEADER = "# comment\ncode,name,short_name,valid_from,valid_to,successors,lineage_kind\n"


def test_department_file_rows_and_lineage(tmp_path):
    directory = write(
        tmp_path,
        HEADER + "A,Sở A,A,,,,\nB,Sở B,B,,2025-02-28,A,\n# trailing comment\nC,Sở C,C,2025-03-01,,,\n",
    )
    path, units, lineage = sources.read_departments("38", ("38", None), directory)
    assert path.name == "38.csv"
    assert [u.code for u in units] == ["38.A", "38.B", "38.C"]
    assert units[2].valid_from == dt.date(2025, 3, 1)
    assert lineage == [
        sources.LineageSpec(("38.B", None), ("38.A", None), LineageKind.MERGE, dt.date(2025, 3, 1))
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("a,Sở A,A,,,,\n", "upper-case"),
        ("A,Sở A,A,2025-13-01,,,\n", "not a date"),
        ("A,Sở A,A,,,B,\n", "no valid_to"),
        ("A,Sở A,A,,2025-02-28,Z,\n", "not found"),
        ("A,Sở A,A,,2025-02-28,A,bogus\n", "unknown lineage_kind"),
    ],
)
def test_department_file_errors_name_the_row(tmp_path, rows, message):
    directory = write(tmp_path, HEADER + rows)
    with pytest.raises(sources.SourceError, match=message):
        sources.read_departments("38", ("38", None), directory)


def test_no_department_file_means_no_departments(tmp_path):
    assert sources.read_departments("38", ("38", None), tmp_path) is None
