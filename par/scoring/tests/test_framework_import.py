"""Importing the criteria of a framework from YAML or XLSX through its page: a bad file is refused whole, each
problem named in Vietnamese with the criterion (and the row of a workbook) at fault, and nothing is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from par.audit.models import AuditEvent
from par.scoring.exchange import load_shipped, to_xlsx

pytestmark = pytest.mark.django_db

GOOD = """\
code: "X"
name: "Bộ chỉ số thử"
assessed_kind: department
max_total: 100
criteria:
  - code: "1"
    title: "Công tác chỉ đạo, điều hành"
    max_points: 40
    children:
      - code: "1.1"
        title: "Ban hành kế hoạch CCHC năm kịp thời, đầy đủ nội dung"
        max_points: 40
        method: self
  - code: "2"
    title: "Tỷ lệ hồ sơ giải quyết đúng hạn"
    max_points: 60
    method: auto
    metric_code: dossiers.resolved_on_time_pct
    rule: thresholds
    thresholds: [[100, 60], [0, 0]]
"""


@pytest.fixture
def target(units, people):
    return load_shipped("department", owner=units.province, year=2026, actor=people.par_officer)


def _state(framework):
    framework.refresh_from_db()
    rows = list(framework.criteria.order_by("order").values_list("code", "title", "max_points", "method"))
    return rows, framework.version, AuditEvent.objects.filter(action="scoring.replace_tree").count()


def _import(client, framework, name: str, content: bytes) -> str:
    upload = SimpleUploadedFile(name, content)
    response = client.post(f"/par-index/frameworks/{framework.pk}/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _yaml_with(old: str, new: str) -> bytes:
    assert old in GOOD
    return GOOD.replace(old, new).encode()


def test_a_good_yaml_file_replaces_the_criteria_and_keeps_titles_with_commas_whole(
    client_for, people, target
):
    page = _import(client_for(people.par_officer), target, "x.yaml", GOOD.encode())
    assert "Đã nhập bộ tiêu chí." in page
    assert target.criteria.get(code="1.1").title == "Ban hành kế hoạch CCHC năm kịp thời, đầy đủ nội dung"
    assert target.criteria.count() == 3


LEAF = """\
      - code: "1.1"
        title: "Ban hành kế hoạch CCHC năm kịp thời, đầy đủ nội dung"
        max_points: 40
        method: self
"""
CUT_TITLE = """\
      - {code: "1.1", title: Ban hành kế hoạch CCHC năm kịp thời, đầy đủ nội dung, max_points: 40, method: self}
