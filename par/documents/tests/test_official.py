"""The Decree 30 building blocks: page, header, title, tables, signature, and how units are named."""

import datetime as dt
import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from par.documents import official
from par.documents.official import Column, GroupRow, Issuer, TableSpec

PROVINCE = Issuer(
    name_lines=("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"),
    full_name="Ủy ban nhân dân tỉnh Thanh Hóa",
    symbol="UBND",
    place="Thanh Hóa",
    is_committee=True,
)


def _reopen(doc) -> docx.document.Document:
    return docx.Document(io.BytesIO(official.to_bytes(doc)))


def _texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def test_long_dates_have_a_zero_before_days_below_ten_and_months_one_and_two():
    assert official.long_date(dt.date(2020, 12, 24)) == "ngày 24 tháng 12 năm 2020"
    assert official.long_date(dt.date(2021, 1, 5)) == "ngày 05 tháng 01 năm 2021"
    assert official.long_date(dt.date(2021, 2, 9)) == "ngày 09 tháng 02 năm 2021"
    assert official.long_date(dt.date(2021, 3, 9)) == "ngày 09 tháng 3 năm 2021"


def test_dateline_without_a_day_leaves_blanks_to_fill_in_when_signing():
    assert (
        official.place_and_date("Thanh Hóa", dt.date(2020, 12, 24)) == "Thanh Hóa, ngày 24 tháng 12 năm 2020"
    )
    blank = official.place_and_date("Thanh Hóa", None, year=2026)
    assert blank.startswith("Thanh Hóa, ngày ") and blank.endswith("năm 2026")


def test_item_letters_follow_the_vietnamese_alphabet_without_f():
    assert [official.letter(i) for i in range(7)] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert official.letter(40) == "41"


def test_new_document_is_a4_portrait_with_the_decree_margins_and_times_new_roman():
    doc = _reopen(official.new_document(title="Thử"))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman"
    # Page numbers from page 2 only.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_header_has_the_issuing_body_number_motto_and_dateline_in_two_columns():
    doc = official.new_document()
    official.add_header(doc, PROVINCE, number="5476/QĐ-UBND", dateline="Thanh Hóa, ngày 24 tháng 12 năm 2020")
    left, right = _reopen(doc).tables[0].rows[0].cells
    assert _texts(left) == ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA", "Số: 5476/QĐ-UBND"]
    assert _texts(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thanh Hóa, ngày 24 tháng 12 năm 2020",
    ]
    motto = right.paragraphs[1].runs[0]
    assert motto.bold and motto.font.size.pt == 13
    assert right.paragraphs[-1].runs[0].italic
    # A rule under the issuing body and under the motto: two paragraph borders.
    assert sum(p._p.xml.count("<w:pBdr>") for c in (left, right) for p in c.paragraphs) == 2


def test_header_of_a_department_puts_the_managing_body_above_in_plain_type():
    doc = official.new_document()
    justice = Issuer(("SỞ TƯ PHÁP",), "Sở Tư pháp", "STP", "Thanh Hóa", managing_body="UBND TỈNH THANH HÓA")
    official.add_header(doc, justice, number=None, dateline=None, draft=True)
    left = _reopen(doc).tables[0].rows[0].cells[0]
    assert _texts(left) == ["UBND TỈNH THANH HÓA", "SỞ TƯ PHÁP", "DỰ THẢO"]
    assert not left.paragraphs[0].runs[0].bold and left.paragraphs[1].runs[0].bold


def test_title_and_body_follow_the_decree_layout():
    doc = official.new_document()
    official.add_title(doc, "QUYẾT ĐỊNH", "Ban hành Kế hoạch cải cách hành chính năm 2021")
    official.add_paragraph(doc, "Ban hành kèm theo Quyết định này Kế hoạch.", lead="Điều 1. ")
    paragraphs = [p for p in _reopen(doc).paragraphs if p.text]
    title, subtitle, article = paragraphs
    assert title.text == "QUYẾT ĐỊNH" and title.runs[0].bold and title.alignment == 1  # centred
    assert subtitle.runs[0].bold
    assert article.runs[0].text == "Điều 1. " and article.runs[0].bold and not article.runs[1].bold
    fmt = article.paragraph_format
    assert fmt.alignment == 3  # justified
    assert 1.0 <= fmt.first_line_indent.cm <= 1.27 and fmt.space_before.pt == 6


def test_recipients_and_signature_sit_side_by_side_at_the_end():
    doc = official.new_document()
    official.add_recipients_and_signature(
        doc,
        recipients=["Như Điều 3;", "Lưu: VT."],
        signer_title="Chủ tịch",
        signer_name="Đỗ Minh Tuấn",
        on_behalf="TM. ỦY BAN NHÂN DÂN",
    )
    left, right = _reopen(doc).tables[0].rows[0].cells
    assert _texts(left) == ["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT."]
    heading = left.paragraphs[0].runs[0]
    assert heading.bold and heading.italic and heading.font.size.pt == 12
    assert left.paragraphs[1].runs[0].font.size.pt == 11
    assert _texts(right) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Minh Tuấn"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)


