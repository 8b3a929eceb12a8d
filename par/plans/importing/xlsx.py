"""The XLSX template for typing a plan by hand, and reading it back.

The template's sheets, headers and instructions are in Vietnamese and are not translated: they are the file
format the reader recognises (a template downloaded in English must still read back), like the words of the
official DOCX layout. Error messages about a file are UI text and go through gettext.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from par.plans.importing.rows import (
    APPENDIX_NUMBERS,
    AREA_DEFAULT_NAMES,
    Column,
    Issue,
    ParsedFile,
    PlanHeader,
    RawRow,
    area_from_value,
    classify_header,
    clean_cell,
    fold,
    join_note,
    parse_date,
    split_products,
    units_text_of,
)
from par.plans.models import DEFAULT_AREAS

INSTRUCTIONS_SHEET = "Hướng dẫn"
HEADER_SHEET = "Thông tin chung"
TASKS_SHEET = "Nhiệm vụ"
LISTS_SHEET = "Danh mục"

# (label, key, example) of the header sheet; the reader finds rows by their label, not their position.
HEADER_FIELDS = [
    ("Năm kế hoạch", "year", 2021),
    ("Mã đơn vị ban hành", "unit_code", "38"),
    ("Tên kế hoạch", "title", "Kế hoạch cải cách hành chính năm 2021"),
    ("Số quyết định ban hành", "decision_number", "5476/QĐ-UBND"),
    ("Ngày quyết định (dd/mm/yyyy)", "decision_date", "24/12/2020"),
    ("Người ký", "signer", "Đỗ Minh Tuấn"),
    ("Chức vụ người ký", "signer_title", "Chủ tịch"),
]
TASK_HEADERS = [
    ("Lĩnh vực", 18),
    ("TT", 6),
    ("Nhiệm vụ", 60),
    ("Sản phẩm", 40),
    ("Cơ quan chủ trì", 36),
    ("Cơ quan phối hợp", 36),
    ("Thời gian thực hiện", 30),
    ("Ghi chú", 24),
]
TEMPLATE_ROWS = 500

INSTRUCTIONS = [
    "HƯỚNG DẪN NHẬP KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH",
    "",
    "1. Sheet “Thông tin chung”: ghi năm kế hoạch, mã đơn vị ban hành, tên kế hoạch, số và ngày quyết định "
    "(dd/mm/yyyy), người ký và chức vụ.",
    "2. Sheet “Nhiệm vụ”: mỗi dòng là một nhiệm vụ. Cột “Lĩnh vực” chọn trong danh sách (01–07) hoặc ghi mã "
    "lĩnh vực; cột “TT” là số thứ tự trong lĩnh vực.",
    "3. “Sản phẩm”: nhiều sản phẩm thì mỗi sản phẩm một dòng trong ô (Alt+Enter), hoặc bắt đầu bằng “- ”, "
    "hoặc cách nhau bằng dấu “;”.",
    "4. “Cơ quan chủ trì”, “Cơ quan phối hợp”: ghi tên cơ quan, cách nhau bằng dấu “;” hoặc “,”. Có thể ghi "
    "nhóm: “Các sở, ban, ngành cấp tỉnh”, “UBND cấp huyện”, “UBND cấp xã”, “Các đơn vị sự nghiệp công lập”.",
    "   Tên không khớp với đơn vị nào trong hệ thống sẽ được liệt kê để chọn đơn vị tương ứng hoặc bỏ qua "
    "(chỉ giữ trong văn bản).",
    "5. “Thời gian thực hiện”: ghi như trong kế hoạch, ví dụ “Quý III/2021”, “Thường xuyên trong năm”, "
    "“- Kế hoạch khảo sát: quý I/2021. - Báo cáo kết quả: tháng 11/2021”. Hệ thống tự đọc các mốc thời gian.",
    "6. Không đổi tên các sheet và các cột tiêu đề. Tải tệp lên để xem trước; chưa có gì được ghi cho đến khi "
    "xác nhận nhập.",
]

_HEADER_FILL = PatternFill("solid", fgColor="A4161A")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def area_choices() -> list[str]:
    """The values offered in the area column: "01 - Cải cách thể chế" … "07 - …"."""
    return [f"{APPENDIX_NUMBERS[code.value]} - {AREA_DEFAULT_NAMES[code]}" for code in DEFAULT_AREAS]


def build_template(header: dict | None = None, rows: list[list] | None = None) -> bytes:
    """The XLSX template; `header` and `rows` pre-fill it (tests and examples), otherwise it shows examples."""
    workbook = openpyxl.Workbook()
    guide = workbook.active
    guide.title = INSTRUCTIONS_SHEET
    for line in INSTRUCTIONS:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 140

    info = workbook.create_sheet(HEADER_SHEET)
    info.append(["Thông tin", "Giá trị"])
    for label, key, example in HEADER_FIELDS:
        info.append([label, (header or {}).get(key, "" if header is not None else example)])
    _style_header(info, [("Thông tin", 34), ("Giá trị", 60)])

    tasks = workbook.create_sheet(TASKS_SHEET)
    tasks.append([name for name, _width in TASK_HEADERS])
    for row in rows or []:
        tasks.append(row)
    _style_header(tasks, TASK_HEADERS)
    tasks.freeze_panes = "C2"
    for column in range(1, len(TASK_HEADERS) + 1):
        for cell in tasks.iter_rows(min_row=2, max_row=TEMPLATE_ROWS, min_col=column, max_col=column):
            cell[0].alignment = Alignment(wrap_text=True, vertical="top")

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append(["Lĩnh vực"])
    for value in area_choices():
        lists.append([value])
    lists.sheet_state = "hidden"
    validation = DataValidation(
        type="list",
        formula1=f"='{LISTS_SHEET}'!$A$2:$A${len(DEFAULT_AREAS) + 1}",
        allow_blank=True,
        showErrorMessage=False,  # a typed code ("procedures") is accepted too
        promptTitle="Lĩnh vực",
        prompt="Chọn lĩnh vực cải cách (01–07) hoặc ghi mã lĩnh vực.",
        showInputMessage=True,
    )
    validation.add(f"A2:A{TEMPLATE_ROWS}")
    tasks.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style_header(sheet, columns: list[tuple[str, int]]) -> None:
    for index, (_name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width


# --- Reading ------------------------------------------------------------------------------------------------


def _where(sheet: str, row: int, column: int | None = None, label: str = "") -> str:
    if column is None:
        return _("Sheet “%(sheet)s”, row %(row)s") % {"sheet": sheet, "row": row}
    return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s (%(label)s)") % {
        "sheet": sheet,
        "row": row,
        "column": get_column_letter(column),
        "label": label,
    }


def _issue(sheet: str, row: int, column: int, label: str, message: str) -> Issue:
    return Issue(_where(sheet, row, column, label), message, sheet, row, get_column_letter(column))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return clean_cell(str(value))


def _find_sheet(workbook, name: str, *, header_word: str):
    """The sheet called `name` (any case or accents), else the first sheet whose first rows contain `header_word`."""
    for sheet in workbook.worksheets:
        if fold(sheet.title).strip() == fold(name):
            return sheet
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=1, max_row=5, values_only=True):
            if any(header_word in fold(_text(v)) for v in row):
                return sheet
    return None


def read_xlsx(fileobj) -> ParsedFile:
    """Read the template's header and task sheets into rows, with per-cell errors."""
    workbook = openpyxl.load_workbook(fileobj, data_only=True, read_only=False)
    errors: list[Issue] = []
    warnings: list[Issue] = []
    header = _read_header(_find_sheet(workbook, HEADER_SHEET, header_word="so quyet dinh"), errors)
    sheet = _find_sheet(workbook, TASKS_SHEET, header_word="nhiem vu")
    if sheet is None:
        errors.append(Issue("", _("The workbook has no “%(sheet)s” sheet.") % {"sheet": TASKS_SHEET}))
        return ParsedFile("xlsx", header, [], {}, errors, warnings)
    rows, areas = _read_tasks(sheet, errors, warnings)
    return ParsedFile("xlsx", header, rows, areas, errors, warnings)


