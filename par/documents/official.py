"""Building blocks for official documents in the layout of Decree 30/2020/NĐ-CP, Appendix I, with python-docx.

The layout rules applied here (A4; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the
two-column header with the issuing body and the national motto; title; justified body with a first-line
indent; "Nơi nhận" bottom-left and the signature bottom-right; page numbers centred at the top from page 2)
come from that appendix. The wording of the documents is Vietnamese whatever the user's language: they are
the documents an office files and sends, not UI.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

# How a unit is named is its own module; documents still ask for it here (official.issuer_for(unit)).
from par.documents.issuers import Issuer as Issuer
from par.documents.issuers import issuer_for as issuer_for

# Word users have Times New Roman; LibreOffice on Debian substitutes the metric-compatible Liberation Serif,
# so lines and pages break at the same places in the PDF.
FONT_NAME = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12

# Decree 30, Appendix I, 1.c: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PORTRAIT_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# A landscape page in a bound portrait document is turned so that its top edge lies on the binding: the
# binding margin (30 mm) goes to the top, the others stay narrow to leave room for the wide tables.
LANDSCAPE_MARGINS_MM = {"top": 30, "bottom": 15, "left": 20, "right": 20}

PORTRAIT_TEXT_WIDTH_CM = (210 - 30 - 15) / 10
LANDSCAPE_TEXT_WIDTH_CM = (297 - 20 - 20) / 10

FIRST_LINE_INDENT = Cm(1.27)
PARAGRAPH_SPACING = Pt(6)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Item letters of Vietnamese documents: a) b) c) d) đ) e) g) … (no f, j, w, z).
LETTERS = list("abcdđeghiklmnopqrstuvxy")


# ---------------------------------------------------------------------------------------------- wording


def letter(index: int) -> str:
    """The item letter for a 0-based index: 0 → "a", 4 → "đ"; past "y" it falls back to numbers."""
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


def long_date(day: dt.date) -> str:
    """The long Vietnamese date, "ngày 05 tháng 01 năm 2021": a zero before days below 10 and months 1, 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | None) -> str:
    """dd/mm/yyyy, or an empty string."""
    return day.strftime("%d/%m/%Y") if day else ""


def place_and_date(place: str, day: dt.date | None, *, year: int | None = None) -> str:
    """The dateline under the motto; without a day, blanks to fill in by hand when the document is signed."""
    if day is None:
        return f"{place}, ngày      tháng      năm {year or ''}".rstrip()
    return f"{place}, {long_date(day)}"


# ---------------------------------------------------------------------------------------------- low level


def _set_run_font(run, *, size: float | None = None, bold: bool = False, italic: bool = False) -> None:
    if size is not None:
        run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None


def _fonts_element(rpr) -> None:
    """Name the font for every script: otherwise Word uses eastAsia/cs fonts for some Vietnamese letters."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT_NAME)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _format(
    paragraph: Paragraph,
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    before: float = 6,
    after: float = 0,
    keep_with_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = FIRST_LINE_INDENT if indent else Cm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep_with_next or None
    return paragraph


def _add_text(
    paragraph: Paragraph, text: str, *, size=None, bold=False, italic=False, underline=False
) -> Paragraph:
    """Add `text` as runs, turning newlines into line breaks within the paragraph."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if i:
            run.add_break()
        run.add_text(line)
        _set_run_font(run, size=size, bold=bold, italic=italic)
        run.font.underline = underline or None
    return paragraph


def _centred(paragraph: Paragraph, text: str, *, before: float = 0, keep: bool = False, **font) -> Paragraph:
    formatted = _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, before=before, keep_with_next=keep)
    return _add_text(formatted, text, **font)


