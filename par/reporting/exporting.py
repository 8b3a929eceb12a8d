"""The report as an official document (DOCX in the Decree 30 layout, with the appendices as tables), the
appendices as a workbook, and the PDF through LibreOffice.

Documents are Vietnamese whatever the user's language: they are what the office files and sends. The wording
around the narrative (title, subject, addressee, opening, signature, recipients) is the template's document frame
(docs/decisions/0133), never code. A unit with
units below it reports their approved figures rolled up with its own (the province report is assembled from the
approved unit reports plus its own narrative); a unit with none reports its own.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import slugify
from docx.enum.text import WD_ALIGN_PARAGRAPH

from par.documents import official, xlsx
from par.documents.official import Column as DocColumn
from par.documents.official import TableSpec
from par.reporting import frame
from par.reporting.models import NUMBER_COLUMNS, Column, Rank, Report, SectionText, ValueType
from par.reporting.queries import Grid, build_grids, load_tables, rollup_values

CENTRE = WD_ALIGN_PARAGRAPH.CENTER

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
    (docs/decisions/0140), with the unit's own notes, in the tables of the report's own template version (never a
    later one: decision 0131)."""
    tables = [t for t in load_tables(report.template) if t.applies_to(report.unit)]
    if report.unit.children.exists():
        values = rollup_values(report.unit, report.period, report.template)
        for cell in report.values.exclude(column__in=NUMBER_COLUMNS):
            values[(cell.element_id, cell.column)] = cell.text
        return build_grids(tables, report.period, values)
    from par.reporting.queries import report_grids

    return report_grids(report)


def file_name(report: Report, suffix: str) -> str:
    return f"bao-cao-cchc-{slugify(report.period.name)}-{slugify(report.unit.name)}{suffix}"


def attachment_note(report: Report, issuer: official.Issuer) -> str:
    number = report.number or "…"
    day = official.long_date(report.signed_on) if report.signed_on else "ngày … tháng … năm …"
    return f"(Kèm theo Báo cáo số: {number} {day} của {issuer.full_name})"


def frame_values(report: Report, issuer: official.Issuer) -> dict[str, str]:
    """What the placeholders of the template's frame stand for in this report."""
    parent = report.unit.parent
    return {
        "period": frame.period_phrase(report.period.name),
        "year": str(report.period.year),
        "next_year": str(report.period.year + 1),
        "unit": issuer.full_name,
        "parent": official.issuer_for(parent).full_name if parent else "",
    }


def report_docx(report: Report) -> bytes:
    """The report: header, number and symbol, place and date, then the template's frame (title, subject,
    addressee, opening), the sections, recipients and signature, then the appendices on landscape pages."""
    issuer = official.issuer_for(report.unit)
    template = report.template
    values = frame_values(report, issuer)
    unit_frame = frame.frame_for(template, report.unit.kind)
    doc = official.new_document(title=f"Báo cáo CCHC {report.period.name}", author=issuer.full_name)
    official.add_header(
        doc,
        issuer,
        number=report.number or f"      /BC-{issuer.symbol}",
        dateline=official.place_and_date(issuer.place, report.signed_on, year=report.period.year),
        draft=not report.is_locked and report.state != "submitted",
    )
    official.add_title(doc, frame.fill(template.title, values), frame.fill(template.subject, values))
    addressees = frame.lines(frame.fill(unit_frame.addressee, values))
    if len(addressees) == 1:
        official.add_paragraph(doc, f"Kính gửi: {addressees[0]}", align=CENTRE, indent=False)
    elif addressees:
        official.add_paragraph(doc, "Kính gửi:", align=CENTRE, indent=False)
        for i, line in enumerate(addressees):
            end = "." if i == len(addressees) - 1 else ";"
            official.add_paragraph(doc, f"- {line.rstrip(';.')}{end}", align=CENTRE, indent=False)
    for paragraph in frame.fill(template.opening, values).splitlines():
        if paragraph.strip():
            official.add_paragraph(doc, paragraph.strip())
    texts = {t.section_id: t.text for t in SectionText.objects.filter(report=report)}
    for section in template.sections.order_by("order"):
        heading = section.heading if section.depth == 0 else f"{section.number}. {section.title}"
        official.add_heading(doc, heading.upper() if section.depth == 0 else heading)
        for paragraph in (texts.get(section.pk) or "").split("\n"):
            if paragraph.strip():
                official.add_paragraph(doc, paragraph.strip())
    recipients = frame.recipient_lines(report.recipients or frame.fill(unit_frame.recipients, values))
    signature = frame.signature(unit_frame, report.signer_title)
    official.add_recipients_and_signature(
        doc,
        recipients=recipients,
        signer_title=signature.title[-1],
        signer_name=report.signer_name,
        on_behalf="\n".join([*signature.authority, *signature.title[:-1]]),
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


# How a typed row's figures show in the workbook: a percentage as an Excel percentage (81,33 % is 0,8133), a score
# with its decimals; a rank "6/63" is text (decision 0134).
KIND_FORMATS: dict[str, str] = {
    ValueType.INTEGER: xlsx.INTEGER_FORMAT,
    ValueType.DECIMAL: xlsx.TWO_DECIMALS_FORMAT,
    ValueType.PERCENT: "0.00%",
    ValueType.RANK: "@",
}


def _xlsx_cell(element, key: str, value):
    """A cell's value for the workbook: numbers stay numbers (a percentage row's as a fraction), a rank is text."""
    if key not in NUMBER_COLUMNS:
        return value or None
    if isinstance(value, Rank):
        return str(value)
    if value is not None and key != Column.PERCENT and element.value_type == ValueType.PERCENT:
        return Decimal(value) / 100
    return value


def report_xlsx(report: Report) -> bytes:
    """The appendices, one sheet each, numbers as numbers (percentages as their figure, e.g. 95,12; a typed
    percentage row as a percentage; a rank as "6/63")."""
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
            cells = [_xlsx_cell(row.element, c["key"], row.values.get(c["key"])) for c in grid.columns]
            rows.append([row.element.number, row.element.label, *cells])
        header, _last = xlsx.write_table(sheet, columns, rows, start_row=start, autofilter=False)
        for offset, row in enumerate(grid.rows, start=1):
            fmt = KIND_FORMATS.get(row.element.value_type)
            if fmt is None or row.element.value_type == ValueType.INTEGER:
                continue
            for index, c in enumerate(grid.columns, start=3):
                if c["key"] in NUMBER_COLUMNS and c["key"] != Column.PERCENT:
                    sheet.cell(row=header + offset, column=index).number_format = fmt
    return xlsx.to_bytes(workbook)
