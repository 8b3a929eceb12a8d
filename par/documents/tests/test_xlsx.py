"""Workbook helpers: real dates in dd/mm/yyyy, a frozen filterable header, group rows, sheet names."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from par.documents import xlsx
from par.documents.tests.helpers import assert_table_clear_of_its_header


def _roundtrip(workbook):
    return load_workbook(io.BytesIO(xlsx.to_bytes(workbook)))


def test_dates_stay_dates_and_read_dd_mm_yyyy():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Tiến độ")
    columns = [xlsx.Col("Nhiệm vụ", 30), xlsx.Col("Hạn", 12), xlsx.Col("Tỷ lệ", 10, xlsx.PERCENT_FORMAT)]
    header, last = xlsx.write_table(
        sheet, columns, [["Rà soát", dt.date(2026, 3, 31), 0.5], ["Kiểm tra", None, None]], start_row=3
    )
    assert (header, last) == (3, 5)
    sheet = _roundtrip(workbook)["Tiến độ"]
    due = sheet.cell(row=4, column=2)
    assert due.value == dt.datetime(2026, 3, 31) and due.number_format == "dd/mm/yyyy"
    assert sheet.cell(row=4, column=3).number_format == "0.0%"
    assert sheet.cell(row=5, column=2).value is None


def test_header_is_bold_frozen_filterable_and_repeated_when_printed():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Kế hoạch")
    start = xlsx.write_title(
        sheet, ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026", "Ủy ban nhân dân tỉnh"], width=2
    )
    xlsx.write_table(
        sheet, [xlsx.Col("TT", 5), xlsx.Col("Nhiệm vụ", 40)], [["1", "Rà soát"]], start_row=start
    )
    sheet = _roundtrip(workbook)["Kế hoạch"]
    assert sheet["A1"].value == "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026" and sheet["A1"].font.b
    assert "A1:B1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(row=start, column=2).value == "Nhiệm vụ" and sheet.cell(row=start, column=2).font.b
    assert sheet.freeze_panes == f"A{start + 1}"
    assert sheet.auto_filter.ref == f"A{start}:B{start + 1}"
    assert sheet.print_title_rows == f"${start}:${start}"
    assert sheet.column_dimensions["B"].width == 40
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4


def test_a_wrapped_header_and_long_titles_get_rows_tall_enough_so_the_first_data_row_stays_clear():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Xếp hạng")
    title = "PHÊ DUYỆT VÀ CÔNG BỐ KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA CÁC SỞ, BAN, NGÀNH CẤP TỈNH"
    start = xlsx.write_title(sheet, [title, "DỰ THẢO"], width=3)
    columns = [
        xlsx.Col("Xếp hạng", 9),
        xlsx.Col("Đơn vị", 30),
        xlsx.Col("1. Công tác chỉ đạo, điều hành cải cách hành chính (12,00)", 14),
    ]
    xlsx.write_table(sheet, columns, [[1, "Sở Tư pháp", 10.5]], start_row=start)
    sheet = _roundtrip(workbook)["Xếp hạng"]
    header = assert_table_clear_of_its_header(sheet, "Xếp hạng")
    assert header == start == 4 and sheet.cell(row=header + 1, column=2).value == "Sở Tư pháp"
    # The longest title of the header takes four lines of a column 14 characters wide, in bold.
    assert sheet.row_dimensions[header].height >= 4 * xlsx.LINE_HEIGHT_PT
    # The title, 14 pt bold across 53 characters, wraps to three lines.
    assert sheet.row_dimensions[1].height >= 3 * xlsx.LINE_HEIGHT_PT * 14 / 11


def test_a_group_row_spans_the_table_and_lists_become_lines():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Bảng")
    xlsx.write_table(
        sheet,
        [xlsx.Col("TT", 5), xlsx.Col("Sản phẩm", 20), xlsx.Col("Giá trị", 10)],
        ["Cải cách thể chế", ["1", ["Báo cáo", "Quyết định"], Decimal("85.5")]],
    )
    sheet = _roundtrip(workbook)["Bảng"]
    assert "A2:C2" in {str(r) for r in sheet.merged_cells.ranges} and sheet["A2"].value == "Cải cách thể chế"
    assert sheet["B3"].value == "Báo cáo\nQuyết định"
    assert sheet["C3"].value == 85.5


def test_rows_with_wrapped_text_are_made_tall_enough():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Bảng")
    xlsx.write_table(sheet, [xlsx.Col("Nhiệm vụ", 10)], [["x" * 60], ["ngắn"]])
    assert sheet.row_dimensions[2].height > 3 * xlsx.LINE_HEIGHT_PT
    assert sheet.row_dimensions[3].height is None


def test_sheet_names_drop_forbidden_characters_and_fit_31_letters():
    assert xlsx.sheet_title("Quý I/2026: [tổng hợp]?") == "Quý I-2026- -tổng hợp--"
    assert len(xlsx.sheet_title("x" * 40)) == 31


def test_summary_pairs_keep_numbers_dates_and_given_formats():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Tổng hợp", landscape=False)
    next_row = xlsx.write_pairs(
        sheet, [("Ngày số liệu", dt.date(2026, 7, 15)), ("Số nhiệm vụ", 19), ("Tỷ lệ", 0.444, "0.0%")]
    )
    assert next_row == 4
    sheet = _roundtrip(workbook)["Tổng hợp"]
    assert sheet["B1"].number_format == "dd/mm/yyyy" and sheet["B2"].value == 19
    assert sheet["B3"].number_format == "0.0%"


def test_a_figure_with_decimals_in_a_column_of_counts_keeps_its_decimals():
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Phụ lục 1")
    columns = [xlsx.Col("Chỉ tiêu", 30), xlsx.Col("Tổng số", 12, xlsx.INTEGER_FORMAT)]
    xlsx.write_table(
        sheet, columns, [["Tỷ lệ hồ sơ đúng hạn", Decimal("46.08")], ["Số hồ sơ", Decimal("2285")]]
    )
    sheet = _roundtrip(workbook)["Phụ lục 1"]
    rate, count = sheet.cell(row=2, column=2), sheet.cell(row=3, column=2)
    assert rate.value == 46.08 and rate.number_format == "#,##0.00"
    assert count.value == 2285 and count.number_format == "#,##0"
