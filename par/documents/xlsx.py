"""Styled workbooks with openpyxl: title rows, a bordered table with a frozen header, dates in dd/mm/yyyy.

Dates are written as dates (not text) so that offices can sort and filter them, with a dd/mm/yyyy number
format so that they read the Vietnamese way whatever the locale of the spreadsheet program.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
TWO_DECIMALS_FORMAT = "#,##0.00"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0.0%"
LINE_HEIGHT_PT = 14.5  # one line of 11 pt text
BOLD_WIDTH = 0.85  # bold letters are wider: a column holds about 85 % as many

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
# Characters Excel refuses in a sheet name.
_BAD_SHEET_CHARS = re.compile(r"[\[\]\*\?/\\:]")


@dataclass(frozen=True)
class Col:
    """A column: header text, width in characters, and the number format of its cells (None: general)."""

    title: str
    width: float = 15
    number_format: str | None = None
    wrap: bool = True
    align: str = "left"  # left | center | right


def new_workbook() -> Workbook:
    """An empty workbook (its default sheet removed: every sheet is added with `add_sheet`)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def sheet_title(text: str) -> str:
    """A valid sheet name: no []*?/\\: and at most 31 characters."""
    cleaned = _BAD_SHEET_CHARS.sub("-", text).strip() or "Sheet"
    return cleaned[:31]


def add_sheet(workbook: Workbook, title: str, *, landscape: bool = True) -> Worksheet:
    """A new sheet set up to print on A4, fitted to the page width."""
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    return sheet


def write_title(sheet: Worksheet, lines: Sequence[str], *, width: int, row: int = 1) -> int:
    """Centred title lines merged across `width` columns, the first bold and larger; returns the next row."""
    for i, text in enumerate(lines):
        if not text:
            continue
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT_NAME, bold=i == 0, italic=i > 1, size=14 if i == 0 else 12)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    return row + 1  # one empty row before the table


def write_table(
    sheet: Worksheet,
    columns: Sequence[Col],
    rows: Iterable[Sequence[object] | str],
    *,
    start_row: int = 1,
    autofilter: bool = True,
) -> tuple[int, int]:
    """Header plus rows with borders; the header is frozen, repeated on printed pages and filterable.

    A row given as a plain string is a group row (an area), merged across the table in bold. Dates and
    datetimes get the dd/mm/yyyy format unless the column says otherwise. Returns (header row, last row).
    """
    header_row = start_row
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index, value=column.title)
        cell.font = Font(name=FONT_NAME, bold=True, size=11)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    _fit_header_rows(sheet, columns, header_row)
    row = header_row
    body_font = Font(name=FONT_NAME, size=11)
    for values in rows:
        row += 1
        if isinstance(values, str):
            _group_row(sheet, row, values, len(columns))
            continue
        lines = 1
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(row=row, column=index, value=_cell_value(value))
            if column.wrap and isinstance(cell.value, str):
                lines = max(lines, estimate_lines(cell.value, column.width))
            cell.font = body_font
            cell.border = BORDER
            cell.alignment = Alignment(horizontal=column.align, vertical="top", wrap_text=column.wrap)
            number_format = column.number_format or _default_format(value)
            if number_format == INTEGER_FORMAT and _has_fraction(value):
                # A figure with decimals (a typed rate, 46,08) in a column of counts: never shown rounded.
                number_format = TWO_DECIMALS_FORMAT
            if number_format:
                cell.number_format = number_format
        if lines > 1:
            sheet.row_dimensions[row].height = lines * LINE_HEIGHT_PT + 3
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if autofilter and row > header_row:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{row}"
    return header_row, row


def _fit_header_rows(sheet: Worksheet, columns: Sequence[Col], header_row: int) -> None:
    """Make the title rows and the header row as tall as their wrapped text.

    A row without a stored height is drawn one line high by LibreOffice (and by Excel until it is edited):
    a wrapped, vertically centred header then spills over the title above it and the first data row below
    it. The header is bold (wider letters); a title line is 12 or 14 pt and spans the columns it is merged
    across."""
    lines = max(estimate_lines(column.title, column.width * BOLD_WIDTH) for column in columns)
    sheet.row_dimensions[header_row].height = lines * LINE_HEIGHT_PT + 4
    spans = {
        r.min_row: r.max_col for r in sheet.merged_cells.ranges if r.min_col == 1 and r.min_row == r.max_row
    }
    for row in range(1, header_row):
        cell = sheet.cell(row=row, column=1)
        if not isinstance(cell.value, str) or sheet.row_dimensions[row].height is not None:
            continue
        size = float(cell.font.sz or 11) if cell.font else 11.0
        chars = sum(column.width for column in columns[: spans.get(row, 1)]) * 11 / size
        lines = estimate_lines(cell.value, chars * (BOLD_WIDTH if cell.font and cell.font.b else 1))
        sheet.row_dimensions[row].height = lines * LINE_HEIGHT_PT * size / 11 + 3


def estimate_lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide.

    Neither openpyxl nor LibreOffice (which by default keeps the stored heights of an XLSX) sizes rows to
    wrapped text, so the height is set from this estimate; Times New Roman fits about 1.3 letters per unit
    of column width.
    """
    per_line = max(int(width * 1.3), 1)
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def _group_row(sheet: Worksheet, row: int, text: str, width: int) -> None:
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = Font(name=FONT_NAME, bold=True, size=11)
    cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=False)
    for index in range(1, width + 1):
        target = sheet.cell(row=row, column=index)
        target.fill = GROUP_FILL
        target.border = BORDER
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _cell_value(value):
    # Lists become lines in one cell; Decimal stays a number; everything else as given.
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value if v not in (None, ""))
    if isinstance(value, Decimal):
        return float(value)
    return value


def _has_fraction(value) -> bool:
    return isinstance(value, Decimal | float) and value != int(value)


def _default_format(value) -> str | None:
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


def write_pairs(
    sheet: Worksheet, pairs: Iterable[tuple], *, start_row: int = 1, label_width: float = 45
) -> int:
    """Label–value lines (a summary block), each `(label, value)` or `(label, value, number format)`;
    numbers and dates keep their type. Returns the next row."""
    sheet.column_dimensions["A"].width = label_width
    sheet.column_dimensions["B"].width = max(sheet.column_dimensions["B"].width or 0, 18)
    row = start_row
    for label, value, *number_format in pairs:
        label_cell = sheet.cell(row=row, column=1, value=label)
        label_cell.font = Font(name=FONT_NAME, bold=True, size=11)
        label_cell.border = BORDER
        label_cell.alignment = Alignment(vertical="top", wrap_text=True)
        value_cell = sheet.cell(row=row, column=2, value=_cell_value(value))
        value_cell.font = Font(name=FONT_NAME, size=11)
        value_cell.border = BORDER
        value_cell.alignment = Alignment(horizontal="right", vertical="top")
        chosen = number_format[0] if number_format else _default_format(value)
        if chosen:
            value_cell.number_format = chosen
        row += 1
    return row


def write_note(sheet: Worksheet, row: int, text: str, *, width: int, chars: float) -> int:
    """A wrapped italic note merged across `width` columns about `chars` characters wide; returns the next
    row."""
    cell = sheet.cell(row=row, column=1, value=text)
    cell.font = Font(name=FONT_NAME, italic=True, size=11)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[row].height = estimate_lines(text, chars) * LINE_HEIGHT_PT + 3
    return row + 1


def to_bytes(workbook: Workbook) -> bytes:
    """The workbook as XLSX bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