def test_the_signature_block_never_splits_and_takes_the_last_paragraph_along():
    doc = official.new_document()
    official.add_paragraph(doc, "Xin thông báo để Ông/Bà biết.")
    official.add_recipients_and_signature(
        doc, recipients=["Lưu: VT."], signer_title="Người tiếp nhận", signer_name="Đỗ Thị Hoa", picture=_png()
    )
    reopened = _reopen(doc)
    row = reopened.tables[0].rows[0]
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert reopened.paragraphs[-1].text == "Xin thông báo để Ông/Bà biết."
    assert reopened.paragraphs[-1].paragraph_format.keep_with_next
    title = row.cells[1].paragraphs[0]
    assert title.text == "NGƯỜI TIẾP NHẬN" and title.paragraph_format.keep_with_next
    assert len(row.cells[0]._element.findall(".//" + qn("w:drawing"))) == 1


def _png() -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make("PAR").save(buffer, kind="png")
    return buffer.getvalue()


def test_appendix_table_in_a_landscape_section_repeats_its_header_row():
    doc = official.new_document()
    official.add_section(doc, landscape=True)
    columns = official.scale_columns(
        [Column("TT", 1, "centre"), Column("Nhiệm vụ", 8), Column("Ghi chú", 3)], official.text_width_cm(doc)
    )
    rows = [GroupRow("Cải cách thể chế"), ["1", "Rà soát văn bản", ["- Dòng một", "- Dòng hai"]]]
    official.add_table(doc, TableSpec(columns, rows))
    reopened = _reopen(doc)
    section = reopened.sections[-1]
    assert section.orientation == WD_ORIENT.LANDSCAPE and round(section.page_width.mm) == 297
    table = reopened.tables[0]
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells] == ["TT", "Nhiệm vụ", "Ghi chú"]
    group = table.rows[1]._tr.tc_lst
    assert len(group) == 1 and group[0].grid_span == 3 and table.rows[1].cells[0].text == "Cải cách thể chế"
    assert [p.text for p in table.rows[2].cells[2].paragraphs] == ["- Dòng một", "- Dòng hai"]
    # Fixed layout and widths that fill the text width, so Word and LibreOffice agree.
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    total = sum(col.width.cm for col in table.columns)
    assert total == pytest.approx(official.LANDSCAPE_TEXT_WIDTH_CM, abs=0.05)


@pytest.mark.django_db
def test_a_province_issues_as_its_peoples_committee_without_a_managing_body(units):
    issuer = official.issuer_for(units.province)
    assert issuer.name_lines == ("ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA")
    assert issuer.managing_body == "" and issuer.is_committee
    assert issuer.full_name == "Ủy ban nhân dân tỉnh Thanh Hóa"
    assert (issuer.symbol, issuer.place) == ("UBND", "Thanh Hóa")


@pytest.mark.django_db
def test_a_department_carries_the_province_committee_as_managing_body(units):
    issuer = official.issuer_for(units.justice)
    assert issuer.managing_body == "UBND TỈNH THANH HÓA"
    assert issuer.name_lines == ("SỞ TƯ PHÁP",)
    assert (issuer.full_name, issuer.symbol, issuer.place) == ("Sở Tư pháp", "STP", "Thanh Hóa")


@pytest.mark.django_db
def test_a_ward_dates_its_documents_from_the_ward(units):
    issuer = official.issuer_for(units.ward_bim_son)
    assert issuer.name_lines == ("ỦY BAN NHÂN DÂN", "PHƯỜNG BỈM SƠN")
    assert issuer.place == "Bỉm Sơn"


# ECMA-376 child order of the elements these helpers add to (Word refuses a file that breaks it).
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing "
    "jc hidden ins del trPrChange",
}


def test_added_elements_keep_the_schema_order_word_insists_on():
    doc = official.new_document()
    official.add_header(doc, PROVINCE, number="1/QĐ-UBND", dateline="Thanh Hóa")
    official.add_title(doc, "QUYẾT ĐỊNH", "Ban hành Kế hoạch")
    official.add_table(doc, TableSpec([Column("TT", 2), Column("Nhiệm vụ", 10)], [["1", "Rà soát"]]))
    body = _reopen(doc).element.body
    for tag, order in SCHEMA_ORDER.items():
        names = order.split()
        for element in body.iter(qn(f"w:{tag}")):
            children = [child.tag.split("}")[1] for child in element]
            assert all(c in names for c in children), children
            assert [names.index(c) for c in children] == sorted(names.index(c) for c in children), children