"""
TWICE = '        title: "Tên khác"'
TWICE_FILE = GOOD.replace("        method: self", f"        method: self\n{TWICE}")

BAD_YAML = {
    "a title cut at a comma": (
        _yaml_with(LEAF, CUT_TITLE),
        [
            "Tiêu chí 1.1: “đầy đủ nội dung” bị đọc thành một khóa không có giá trị; "
            "nội dung có dấu phẩy phải đặt trong ngoặc kép."
        ],
    ),
    "an unknown key": (
        _yaml_with(
            "        max_points: 40\n        method: self",
            "        diem_toi_da: 40\n        max_points: 40\n        method: self",
        ),
        ["Tiêu chí 1.1: khóa “diem_toi_da” không hợp lệ"],
    ),
    "an empty title": (
        _yaml_with('title: "Tỷ lệ hồ sơ giải quyết đúng hạn"', 'title: ""'),
        ["Tiêu chí 2 chưa có tên."],
    ),
    "a code used twice": (
        _yaml_with('  - code: "2"', '  - code: "1"'),
        ["Mã 1 xuất hiện hai lần."],
    ),
    "a missing maximum": (
        _yaml_with("        max_points: 40\n        method: self", "        method: self"),
        ["Tiêu chí 1.1: thiếu điểm tối đa."],
    ),
    "points with more than two decimals": (
        _yaml_with(
            "        max_points: 40\n        method: self", "        max_points: 39.995\n        method: self"
        ),
        ["Tiêu chí 1.1: điểm chỉ có tối đa hai chữ số thập phân và nhỏ hơn 10.000 (“39.995”)."],
    ),
    "sub-criteria that do not add up to their parent": (
        _yaml_with(
            "        max_points: 40\n        method: self", "        max_points: 30\n        method: self"
        ),
        ["Tiêu chí 1: tổng điểm các tiêu chí thành phần là 30, không phải 40."],
    ),
    "areas that do not add up to the framework's maximum": (
        _yaml_with("    max_points: 60", "    max_points: 50"),
        ["Tổng điểm các lĩnh vực là 90, không phải 100."],
    ),
    "thresholds that are not pairs": (
        _yaml_with("[[100, 60], [0, 0]]", "[[100], [0, 0]]"),
        ["Tiêu chí 2: viết các ngưỡng dạng [[giá trị, điểm], …]."],
    ),
    "a key written twice": (
        TWICE_FILE.encode(),
        [f"Dòng {TWICE_FILE.splitlines().index(TWICE) + 1}: khóa “title” được viết hai lần."],
    ),
    "an unquoted code that YAML reads as a number": (
        _yaml_with('      - code: "1.1"', "      - code: 1.10"),
        ["Tiêu chí 1.1: viết mã trong ngoặc kép"],
    ),
    "a scoring method on a criterion that has sub-criteria": (
        _yaml_with(
            "    max_points: 40\n    children:", "    max_points: 40\n    method: self\n    children:"
        ),
        ["Tiêu chí 1 có tiêu chí thành phần và được chấm qua các tiêu chí đó; chuyển method xuống"],
    ),
    "a sub-criterion whose code is not under its parent": (
        _yaml_with('      - code: "1.1"', '      - code: "2.1"'),
        ["Tiêu chí 2.1 nằm trong 1: mã phải là 1, dấu chấm và số thứ tự của tiêu chí."],
    ),
    "several faults at once": (
        _yaml_with('title: "Tỷ lệ hồ sơ giải quyết đúng hạn"', 'title: ""\n    ghi_chu: "x"').replace(
            b"        max_points: 40\n        method: self", b"        method: self"
        ),
        [
            "Tiêu chí 2 chưa có tên.",
            "Tiêu chí 2: khóa “ghi_chu” không hợp lệ",
            "Tiêu chí 1.1: thiếu điểm tối đa.",
        ],
    ),
}


@pytest.mark.parametrize("fault", BAD_YAML, ids=list(BAD_YAML))
def test_a_yaml_file_with_a_fault_is_refused_naming_the_criterion_and_nothing_is_written(
    fault, client_for, people, target
):
    content, messages = BAD_YAML[fault]
    before = _state(target)
    page = _import(client_for(people.par_officer), target, "x.yaml", content)
    for message in messages:
        assert message in page
    assert "Đã nhập bộ tiêu chí." not in page
    assert _state(target) == before


def _workbook(framework, change) -> bytes:
    """The framework's own export, changed by `change(sheet, header_row, row_of_code)`."""
    book = load_workbook(io.BytesIO(to_xlsx(framework)))
    sheet = book.worksheets[0]
    header = next(row for row in range(1, 20) if sheet.cell(row, 1).value == "Mã")
    rows = {sheet.cell(row, 1).value: row for row in range(header + 1, sheet.max_row + 1)}
    change(sheet, header, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _unknown_column(sheet, header, rows):
    sheet.cell(header, 11, "Ghi chú")
    sheet.cell(rows["2.1"], 11, "xem lại")


def _renamed_column(sheet, header, rows):
    sheet.cell(header, 3, "Điểm")


def _empty_title(sheet, header, rows):
    sheet.cell(rows["2.1"], 2).value = None


def _code_twice(sheet, header, rows):
    sheet.cell(rows["2.3"], 1, "2.2")


def _points_off(sheet, header, rows):
    sheet.cell(rows["2.1"], 3, sheet.cell(rows["2.1"], 3).value + 1)


BAD_XLSX = {
    "an unknown column": (
        _unknown_column,
        lambda rows, area: [
            "Cột K “Ghi chú” không phải là cột của bảng tiêu chí",
            f"Dòng {rows['2.1']}: cột K có dữ liệu nhưng không phải là cột của bảng tiêu chí.",
        ],
    ),
    "a renamed column": (
        _renamed_column,
        lambda rows, area: ["Cột C có tiêu đề “Điểm”; bảng tiêu chí cần “Điểm tối đa” ở cột này."],
    ),
    "an empty title": (_empty_title, lambda rows, area: [f"Dòng {rows['2.1']} (tiêu chí 2.1) chưa có tên."]),
    "a code used twice": (
        _code_twice,
        lambda rows, area: [f"Dòng {rows['2.3']}: mã 2.2 đã dùng ở dòng {rows['2.2']}."],
    ),
    "sub-criteria that do not add up to their parent": (
        _points_off,
        lambda rows, area: [
            f"Tiêu chí 2: tổng điểm các tiêu chí thành phần là {area + 1}, không phải {area}."
        ],
    ),
}


@pytest.mark.parametrize("fault", BAD_XLSX, ids=list(BAD_XLSX))
def test_a_workbook_with_a_fault_is_refused_naming_the_row_and_nothing_is_written(
    fault, client_for, people, target
):
    change, messages = BAD_XLSX[fault]
    rows = {}
    content = _workbook(
        target, lambda sheet, header, found: (rows.update(found), change(sheet, header, found))
    )
    before = _state(target)
    page = _import(client_for(people.par_officer), target, "x.xlsx", content)
    area = int(target.criteria.get(code="2").max_points)
    for message in messages(rows, area):
        assert message in page
    assert "Đã nhập bộ tiêu chí." not in page
    assert _state(target) == before


def test_the_framework_own_workbook_is_accepted_back(client_for, people, target):
    page = _import(client_for(people.par_officer), target, "x.xlsx", to_xlsx(target))
    assert "Đã nhập bộ tiêu chí." in page


def test_the_command_refuses_a_file_with_a_cut_title_and_creates_nothing(units, tmp_path):
    from django.core.management import CommandError, call_command

    from par.scoring.models import IndexFramework

    path = tmp_path / "xa.yaml"
    path.write_bytes(_yaml_with(LEAF, CUT_TITLE))
    with pytest.raises(CommandError, match="“đầy đủ nội dung” bị đọc thành một khóa không có giá trị"):
        call_command("load_index_framework", str(path), unit="38", year=2026, stdout=io.StringIO())
    assert not IndexFramework.objects.exists()