_HEADER_KEYS = [
    ("year", ("nam ke hoach", "nam")),
    ("unit_code", ("ma don vi",)),
    ("title", ("ten ke hoach", "tieu de", "trich yeu")),
    ("decision_number", ("so quyet dinh", "so van ban", "so hieu")),
    ("decision_date", ("ngay quyet dinh", "ngay ban hanh", "ngay ky")),
    ("signer_title", ("chuc vu",)),
    ("signer", ("nguoi ky",)),
]


def _read_header(sheet, errors: list[Issue]) -> PlanHeader:
    header = PlanHeader()
    if sheet is None:
        return header
    for row_number, row in enumerate(sheet.iter_rows(min_row=1, max_col=2, values_only=True), start=1):
        label, value = (row + (None, None))[:2]
        folded = fold(_text(label))
        key = next((k for k, words in _HEADER_KEYS if any(folded.startswith(w) for w in words)), None)
        if key is None or value in (None, ""):
            continue
        if key == "year":
            try:
                header.year = int(float(str(value).strip()))
            except ValueError:
                message = _("The year must be a number such as 2021.")
                errors.append(_issue(sheet.title, row_number, 2, _text(label), message))
        elif key == "decision_date":
            try:
                header.decision_date = parse_date(value)
            except ValueError:
                message = _("Write the date as dd/mm/yyyy, e.g. 24/12/2020.")
                errors.append(_issue(sheet.title, row_number, 2, _text(label), message))
        else:
            setattr(header, key, _text(value))
    return header


