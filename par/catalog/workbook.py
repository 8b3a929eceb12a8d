"""The catalogue's XLSX exchange format: its sheets and columns, reading a workbook and writing one.

The sheet and column names are a fixed file format (Vietnamese, like the national procedure database's own
exports), not interface text: a file exported in English imports the same way. The instructions sheet is
interface text and follows the user's language (docs/decisions/0044-catalogue-xlsx-format.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

from django.db import models
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from par.catalog.models import OnlineLevel, Procedure, ResponsibleKind, StepActor

# A province's catalogue has a few thousand procedures; far larger files are refused rather than parsed.
MAX_ROWS_PER_SHEET = 20_000
INSTRUCTIONS_TITLE = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text, code, date, days, time, amount, int, flag, choice
    required: bool = False
    choices: type[models.TextChoices] | None = None
    width: int = 18
    default: Any = None  # used when the whole column is absent from the sheet
    max_length: int | None = None  # of the model field a text column fills


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def letter(self, key: str) -> str:
        return get_column_letter([c.key for c in self.columns].index(key) + 1)


CODE = Column("code", "Mã thủ tục", "code", required=True, width=14, max_length=40)
VALID_FROM = Column("valid_from", "Áp dụng từ ngày", "date", required=True, width=14)

PROCEDURES = Sheet(
    "procedures",
    "Thủ tục",
    (
        CODE,
        Column("name", "Tên thủ tục", required=True, width=60, max_length=500),
        Column("field_code", "Mã lĩnh vực", required=True, width=14, max_length=40),
        Column("field_name", "Lĩnh vực", required=True, width=24, max_length=255),
        Column("at_province", "Cấp tỉnh", "flag", width=9, default=False),
        Column("at_commune", "Cấp xã", "flag", width=9, default=False),
        Column("responsible_kind", "Cơ quan giải quyết", "choice", True, ResponsibleKind, width=20),
        Column("agency", "Cơ quan thực hiện", width=30, default="", max_length=255),
        Column("result", "Kết quả thực hiện", width=30, default="", max_length=500),
        Column("is_published", "Công khai", "flag", width=10, default=True),
        Column("is_demo", "Dữ liệu minh họa", "flag", width=10, default=False),
        Column("source", "Nguồn dữ liệu", width=20, default="", max_length=255),
    ),
)
VERSIONS = Sheet(
    "versions",
    "Phiên bản",
    (
        CODE,
        VALID_FROM,
        Column("valid_to", "Áp dụng đến ngày", "date", width=14),
        Column("legal_days", "Thời hạn theo quy định (ngày làm việc)", "days", True, width=14),
        Column("committed_days", "Thời hạn cam kết (ngày làm việc)", "days", True, width=14),
        Column("limit_note", "Thời hạn ghi trong văn bản", width=40, default=""),
        Column("cutoff", "Giờ chốt nhận hồ sơ", "time", width=10),
        Column("online_level", "Mức độ dịch vụ công trực tuyến", "choice", True, OnlineLevel, width=14),
        Column("fee_text", "Phí, lệ phí", width=40, default=""),
        Column("fee_amount", "Mức thu (đồng)", "amount", width=14),
        Column("legal_basis", "Căn cứ pháp lý", width=50, default=""),
        Column("decision", "Quyết định công bố", width=40, default="", max_length=255),
    ),
)
DOCUMENTS = Sheet(
    "documents",
    "Thành phần hồ sơ",
    (
        CODE,
        VALID_FROM,
        Column("position", "STT", "int", required=True, width=6),
        Column("name", "Tên giấy tờ", required=True, width=60, max_length=500),
        Column("originals", "Bản chính", "int", width=10, default=1),
        Column("copies", "Bản sao", "int", width=10, default=0),
        Column("form_template", "Mẫu đơn, tờ khai", width=30, default="", max_length=255),
    ),
)
STEPS = Sheet(
    "steps",
    "Quy trình",
    (
        CODE,
        VALID_FROM,
        Column("position", "STT", "int", required=True, width=6),
        Column("name", "Bước thực hiện", required=True, width=50, max_length=255),
        Column("actor", "Bộ phận thực hiện", "choice", True, StepActor, width=20),
        Column("days", "Thời hạn (ngày làm việc)", "days", True, width=14),
    ),
)
SHEETS = (PROCEDURES, VERSIONS, DOCUMENTS, STEPS)


@dataclass
class SheetRow:
    """One data row as read: the sheet, its 1-based row number and the raw value of each column present."""

    sheet: Sheet
    number: int
    values: dict[str, Any]


@dataclass
class CatalogRows:
    """Everything an import reads, sheet by sheet, before any conversion."""

    procedures: list[SheetRow] = field(default_factory=list)
    versions: list[SheetRow] = field(default_factory=list)
    documents: list[SheetRow] = field(default_factory=list)
    steps: list[SheetRow] = field(default_factory=list)

    def of(self, sheet: Sheet) -> list[SheetRow]:
        return getattr(self, sheet.key)


class RowError:
    """One problem in an import, located by sheet, row and column (row 0 / column "" when not a cell)."""

    def __init__(self, sheet: Sheet | None, row: int, column: str, message: str) -> None:
        self.sheet, self.row, self.column, self.message = sheet, row, column, str(message)

    def __str__(self) -> str:
        if self.sheet is None:
            return self.message
        if not self.row:
            return _("Sheet “%(sheet)s”: %(message)s") % {"sheet": self.sheet.title, "message": self.message}
        if not self.column:
            return _("Sheet “%(sheet)s”, row %(row)d: %(message)s") % {
                "sheet": self.sheet.title,
                "row": self.row,
                "message": self.message,
            }
        col = self.sheet.column(self.column)
        return _("Sheet “%(sheet)s”, row %(row)d, column %(letter)s (%(column)s): %(message)s") % {
            "sheet": self.sheet.title,
            "row": self.row,
            "letter": self.sheet.letter(self.column),
            "column": col.header,
            "message": self.message,
        }

    def __repr__(self) -> str:
        return f"RowError({self})"


def _normalise(header: Any) -> str:
    return " ".join(str(header or "").replace("*", " ").split()).casefold()


def read_workbook(stream: BinaryIO) -> tuple[CatalogRows, list[RowError]]:
    """Read the data sheets of an uploaded workbook; problems with the file itself come back as errors."""
    rows = CatalogRows()
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key errors) for a file that is not XLSX
        return rows, [RowError(None, 0, "", _("The file is not an Excel workbook (.xlsx)."))]
    errors: list[RowError] = []
    titles = {_normalise(title): title for title in book.sheetnames}
    try:
        for sheet in SHEETS:
            title = titles.get(_normalise(sheet.title))
            if title is None:
                if sheet in (PROCEDURES, VERSIONS):
                    errors.append(RowError(sheet, 0, "", _("The sheet is missing.")))
                continue
            errors += _read_sheet(book[title], sheet, rows.of(sheet))
    finally:
        book.close()
    return rows, errors


def _read_sheet(ws, sheet: Sheet, out: list[SheetRow]) -> list[RowError]:
    by_header = {_normalise(c.header): c for c in sheet.columns}
    iterator = ws.iter_rows(values_only=True)
    header = next(iterator, None) or ()
    positions: dict[int, Column] = {}
    for index, value in enumerate(header):
        column = by_header.get(_normalise(value))
        if column is not None and column not in positions.values():
            positions[index] = column
    missing = [c for c in sheet.columns if c.required and c not in positions.values()]
    if missing:
        names = ", ".join(f"“{c.header}”" for c in missing)
        return [RowError(sheet, 1, "", _("Required columns are missing: %(columns)s.") % {"columns": names})]
    for number, values in enumerate(iterator, start=2):
        if number - 1 > MAX_ROWS_PER_SHEET:
            return [
                RowError(sheet, 0, "", _("More than %(n)d rows; split the file.") % {"n": MAX_ROWS_PER_SHEET})
            ]
        row = {positions[i].key: v for i, v in enumerate(values) if i in positions}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row.values()):
            continue  # blank rows between blocks are common in hand-made sheets
        out.append(SheetRow(sheet, number, row))
    return []


# ---- writing -----------------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="A4161A")
REQUIRED_FILL = PatternFill("solid", fgColor="7A0F12")


def build_workbook(procedures: Iterable[Procedure] = ()) -> Workbook:
    """The instructions sheet and the four data sheets, filled with `procedures` (none: the empty template).

    `procedures` must come with `field`, `versions__steps` and `versions__documents` loaded.
    """
    book = Workbook()
    _write_instructions(book.active)
    data: dict[str, list[list[Any]]] = {s.key: [] for s in SHEETS}
    for procedure in procedures:
        data["procedures"].append(_procedure_row(procedure))
        for version in sorted(procedure.versions.all(), key=lambda v: v.valid_from):
            data["versions"].append(_version_row(procedure, version))
            key = [procedure.code, version.valid_from]
            for d in version.documents.all():
                data["documents"].append([*key, d.position, d.name, d.originals, d.copies, d.form_template])
            for s in version.steps.all():
                data["steps"].append([*key, s.position, s.name, s.actor, s.days])
    for sheet in SHEETS:
        _write_sheet(book.create_sheet(sheet.title), sheet, data[sheet.key])
    return book


def _flag(value: bool) -> str:
    return "x" if value else ""


def _procedure_row(p: Procedure) -> list[Any]:
    return [
        p.code,
        p.name,
        p.field.code,
        p.field.name,
        _flag(p.at_province),
        _flag(p.at_commune),
        p.responsible_kind,
        p.agency,
        p.result,
        _flag(p.is_published),
        _flag(p.is_demo),
        p.source,
    ]


def _version_row(p: Procedure, v) -> list[Any]:
    return [
        p.code,
        v.valid_from,
        v.valid_to,
        v.legal_days,
        v.committed_days,
        v.limit_note,
        v.cutoff.strftime("%H:%M") if v.cutoff else None,
        v.online_level,
        v.fee_text,
        v.fee_amount,
        v.legal_basis,
        v.decision,
    ]


def _write_sheet(ws, sheet: Sheet, rows: list[list[Any]]) -> None:
    ws.append([c.header + (" *" if c.required else "") for c in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    formats = {
        "code": "@",
        "date": "DD/MM/YYYY",
    }  # as text, or Excel turns "2.000720" into the number 2.00072
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        for cell, column in zip(ws[ws.max_row], sheet.columns, strict=True):
            if column.kind in formats:
                cell.number_format = formats[column.kind]
    last = max(len(rows) + 1, 1000)
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{last}"
        if column.kind in formats:
            # A column style (not cell styles) applies to rows typed later without creating empty cells.
            ws.column_dimensions[letter].number_format = formats[column.kind]
        if column.kind == "choice" and column.choices is not None:
            _validation(ws, cells, [c.value for c in column.choices])
        elif column.kind == "flag":
            _validation(ws, cells, ["x"])


def _validation(ws, cells: str, values: list[str]) -> None:
    rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    rule.add(cells)
    ws.add_data_validation(rule)


def _kind_help(column: Column) -> str:
    texts = {
        "text": _("Free text"),
        "code": _("Text (the national code, e.g. 1.001193)"),
        "date": _("Date, dd/mm/yyyy"),
        "days": _("Working days in steps of half a day; 0 = within the day of receipt"),
        "time": _("Time, hh:mm; empty = the calendar's cut-off"),
        "amount": _("Whole number of dong"),
        "int": _("Whole number"),
        "flag": _("“x” for yes, empty for no"),
        "choice": _("One of the codes listed below"),
    }
    return str(texts[column.kind])


def _write_instructions(ws) -> None:
    ws.title = INSTRUCTIONS_TITLE
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 80
    ws.append([_("Procedure catalogue: import template")])
    ws["A1"].font = Font(bold=True, size=14)
    for line in (
        _("Fill in the sheets “Thủ tục” (one row per procedure) and “Phiên bản” (one row per version)."),
        _(
            "“Thành phần hồ sơ” and “Quy trình” list the documents and steps of a version, found by its "
            "procedure "
            "code and start date."
        ),
        _(
            "Columns marked * are required. Do not rename sheets or column headers; extra columns are "
            "ignored."
        ),
        _(
            "The import is all or nothing: if any row has an error, nothing is saved and every error is "
            "listed."
        ),
        _(
            "A procedure or version that already exists (same code; same code and start date) is updated. "
            "A new "
            "version closes the open version before it on the day before its start date."
        ),
        _(
            "When a version has rows in “Quy trình” or “Thành phần hồ sơ”, they replace its steps or "
            "documents; "
            "the step time limits must add up to the committed time limit."
        ),
    ):
        ws.append([line])
    ws.append([])
    ws.append([_("Sheet and column"), _("Required"), _("How to fill it in")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for sheet in SHEETS:
        ws.append([sheet.title])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for column in sheet.columns:
            ws.append([f"  {column.header}", "*" if column.required else "", _kind_help(column)])
            if column.choices is not None:
                for choice in column.choices:
                    ws.append(["", "", f"{choice.value} = {choice.label}"])
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=cell.column == 3, vertical="top")


def rows_of(book: Workbook, sheet: Sheet) -> list[tuple[Any, ...]]:
    """The data rows of one sheet of a built workbook (tests and round trips compare these)."""
    ws = book[sheet.title]
    return [
        tuple(r) for r in ws.iter_rows(min_row=2, values_only=True) if any(v not in (None, "") for v in r)
    ]
