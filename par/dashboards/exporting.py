"""A dashboard table as an XLSX workbook: the title, the period, then the table with every row."""

from __future__ import annotations

from django.utils.translation import gettext as _

from par.dashboards.tables import COUNT, DATE, PERCENT, Table
from par.documents import xlsx

WIDTHS = {COUNT: 14, PERCENT: 14, DATE: 14}


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
    rows = [[cell.value for cell in r] for r in ([table.total] if table.total else []) + table.rows]
    _header, last = xlsx.write_table(sheet, columns, rows, start_row=row)
    if table.note:
        xlsx.write_note(sheet, last + 2, table.note, width=len(columns), chars=sum(c.width for c in columns))
    return xlsx.to_bytes(workbook)
