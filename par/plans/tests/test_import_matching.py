"""Reading the performing-units cell and matching names to units, however officials write them."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from par.core.testing import make_unit
from par.orgunits.groups import UnitGroup
from par.orgunits.models import AdminLevel, UnitKind
from par.plans.importing.matching import UnitMatcher, parse_performers
from par.plans.importing.rows import area_from_heading, area_from_value, split_products
from par.plans.models import AreaCode
from par.plans.tests.fixtures.units import bim_son_offices, province_departments

DAY_2020 = dt.date(2020, 12, 24)


@pytest.fixture
def matcher(units):
    province_departments(units)
    for code, name in [("SKHDT", "Sở Kế hoạch và Đầu tư"), ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
                       ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"), ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
                       ("STNMT", "Sở Tài nguyên và Môi trường"), ("SGDDT", "Sở Giáo dục và Đào tạo"),
                       ("SGTVT", "Sở Giao thông vận tải")]:  # fmt: skip
        make_unit(f"38.{code}", name, UnitKind.DEPARTMENT, units.province, valid_to=dt.date(2025, 2, 28))
    return UnitMatcher(units.province, DAY_2020)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sở Tư pháp", "Sở Tư pháp"),
        ("SỞ TƯ PHÁP", "Sở Tư pháp"),
        ("so tu phap", "Sở Tư pháp"),
        ("Sở  Tư   pháp.", "Sở Tư pháp"),
        ("Sở Tư pháp tỉnh Thanh Hoá", "Sở Tư pháp"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở TTTT", "Sở Thông tin và Truyền thông"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở LĐTBXH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở GTVT", "Sở Giao thông vận tải"),
        ("Trung tâm Phục vụ Hành chính công tỉnh", "Trung tâm Phục vụ hành chính công tỉnh"),
        ("UBND tỉnh", "Tỉnh Thanh Hóa"),
        ("Ủy ban nhân dân tỉnh Thanh Hóa", "Tỉnh Thanh Hóa"),
        ("UBND thị xã Bỉm Sơn", "Thị xã Bỉm Sơn"),
        ("UBND phường Ba Đình", "Phường Ba Đình"),
    ],
)
def test_names_match_whatever_the_spelling(matcher, written, expected):
    assert matcher.match(written).name == expected


def test_decomposed_unicode_matches_like_composed(matcher):
    assert matcher.match(unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ")).code == "38.SKHCN"


def test_units_not_in_force_on_the_plan_date_do_not_match(units):
    make_unit(
        "38.SNNMT",
        "Sở Nông nghiệp và Môi trường",
        UnitKind.DEPARTMENT,
        units.province,
        valid_from=dt.date(2025, 3, 1),
    )
    assert UnitMatcher(units.province, DAY_2020).match("Sở Nông nghiệp và Môi trường") is None
    assert UnitMatcher(units.province, dt.date(2025, 8, 1)).match("Sở NN&MT").code == "38.SNNMT"
    # Districts ended on 30/06/2025.
    assert UnitMatcher(units.province, dt.date(2025, 8, 1)).match("UBND thị xã Bỉm Sơn") is None


def test_a_name_shared_by_two_districts_offices_needs_the_issuing_unit(units):
    bim_son_offices(units)
    ha_trung = make_unit(
        "382", "Huyện Hà Trung", UnitKind.DISTRICT, units.province, valid_to=dt.date(2025, 6, 30)
    )
    make_unit("382.PNV", "Phòng Nội vụ", UnitKind.DEPARTMENT, ha_trung, level=AdminLevel.DISTRICT)
    province_wide = UnitMatcher(units.province, DAY_2020)
    assert province_wide.match("Phòng Nội vụ") is None
    assert len(province_wide.suggestions("Phòng Nội vụ")) == 2
    assert (
        UnitMatcher(units.province, DAY_2020, prefer=units.bim_son).match("Phòng Nội vụ thị xã").code
        == "381.PNV"
    )


def test_unknown_names_get_close_units_as_suggestions(matcher):
    assert matcher.match("Sở Tư Phap tinh") is not None
    assert [u.name for u in matcher.suggestions("Sở Tư pháo")] == ["Sở Tư pháp"]
    assert matcher.suggestions("Mặt trận Tổ quốc tỉnh") == []


def test_labels_decide_lead_and_coordinating_and_groups_are_recognised(matcher):
    performers = parse_performers(
        "- Cơ quan thực hiện: Trung tâm Phục vụ Hành chính công tỉnh; các sở, ban, ngành cấp tỉnh; UBND cấp huyện; "
        "UBND cấp xã.\n- Cơ quan hướng dẫn, theo dõi, đôn đốc, kiểm tra: Sở Thông tin và Truyền thông.\n"
        "- Cơ quan tổng hợp, báo cáo: Văn phòng UBND tỉnh.",
        knows=matcher.knows,
    )
    assert performers.lead_names == ["Trung tâm Phục vụ Hành chính công tỉnh"]
    assert performers.lead_groups == [UnitGroup.DEPARTMENTS, UnitGroup.DISTRICTS, UnitGroup.COMMUNES]
    assert performers.coordinating_names == ["Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"]


@pytest.mark.parametrize(
    ("cell", "group"),
    [
        ("các Sở, ban, ngành", UnitGroup.DEPARTMENTS),
        ("Các sở, ban, ngành cấp tỉnh", UnitGroup.DEPARTMENTS),
        ("UBND các huyện, thị xã, thành phố", UnitGroup.DISTRICTS),
        ("UBND cấp huyện", UnitGroup.DISTRICTS),
        ("UBND xã, phường, thị trấn", UnitGroup.COMMUNES),
        ("Ủy ban nhân dân cấp xã", UnitGroup.COMMUNES),
        ("cấp xã", UnitGroup.COMMUNES),
        ("các đơn vị sự nghiệp công lập", UnitGroup.PUBLIC_SERVICE_UNITS),
    ],
)
def test_group_phrases_become_unit_groups(cell, group):
    assert parse_performers(cell).lead_groups == [group]


def test_a_cell_without_labels_leads_and_names_are_not_cut_inside(matcher):
    performers = parse_performers(
        "Sở Văn hóa, Thể thao và Du lịch, Sở Tư pháp và Sở Nội vụ, Đài Phát thanh và Truyền hình Thanh Hóa; "
        "Sở Lao động - Thương binh và Xã hội",
        knows=matcher.knows,
    )
    assert performers.lead_names == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Tư pháp",
        "Sở Nội vụ",
        "Đài Phát thanh và Truyền hình Thanh Hóa",
        "Sở Lao động - Thương binh và Xã hội",
    ]
    assert performers.coordinating_names == []


def test_a_coordinating_column_defaults_to_coordinating():
    performers = parse_performers("Văn phòng UBND tỉnh; UBND cấp xã", default_role="coordinating")
    assert performers.coordinating_names == ["Văn phòng UBND tỉnh"]
    assert performers.coordinating_groups == [UnitGroup.COMMUNES]


def test_products_split_on_bullets_lines_and_semicolons_but_not_inside_ranges():
    assert split_products("- Quyết định của cơ quan có thẩm quyền - Báo cáo kết quả thực hiện.") == [
        "Quyết định của cơ quan có thẩm quyền",
        "Báo cáo kết quả thực hiện",
    ]
    assert split_products("Kế hoạch giai đoạn 2022 - 2025; Báo cáo\nDanh mục") == [
        "Kế hoạch giai đoạn 2022 - 2025",
        "Báo cáo",
        "Danh mục",
    ]
    assert split_products(
        '<ul style="list-style-type: none"> - Kế hoạch khảo sát. - Báo cáo kết quả khảo sát. '
    ) == [
        "Kế hoạch khảo sát",
        "Báo cáo kết quả khảo sát",
    ]


@pytest.mark.parametrize(
    ("heading", "code", "name"),
    [
        ("Phụ lục số 01: Cải cách thể chế.", AreaCode.INSTITUTIONS, "Cải cách thể chế"),
        (
            "PHỤ LỤC SỐ 07",
            AreaCode.DIRECTION,
            "Công tác chỉ đạo, điều hành, tuyên truyền cải cách hành chính",
        ),
        ("II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", AreaCode.PROCEDURES, "Cải cách thủ tục hành chính"),
        ("4. Cải cách chế độ công vụ", AreaCode.CIVIL_SERVICE, "Cải cách chế độ công vụ"),
        (
            "Xây dựng và phát triển Chính quyền điện tử",
            AreaCode.E_GOVERNMENT,
            "Xây dựng và phát triển Chính quyền điện tử",
        ),
    ],
)
def test_area_headings_are_read_by_name_then_by_appendix_number(heading, code, name):
    assert area_from_heading(heading) == (code, name)


def test_prose_is_not_an_area_heading():
    assert (
        area_from_heading(
            "a) Tiếp tục xây dựng, hoàn thiện hệ thống thể chế thuộc thẩm quyền ban hành của UBND tỉnh đầy đủ, đồng bộ trên tất cả các lĩnh vực"
        )
        is None
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [("02", AreaCode.PROCEDURES), (2, AreaCode.PROCEDURES), ("02 - Cải cách thủ tục hành chính", AreaCode.PROCEDURES),
     ("procedures", AreaCode.PROCEDURES), ("Cải cách tài chính công", AreaCode.PUBLIC_FINANCE), ("09", None), ("", None)],
)  # fmt: skip
def test_the_area_column_accepts_numbers_codes_and_names(value, code):
    assert area_from_value(value) == code
