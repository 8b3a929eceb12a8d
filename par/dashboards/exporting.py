"""A dashboard table as an XLSX workbook: the title, the period, then the table with every row.

A short table is built within the request (`table_xlsx`); a long one by the task of an export job
(`table_for_job`, then `table_xlsx_in_chunks`, which writes with openpyxl's write-only mode a chunk of rows at a
time and reports its progress; decision 0173).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from django.http import QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from par.catalog.access import access_procedure
from par.dashboards.access import access_dashboard_unit
from par.dashboards.forms import PeriodForm
from par.dashboards.tables import BUILDERS, COUNT, DATE, PERCENT, PROCEDURE_BUILDERS, Context, Table
from par.documents import xlsx

WIDTHS = {COUNT: 14, PERCENT: 14, DATE: 14}
CHUNK_ROWS = 500  # rows written between two progress updates of an export job


def table_xlsx(table: Table, *, unit_name: str, period_label: str) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, table.title)
    columns = [
        xlsx.Col(
            c.label,
            width=WIDTHS.get(c.kind, 40),
            number_format=xlsx.TWO_DECIMALS_FORMAT if c.kind == PERCENT else None,
            align="right" if c.kind in (COUNT, PERCENT) else "left",
        )
        for c in table.columns
    ]
    lines = [table.title, unit_name, _("Period: %(period)s") % {"period": period_label}]
    row = xlsx.write_title(sheet, lines, width=len(columns))
    _header, last = xlsx.write_table(sheet, columns, all_rows(table), start_row=row)
    if table.note:
        xlsx.write_note(sheet, last + 2, table.note, width=len(columns), chars=sum(c.width for c in columns))
    return xlsx.to_bytes(workbook)


def all_rows(table: Table) -> list[list]:
    """Every row of the table as values, the total first (as on the page)."""
    return [[cell.value for cell in r] for r in ([table.total] if table.total else []) + table.rows]


def file_name(table: Table, period) -> str:
    return f"{slugify(table.title) or table.key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"


def table_for_job(job) -> tuple[Table, str]:
    """The table an export job asked for, counted as on the day it was asked, with the heading of its file.
    The requester's reach is asked again: a unit or procedure they no longer see is a 404 (the job fails)."""
    unit = access_dashboard_unit(job.requester, job.unit_id)
    procedure = access_procedure(job.requester, job.procedure_code) if job.procedure_code else None
    period = PeriodForm(QueryDict(job.period_query), today=job.counted_on).period()
    ctx = Context(job.requester, unit, period, job.counted_on, procedure)
    builders = PROCEDURE_BUILDERS if procedure is not None else BUILDERS
    heading = f"{unit.name} · {procedure.name}" if procedure is not None else unit.name
    return builders[job.table](ctx), heading


def table_xlsx_in_chunks(
    table: Table, *, heading: str, period_label: str, progress: Callable[[int, int], None]
) -> bytes:
    """The table as a write-only workbook (rows are streamed, not kept as cells), calling `progress(done, total)`
    after each chunk of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(xlsx.sheet_title(table.title))
    for number, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS.get(column.kind, 40)
    bold = Font(name=xlsx.FONT_NAME, bold=True)
    title = WriteOnlyCell(sheet, value=table.title)
    title.font = bold
    sheet.append([title])
    sheet.append([heading])
    sheet.append([_("Period: %(period)s") % {"period": period_label}])
    sheet.append([])
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    rows = all_rows(table)
    progress(0, len(rows))
    for start in range(0, len(rows), CHUNK_ROWS):
        for row in rows[start : start + CHUNK_ROWS]:
            sheet.append([_value(v) for v in row])
        progress(min(start + CHUNK_ROWS, len(rows)), len(rows))
    if table.note:
        sheet.append([])
        sheet.append([table.note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _value(value):
    # Decimal stays a number; lists become lines in one cell (as par.documents.xlsx writes them).
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value if v not in (None, ""))
    return value
