"""Test helpers shared by the document tests and the apps that export documents."""

from __future__ import annotations

import os

import pytest

from par.documents import pdf

# Real conversions need LibreOffice. Where it is absent they are skipped, except when the run says it must be
# there (the lead's CI sets PAR_REQUIRE_LIBREOFFICE=1): then they run and fail, rather than pass unseen.
_SKIP_CONVERSIONS = pytest.mark.skipif(
    pdf.soffice_path() is None and os.environ.get("PAR_REQUIRE_LIBREOFFICE") != "1",
    reason="LibreOffice (soffice) is not installed; scripts/ensure-libreoffice installs it",
)


def needs_libreoffice(test):
    """Mark a test that converts with the real LibreOffice (`-m libreoffice` selects them)."""
    return pytest.mark.libreoffice(_SKIP_CONVERSIONS(test))


def assert_table_clear_of_its_header(sheet, header_first_cell: str) -> int:
    """Check that the data of an exported sheet start below its header and titles, and return the header row.

    The header row (the one whose first cell reads `header_first_cell`) is as tall as its wrapped titles, no
    merged title runs into it or below it, and the frozen pane starts at the first data row."""
    from par.documents.xlsx import BOLD_WIDTH, LINE_HEIGHT_PT, estimate_lines

    header = next(row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value == header_first_cell)
    assert sheet.freeze_panes == f"A{header + 1}", (sheet.title, sheet.freeze_panes, header)
    for merged in sheet.merged_cells.ranges:
        assert merged.max_row < header or merged.min_row > header, (sheet.title, str(merged))
    needed = max(
        estimate_lines(
            str(cell.value or ""), (sheet.column_dimensions[cell.column_letter].width or 8) * BOLD_WIDTH
        )
        for cell in sheet[header]
    )
    height = sheet.row_dimensions[header].height
    assert height is not None and height >= needed * LINE_HEIGHT_PT, (sheet.title, height, needed)
    for row in range(1, header):
        if isinstance(sheet.cell(row=row, column=1).value, str):
            assert sheet.row_dimensions[row].height, (sheet.title, row)
    return header