def _rule(container, *, width_cm: float, space_cm: float) -> Paragraph:
    """A short solid rule, centred in a space `space_cm` wide (Decree 30 puts one under the issuing body,
    the motto and the title); drawn as the top border of an almost empty paragraph so it needs no shapes."""
    paragraph = container.add_paragraph()
    side = max((space_cm - width_cm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.first_line_indent = Cm(0)
    # Clear of the descenders of the line above; right against it, the rule reads as an underline.
    fmt.space_before = Pt(3)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    # Word rejects a document whose elements are out of the schema's order: pBdr goes before these.
    ppr.insert_element_before(borders, *_AFTER_PBDR)
    return paragraph


# Schema order (ECMA-376 CT_PPr, CT_TblPr): the elements that must follow the ones added here.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_TBLBORDERS = (
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _no_borders(table: Table) -> None:
    _borders(table, "nil")


def _borders(table: Table, value: str = "single") -> None:
    tbl_pr = table._tbl.tblPr
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_TBLBORDERS)


def _fixed_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Fix the column widths: Word reads the cell widths, LibreOffice the grid; both are set."""
    table.autofit = False  # writes <w:tblLayout w:type="fixed"/>
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    # Walk the real cells: a merged cell spans several grid columns and gets their summed width.
    for tr in table._tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[start : start + span]))
            start += span


def _cell_paragraph(cell: _Cell, first: bool) -> Paragraph:
    return cell.paragraphs[0] if first else cell.add_paragraph()


# ---------------------------------------------------------------------------------------------- document


def new_document(*, title: str = "", author: str = "") -> DocxDocument:
    """An empty A4 portrait document with the Decree 30 margins and Times New Roman 14 pt as base style."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(BODY_PT)
    _fonts_element(normal.element.get_or_add_rPr())
    _format_style(normal)
    section = doc.sections[0]
    _page_setup(section, landscape=False)
    _page_number(section)
    section.different_first_page_header_footer = True  # Decree 30: no number on the first page
    props = doc.core_properties
    props.title, props.author, props.language = title, author, "vi-VN"
    props.comments = ""
    return doc


def _format_style(style) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _page_setup(section: Section, *, landscape: bool) -> None:
    margins = LANDSCAPE_MARGINS_MM if landscape else PORTRAIT_MARGINS_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_number(section: Section) -> None:
    """The page number centred in the top margin, as a PAGE field that Word and LibreOffice both update."""
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_.append(run)
    paragraph._p.append(field_)


def add_section(doc: DocxDocument, *, landscape: bool) -> Section:
    """Start a new page in a new section, landscape for the appendix tables or portrait again after them."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=landscape)
    # Only the document's first page goes without a number; the header itself is inherited.
    section.different_first_page_header_footer = False
    return section


def page_break(doc: DocxDocument) -> None:
    """Continue on a new page in the same section (the plan after the decision that issues it)."""
    paragraph = doc.add_paragraph()
    _format(paragraph, before=0)
    paragraph.add_run().add_break(WD_BREAK.PAGE)


def text_width_cm(doc: DocxDocument) -> float:
    """The width between the margins of the current (last) section."""
    section = doc.sections[-1]
    emu = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
    return emu / 360000


def to_bytes(doc: DocxDocument) -> bytes:
    """The document as DOCX bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- header


def add_header(
    doc: DocxDocument,
    issuer: Issuer,
    *,
    number: str | None,
    dateline: str | None,
    draft: bool = False,
) -> Table:
    """The two-column header: the issuing body and "Số: …" on the left, the national name, motto and
    dateline on the right. `number` is the number and symbol ("5476/QĐ-UBND"); None leaves the line out,
    as in a document issued together with a decision."""
    width = text_width_cm(doc)
    left_w, right_w = round(width * 0.4, 2), round(width * 0.6, 2)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_widths(table, [left_w, right_w])
    left, right = table.rows[0].cells
    inner_left, inner_right = left_w - 0.4, right_w - 0.4  # minus the default cell margins

    left_lines = [(issuer.managing_body, False)] if issuer.managing_body else []
    left_lines += [(line, True) for line in issuer.name_lines]
    for i, (line, bold) in enumerate(left_lines):
        _centred(_cell_paragraph(left, i == 0), line, size=12, bold=bold)
    # Decree 30: a rule 1/3 to 1/2 as long as the line above it; about 0.28 cm a letter at 12 pt bold caps.
    estimate = 0.28 * len(issuer.name_lines[-1])
    _rule(left, width_cm=min(max(estimate * 0.45, 1.5), inner_left / 2), space_cm=inner_left)
    if number is not None:
        _centred(left.add_paragraph(), f"Số: {number}", before=6, size=13)
    if draft:
        _centred(left.add_paragraph(), "DỰ THẢO", before=6, size=12, bold=True)

    _centred(right.paragraphs[0], NATIONAL_NAME, size=12, bold=True)
    _centred(right.add_paragraph(), NATIONAL_MOTTO, size=13, bold=True)
    # The rule under the motto is as long as the motto (Decree 30, Appendix I): about 5.6 cm at 13 pt.
    _rule(right, width_cm=min(5.6, inner_right), space_cm=inner_right)
    if dateline:
        _centred(right.add_paragraph(), dateline, before=6, size=14, italic=True)
    return table


def add_title(
    doc: DocxDocument,
    title: str,
    subtitle: str = "",
    *,
    note: str = "",
    before: float = 18,
) -> None:
    """The centred bold title (QUYẾT ĐỊNH, KẾ HOẠCH, BÁO CÁO) and its subject line with a short rule under
    it, then an optional italic note such as "(Kèm theo Quyết định số … )"."""
    _centred(doc.add_paragraph(), title, before=before, keep=True, size=14, bold=True)
    if subtitle:
        _centred(doc.add_paragraph(), subtitle, keep=True, size=14, bold=True)
        width = text_width_cm(doc)
        # Decree 30: under the subject line, a rule 1/3 to 1/2 as long as the line.
        rule = _rule(doc, width_cm=min(max(0.25 * len(subtitle) * 0.4, 2.5), width / 3), space_cm=width)
        rule.paragraph_format.keep_with_next = True
    if note:
        _centred(doc.add_paragraph(), note, keep=True, size=14, italic=True)
    # A little air between the title block and the text, as the decree's model documents show.
    _format(doc.add_paragraph(), before=0).paragraph_format.line_spacing = Pt(6)


# ---------------------------------------------------------------------------------------------- body


def add_paragraph(
    doc: DocxDocument,
    text: str,
    *,
    lead: str = "",
    bold: bool = False,
    italic: bool = False,
    indent: bool = True,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    keep_with_next: bool = False,
    before: float = 6,
) -> Paragraph:
    """A body paragraph: justified, first-line indent 1.27 cm, 6 pt before (`before`); `lead` is a bold
    prefix such as "Điều 1. "."""
    paragraph = _format(
        doc.add_paragraph(), align=align, indent=indent, keep_with_next=keep_with_next, before=before
    )
    if lead:
        _add_text(paragraph, lead, bold=True)
    _add_text(paragraph, text, bold=bold, italic=italic)
    return paragraph


def add_heading(doc: DocxDocument, text: str, *, centred: bool = False, indent: bool = True) -> Paragraph:
    """A bold section heading ("I. MỤC TIÊU, YÊU CẦU", "1. Mục tiêu") kept with the text that follows."""
    align = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY
    return add_paragraph(
        doc, text, bold=True, indent=indent and not centred, align=align, keep_with_next=True
    )


def add_recipients_and_signature(
    doc: DocxDocument,
    *,
    recipients: Sequence[str],
    signer_title: str,
    signer_name: str,
    on_behalf: str = "",
    picture: bytes | None = None,
    picture_cm: float = 3.0,
) -> Table:
    """The recipients ("Nơi nhận:", bold italic 12 pt, items 11 pt) bottom-left and the signature block
    bottom-right (authority, title in bold, room for the signature and seal, the signer's name in bold);
    `picture` (a slip's QR code) goes under the recipients.

    The block is one table row that never splits, so the signer's name stays on the page of the title, and the
    paragraph before it keeps with it: when the block does not fit it takes the end of the text along to the
    next page rather than standing there alone."""
    _keep_last_paragraph_with_next(doc)
    width = text_width_cm(doc)
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_widths(table, [round(width * 0.48, 2), round(width * 0.52, 2)])
    _cant_split(table.rows[0])
    left, right = table.rows[0].cells
    heading = _format(left.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    _add_text(heading, "Nơi nhận:", size=12, bold=True, italic=True)
    for item in recipients:
        _add_text(
            _format(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, before=0), f"- {item}", size=11
        )
    if picture is not None:
        holder = _format(left.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT, before=6)
        holder.add_run().add_picture(io.BytesIO(picture), width=Cm(picture_cm))
    lines = ([on_behalf] if on_behalf else []) + [signer_title.upper()]
    for i, line in enumerate(lines):
        # Kept with the next line too, for a reader that splits the row all the same.
        _centred(_cell_paragraph(right, i == 0), line, before=0 if i else 12, keep=True, size=14, bold=True)
    # Room for the signature and the seal (about 3 cm).
    _centred(right.add_paragraph(), signer_name, before=84, size=14, bold=True)
    return table


def _cant_split(row) -> None:
    """The row moves to the next page whole rather than leaving a line or two behind."""
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant_split)


def _keep_last_paragraph_with_next(doc: DocxDocument) -> None:
    """Keep the document's last paragraph with what comes next (nothing, when it ends with a table)."""
    last = next((child for child in reversed(doc.element.body) if child.tag != qn("w:sectPr")), None)
    if last is not None and last.tag == qn("w:p"):
        Paragraph(last, doc._body).paragraph_format.keep_with_next = True


# ---------------------------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    """A column of an appendix table: header text, width in cm and alignment of its cells."""

    title: str
    width_cm: float
    align: str = "left"  # left | centre | justify


@dataclass(frozen=True)
class GroupRow:
    """A full-width row that opens a group of rows (an area in a report table), in bold."""

    text: str


@dataclass
class TableSpec:
    """Columns plus rows; a cell is a string, a list of lines (one paragraph each), or None."""

    columns: Sequence[Column]
    rows: Iterable[Sequence[str | Sequence[str] | None] | GroupRow] = field(default_factory=list)
    font_pt: float = TABLE_PT


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "centre": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _mark_header_row(row) -> None:
    """Repeat the row at the top of every page the table runs over, and never split it."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        tr_pr.append(element)


def _fill_cell(cell: _Cell, value, *, align, size: float, bold: bool = False) -> None:
    lines = [value] if isinstance(value, str) else list(value or [])
    if not lines:
        lines = [""]
    for i, line in enumerate(lines):
        paragraph = _format(_cell_paragraph(cell, i == 0), align=align, before=2 if i == 0 else 0, after=2)
        _add_text(paragraph, line, size=size, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def add_table(doc: DocxDocument, spec: TableSpec) -> Table:
    """A bordered table whose header row repeats on every page; widths are fixed so Word and LibreOffice
    lay it out alike."""
    columns = list(spec.columns)
    table = doc.add_table(rows=1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    header = table.rows[0]
    _mark_header_row(header)
    for cell, column in zip(header.cells, columns, strict=True):
        _fill_cell(cell, column.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=spec.font_pt, bold=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for values in spec.rows:
        row = table.add_row()
        # A row taller than a page is still split by Word and LibreOffice.
        _cant_split(row)
        cells = row.cells
        if isinstance(values, GroupRow):
            merged = cells[0].merge(cells[-1])
            _fill_cell(merged, values.text, align=WD_ALIGN_PARAGRAPH.LEFT, size=spec.font_pt, bold=True)
            continue
        for cell, column, value in zip(cells, columns, values, strict=True):
            _fill_cell(cell, value, align=_ALIGN[column.align], size=spec.font_pt)
    _fixed_widths(table, [c.width_cm for c in columns])
    return table


def scale_columns(columns: Sequence[Column], total_cm: float) -> list[Column]:
    """The columns with their widths scaled to fill `total_cm` (the text width of the section)."""
    current = sum(c.width_cm for c in columns)
    return [Column(c.title, round(c.width_cm * total_cm / current, 2), c.align) for c in columns]
