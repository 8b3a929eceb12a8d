"""The report as an official document (DOCX in the Decree 30 layout, with the appendices as tables), the
appendices as a workbook, and the PDF through LibreOffice.

Documents are Vietnamese whatever the user's language: they are what the office files and sends. A unit with
units below it reports their approved figures rolled up with its own (the province report is assembled from the
approved unit reports plus its own narrative); a unit with none reports its own.
"""

from __future__ import annotations

from django.utils.text import slugify

from par.documents import official, xlsx
from par.documents.official import Column as DocColumn
from par.documents.official import TableSpec
from par.reporting.models import NUMBER_COLUMNS, Report, SectionText
from par.reporting.queries import Grid, build_grids, load_tables, rollup_values

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"

WIDTHS = {
    "issued": 2.6,
    "total": 2.2,
    "province": 2.0,
    "district": 2.0,
    "commune": 2.0,
    "done": 2.6,
    "percent": 2.6,
    "note": 2.6,
}


def document_grids(report: Report) -> list[Grid]:
    """The appendices as the document shows them: the roll-up of the unit's subtree, each row as it aggregates
    (docs/decisions/0140), with the unit's own notes."""
    if report.unit.children.exists():
        values = rollup_values(report.unit, report.period, report.template)
        for cell in report.values.exclude(column__in=NUMBER_COLUMNS):
            values[(cell.element_id, cell.column)] = cell.text
        return build_grids(load_tables(report.template), report.period, values)
    from par.reporting.queries import report_grids

    return report_grids(report)


def file_name(report: Report, suffix: str) -> str:
    return f"bao-cao-cchc-{slugify(report.period.name)}-{slugify(report.unit.name)}{suffix}"


def attachment_note(report: Report, issuer: official.Issuer) -> str:
    number = report.number or "…"
    day = official.long_date(report.signed_on) if report.signed_on else "ngày … tháng … năm …"
    return f"(Kèm theo Báo cáo số: {number} {day} của {issuer.full_name})"


def report_docx(report: Report) -> bytes:
    """The report: header, number and symbol, place and date, title, sections, recipients, signature, then the
    appendices on landscape pages."""
    issuer = official.issuer_for(report.unit)
    doc = official.new_document(title=f"Báo cáo CCHC {report.period.name}", author=issuer.full_name)
    official.add_header(
        doc,
        issuer,
        number=report.number or f"      /BC-{issuer.symbol}",
        dateline=official.place_and_date(issuer.place, report.signed_on, year=report.period.year),
        draft=not report.is_locked and report.state != "submitted",
    )
    official.add_title(doc, "BÁO CÁO", f"Kết quả thực hiện cải cách hành chính {report.period.name}")
    texts = {t.section_id: t.text for t in SectionText.objects.filter(report=report)}
    for section in report.template.sections.order_by("order"):
        heading = section.heading if section.depth == 0 else f"{section.number}. {section.title}"
        official.add_heading(doc, heading.upper() if section.depth == 0 else heading)
        for paragraph in (texts.get(section.pk) or "").split("\n"):
            if paragraph.strip():
                official.add_paragraph(doc, paragraph.strip())
    recipients = [line.strip("-; ").strip() for line in report.recipients.splitlines() if line.strip()]
    if not recipients:
        parent = report.unit.parent
        recipients = [f"{official.issuer_for(parent).full_name} (để b/c)" if parent else "Bộ Nội vụ (để b/c)"]
        recipients.append(f"Lưu: VT, {issuer.symbol}.")
    official.add_recipients_and_signature(
        doc,
        recipients=recipients,
        signer_title=report.signer_title or ("Chủ tịch" if issuer.is_committee else "Giám đốc"),
        signer_name=report.signer_name,
        on_behalf="TM. ỦY BAN NHÂN DÂN" if issuer.is_committee else "",
    )
    for grid in document_grids(report):
        official.add_section(doc, landscape=True)
        official.add_title(
            doc,
            f"Phụ lục {grid.table.number}",
            grid.table.title.upper(),
            note=attachment_note(report, issuer),
            before=0,
        )
        columns = [DocColumn("STT", 1.2, "centre"), DocColumn(grid.table.label_header, 9.0, "justify")]
        columns += [DocColumn(c["title"], WIDTHS.get(c["key"], 2.4), "centre") for c in grid.columns]
        rows = [
            [row.element.number, row.element.label, *[text for _key, text in row.cells]] for row in grid.rows
        ]
        width = official.text_width_cm(doc)
        official.add_table(doc, TableSpec(columns=official.scale_columns(columns, width), rows=rows))
    return official.to_bytes(doc)


def report_xlsx(report: Report) -> bytes:
    """The appendices, one sheet each, numbers as numbers (percentages as their figure, e.g. 95,12)."""
    issuer = official.issuer_for(report.unit)
    workbook = xlsx.new_workbook()
    for grid in document_grids(report):
        sheet = xlsx.add_sheet(workbook, f"Phụ lục {grid.table.number}")
        columns = [xlsx.Col("STT", 6, align="center"), xlsx.Col(grid.table.label_header, 60)]
        for c in grid.columns:
            fmt = (
                None
                if c["key"] not in NUMBER_COLUMNS
                else ("#,##0.##" if c["key"] == "percent" else xlsx.INTEGER_FORMAT)
            )
            columns.append(xlsx.Col(c["title"], 16, number_format=fmt, align="right" if fmt else "left"))
        start = xlsx.write_title(
            sheet,
            [f"Phụ lục {grid.table.number}", grid.table.title.upper(), attachment_note(report, issuer)],
            width=len(columns),
        )
        rows = []
        for row in grid.rows:
            cells = []
            for c in grid.columns:
                value = row.values.get(c["key"])
                cells.append(value if c["key"] in NUMBER_COLUMNS else (value or None))
            rows.append([row.element.number, row.element.label, *cells])
        xlsx.write_table(sheet, columns, rows, start_row=start, autofilter=False)
    return xlsx.to_bytes(workbook)