def _read_tasks(sheet, errors: list[Issue], warnings: list[Issue]) -> tuple[list[RawRow], dict[str, str]]:
    header_row, columns = 1, {}
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
        found = {i: classify_header(_text(v)) for i, v in enumerate(row, start=1) if _text(v)}
        if Column.TEXT in found.values():
            header_row, columns = number, found
            break
    labels = {
        i: _text(v)
        for i, v in enumerate(
            next(sheet.iter_rows(min_row=header_row, max_row=header_row, values_only=True)), start=1
        )
    }
    if Column.AREA not in columns.values():
        errors.append(Issue(_where(sheet.title, header_row), _("The “Lĩnh vực” column is missing.")))
        return [], {}
    rows: list[RawRow] = []
    areas: dict[str, str] = {}
    for number, values in enumerate(
        sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        cells: dict[str, str] = {}
        extras: list[tuple[str, str]] = []
        area_value = None
        for index, value in enumerate(values, start=1):
            column = columns.get(index)
            if column == Column.AREA:
                area_value = value
            elif column is None:
                if _text(value) and index in labels:
                    extras.append((labels[index], _text(value)))
            elif _text(value):
                cells[column] = _text(value)
        if not cells and area_value in (None, ""):
            continue
        row_errors = []
        area = area_from_value(area_value)
        if area is None:
            position = next(i for i, c in columns.items() if c == Column.AREA)
            message = _("Unknown reform area “%(value)s”: choose one from the list (01–07).") % {
                "value": _text(area_value)
            }
            row_errors.append(_issue(sheet.title, number, position, labels.get(position, ""), message))
        if not cells.get(Column.TEXT):
            position = next(i for i, c in columns.items() if c == Column.TEXT)
            message = _("The task text is required.")
            row_errors.append(_issue(sheet.title, number, position, labels.get(position, ""), message))
        if row_errors:
            errors.extend(row_errors)
            continue
        assert area is not None
        areas.setdefault(area.value, AREA_DEFAULT_NAMES[area])
        lead = "\n".join(cells[c] for c in (Column.LEAD, Column.PERFORMERS) if cells.get(c))
        coordinating = cells.get(Column.COORDINATING, "")
        rows.append(
            RawRow(
                area_code=area.value,
                number=cells.get(Column.NUMBER, "").rstrip("."),
                text=cells[Column.TEXT],
                products=split_products(cells.get(Column.PRODUCTS, "")),
                lead_text=lead,
                coordinating_text=coordinating,
                units_text=units_text_of(lead, coordinating),
                schedule_text=cells.get(Column.SCHEDULE, ""),
                note=join_note(cells.get(Column.NOTE, ""), extras),
                where=_where(sheet.title, number),
            )
        )
    return rows, areas
