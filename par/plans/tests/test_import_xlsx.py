"""The XLSX template: download it, fill it, read it back; mistakes are reported per cell."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from par.orgunits.groups import UnitGroup
from par.plans.actions import do_import_plan
from par.plans.importing.service import read_plan_file
from par.plans.importing.xlsx import HEADER_SHEET, LISTS_SHEET, TASKS_SHEET, build_template, read_xlsx
from par.plans.models import UnitRole
from par.plans.tests.fixtures.units import province_departments

HEADER = {
    "year": 2021,
    "unit_code": "38",
    "title": "Kế hoạch cải cách hành chính năm 2021",
    "decision_number": "5476/QĐ-UBND",
    "decision_date": "24/12/2020",
    "signer": "Đỗ Minh Tuấn",
    "signer_title": "Chủ tịch",
}
ROWS = [
    ["01 - Cải cách thể chế", 1, "Triển khai Luật sửa đổi Luật ban hành văn bản quy phạm pháp luật.",
     "Quyết định của cơ quan có thẩm quyền", "Sở Tư pháp", "Các sở, ban, ngành cấp tỉnh; UBND cấp xã",
     "Quý III/2021", ""],
    ["03", 5, "Khảo sát mức độ hài lòng của người dân, tổ chức.", "- Kế hoạch khảo sát\n- Báo cáo kết quả khảo sát",
     "Sở Nội vụ", "VP UBND tỉnh", "- Kế hoạch khảo sát: quý I/2021.\n- Báo cáo kết quả khảo sát: tháng 11/2021.",
     "Kinh phí tỉnh"],
    ["direction", "2", "Đánh giá, chấm điểm chỉ số cải cách hành chính.", "Báo cáo tổng hợp chỉ số CCHC toàn tỉnh",
     "Sở Nội vụ", "Sở TT&TT, Sở KH&CN, Mặt trận Tổ quốc tỉnh", "Trước 31/12/2021", ""],
]  # fmt: skip


@pytest.fixture
def departments(units):
    return province_departments(units)


def _workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_template_has_instructions_header_and_tasks_sheets_with_an_area_list():
    workbook = _workbook(build_template())
    assert workbook.sheetnames == ["Hướng dẫn", HEADER_SHEET, TASKS_SHEET, LISTS_SHEET]
    tasks = workbook[TASKS_SHEET]
    assert [c.value for c in tasks[1]] == [
        "Lĩnh vực", "TT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Ghi chú",
    ]  # fmt: skip
    validation = tasks.data_validations.dataValidation[0]
    assert validation.type == "list" and "A2:A500" in str(validation.sqref)
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    assert workbook[LISTS_SHEET]["A2"].value == "01 - Cải cách thể chế"


def test_a_filled_template_round_trips_into_a_plan(units, departments):
    content = build_template(HEADER, ROWS)
    preview = read_plan_file(io.BytesIO(content), province_unit=units.province)
    assert preview.errors == []
    assert preview.header.decision_date == dt.date(2020, 12, 24)
    assert preview.header.unit_code == "38"
    assert [e.name for e in preview.unmatched] == ["Mặt trận Tổ quốc tỉnh"]

    plan = do_import_plan(
        preview, mapping={"Mặt trận Tổ quốc tỉnh": None}, unit=units.province, year=2021, actor=None
    )
    assert plan.decision_number == "5476/QĐ-UBND"
    survey = plan.tasks.get(area__code="organisation", number="5")
    assert [m.due_date for m in survey.milestones.all()] == [dt.date(2021, 3, 31), dt.date(2021, 11, 30)]
    assert list(survey.products.values_list("name", flat=True)) == [
        "Kế hoạch khảo sát",
        "Báo cáo kết quả khảo sát",
    ]
    assert set(survey.assignments.values_list("unit__code", "role")) == {
        ("38.SNV", UnitRole.LEAD),
        ("38.VPUBND", UnitRole.COORDINATING),
    }
    assert survey.note == "Kinh phí tỉnh"
    law = plan.tasks.get(area__code="institutions", number="1")
    assert set(law.unit_groups.values_list("group", "role")) == {
        (UnitGroup.DEPARTMENTS, UnitRole.COORDINATING),
        (UnitGroup.COMMUNES, UnitRole.COORDINATING),
    }
    assert "Cơ quan phối hợp: Các sở, ban, ngành cấp tỉnh; UBND cấp xã" in law.units_text
    index = plan.tasks.get(area__code="direction", number="2")
    assert set(index.assignments.filter(role=UnitRole.COORDINATING).values_list("unit__code", flat=True)) == {
        "38.STTTT",
        "38.SKHCN",
    }


def test_mistakes_are_reported_per_sheet_row_and_column():
    header = HEADER | {"year": "năm nay", "decision_date": "2020-12-24"}
    rows = [ROWS[0], ["09", 2, "Nhiệm vụ lạ", "", "", "", "", ""], ["02", 3, "", "Sản phẩm", "", "", "", ""]]
    parsed = read_xlsx(io.BytesIO(build_template(header, rows)))
    assert [(i.sheet, i.row, i.column) for i in parsed.errors] == [
        (HEADER_SHEET, 2, "B"),  # the year
        (HEADER_SHEET, 6, "B"),  # the date
        (TASKS_SHEET, 3, "A"),  # the unknown area
        (TASKS_SHEET, 4, "C"),  # the missing task text
    ]
    assert all(i.where and i.message for i in parsed.errors)
    assert [r.number for r in parsed.rows] == ["1"]


def test_a_file_that_is_neither_docx_nor_xlsx_is_refused_without_writing(units):
    preview = read_plan_file(io.BytesIO(b"%PDF-1.7 not a plan"), province_unit=units.province)
    assert len(preview.errors) == 1 and preview.rows == []
