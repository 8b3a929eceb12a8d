"""The Bỉm Sơn quarter I 2017 report's appendices 4 and 6 entered through the form come out as the printed report shows them, in the page, the
workbook and the document; inconsistent figures are refused with a Vietnamese message and nothing is written."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from par.documents.tests.helpers import assert_table_clear_of_its_header
from par.reporting.actions import do_create_report
from par.reporting.models import DataValue
from par.reporting.setup_actions import do_install_default_template
from par.reporting.tests.helpers import APPENDIX_4, APPENDIX_6, D, form_data, periods_of, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(units):
    """Thị xã Bỉm Sơn's report for quarter I 2017, written by the town's officer (the report's own setting)."""
    template, _created = do_install_default_template(actor=None)
    period = periods_of(2017, template=template)["quarter1"]
    officer = person("vanthu.bimson", units.bim_son)
    report = do_create_report(unit=units.bim_son, period=period, actor=officer)
    tables = {t.number: t for t in template.tables.all()}
    return report, officer, tables


def _post(client, report, table, figures, reasons=None):
    url = reverse("reporting:report_values", args=[report.pk, table.pk])
    report.refresh_from_db()
    return client.post(url, form_data(table, figures, report.version, reasons))


def _enter_bim_son_figures(client_for, town):
    report, officer, tables = town
    client = client_for(officer)
    assert _post(client, report, tables[4], APPENDIX_4).status_code == 302
    assert _post(client, report, tables[6], APPENDIX_6).status_code == 302
    report.refresh_from_db()
    return report, client


# The rows as the Bỉm Sơn quarter I 2017 report prints them (STT, label start, then the columns after the label).
PRINTED_4 = [
    ("1.", "Số TTHC trong bộ", ["2.738", "2.285", "", "149", "", ""]),
    ("2.", "Số TTHC được công khai", ["1.811", "1.276", "216", "108", "", ""]),
    ("3.", "Số lượng các TTHC", ["339", "", "225", "90", "95%", ""]),
]
PRINTED_6 = [
    ("1.", "Số lượng công chức cấp xã", ["78", "95,12%", "(Tháng 01/2017)"]),
    ("2.", "Số lượng cán bộ, công chức cấp xã đạt chuẩn", ["158", "100%", ""]),
    ("3.", "Số cán bộ, công chức cấp xã được bồi dưỡng", ["240 lượt", "151%", ""]),
]


def _docx_tables(content: bytes) -> dict[str, list[list[str]]]:
    doc = Document(io.BytesIO(content))
    found = {}
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["STT", "Nhiệm vụ/Tiêu chí"]:
            found[4] = [[c.text for c in row.cells] for row in table.rows]
        elif header == ["STT", "Tiêu chí", "Tổng số", "Tỷ lệ % so với tổng số", "Ghi chú"]:
            found[6] = [[c.text for c in row.cells] for row in table.rows]
    return found


def test_bim_son_appendix_4_and_6_come_out_of_the_docx_as_printed(client_for, town):
    report, client = _enter_bim_son_figures(client_for, town)
    response = client.get(reverse("reporting:export_docx", args=[report.pk]))
    assert response.status_code == 200
    tables = _docx_tables(response.getvalue())
    assert tables[4][0] == [
        "STT",
        "Nhiệm vụ/Tiêu chí",
        "Tổng số",
        "Cấp tỉnh",
        "Cấp huyện",
        "Cấp xã",
        "Tỷ lệ % (So với tổng số TTHC trong bộ TTHC)",
        "Ghi chú",
    ]
    for (number, label, figures), row in zip(PRINTED_4, tables[4][1:], strict=True):
        assert row[0] == number and row[1].startswith(label) and row[2:] == figures
    for (number, label, figures), row in zip(PRINTED_6, tables[6][1:], strict=True):
        assert row[0] == number and row[1].startswith(label) and row[2:] == figures


def test_bim_son_appendix_4_and_6_come_out_of_the_workbook_as_numbers(client_for, town):
    report, client = _enter_bim_son_figures(client_for, town)
    response = client.get(reverse("reporting:export_xlsx", args=[report.pk]))
    book = load_workbook(io.BytesIO(response.getvalue()))
    rows4 = [r for r in book["Phụ lục 4"].iter_rows(values_only=True) if r[0] in ("1.", "2.", "3.")]
    assert [r[2:7] for r in rows4] == [
        (2738, 2285, None, 149, None),
        (1811, 1276, 216, 108, None),
        (339, None, 225, 90, 95),
    ]
    rows6 = [r for r in book["Phụ lục 6"].iter_rows(values_only=True) if r[0] in ("1.", "2.", "3.")]
    assert [r[2:5] for r in rows6] == [(78, 95.12, "(Tháng 01/2017)"), (158, 100, None), (240, 151, None)]


def test_every_appendix_sheet_starts_its_figures_below_its_header_and_titles(client_for, town):
    report, client = _enter_bim_son_figures(client_for, town)
    book = load_workbook(
        io.BytesIO(client.get(reverse("reporting:export_xlsx", args=[report.pk])).getvalue())
    )
    for sheet in book.worksheets:
        header = assert_table_clear_of_its_header(sheet, "STT")
        assert sheet.cell(row=header + 1, column=1).value is not None, sheet.title


def test_the_report_page_shows_the_bim_son_figures_with_the_district_column_before_2025(client_for, town):
    report, client = _enter_bim_son_figures(client_for, town)
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Cấp huyện" in page and "2.738" in page and "95,12%" in page and "240 lượt" in page


def test_a_total_left_empty_is_the_sum_of_the_levels(client_for, town):
    report, officer, tables = town
    figures = {"co_quan_hanh_chinh": {"district": "01", "commune": "08"}}
    assert _post(client_for(officer), report, tables[3], figures).status_code == 302
    page = client_for(officer).get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert '<td class="text-end" data-column="total">9</td>' in page


@pytest.mark.parametrize(
    ("table", "figures", "message"),
    [
        (
            4,
            {"tthc_cong_khai": {"total": "1.500", "province": "1.276", "district": "216", "commune": "108"}},
            "Phụ lục 4, dòng 2 (Số TTHC được công khai đầy đủ, đúng quy định trên Cổng thôn…): "
            "tổng số (1.500) không được nhỏ hơn tổng các cấp (1.600).",
        ),
        (
            4,
            {"tthc_trong_bo": {"total": "300"}, "tthc_mot_cua": {"total": "339"}},
            "tổng số (339) không được vượt quá tổng số của dòng 1 (300).",
        ),
        (
            6,
            {"cong_chuc_cap_xa": {"total": "78", "percent": "195"}},
            "tỷ lệ (195%) không được vượt quá 100%.",
        ),
        (
            3,
            {"co_quan_hanh_chinh": {"total": "10", "district": "1", "commune": "8"}},
            "tổng số (10) phải bằng tổng các cấp (9).",
        ),
        (
            5,
            {"van_de_sau_kiem_tra": {"total": "4", "done": "5"}},
            "số đã xử lý (5) không được vượt quá tổng số (4).",
        ),
        (6, {"cbcc_dat_chuan": {"total": "-3"}}, "số liệu không được âm (-3)."),
    ],
)
def test_inconsistent_figures_are_refused_in_vietnamese_and_nothing_is_written(
    client_for, town, table, figures, message
):
    report, officer, tables = town
    response = _post(client_for(officer), report, tables[table], figures)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DataValue.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert report.version == 1


def test_training_in_person_times_may_exceed_100_percent_but_a_share_may_not(client_for, town):
    report, officer, tables = town
    assert (
        _post(
            client_for(officer), report, tables[6], {"cbcc_boi_duong": {"total": "240", "percent": "151"}}
        ).status_code
        == 302
    )
    assert DataValue.objects.get(report=report, column="percent").number == D(151)


def test_a_figure_that_is_not_a_number_is_refused(client_for, town):
    report, officer, tables = town
    response = _post(client_for(officer), report, tables[4], {"tthc_trong_bo": {"total": "hai nghìn"}})
    assert response.status_code == 400
    assert "không phải là số" in response.content.decode()
    assert not DataValue.objects.exists()


def test_the_docx_carries_the_number_date_signer_and_recipients_of_the_report(client_for, town):
    report, officer, _tables = town
    client = client_for(officer)
    body = {
        "version": report.version,
        "number": "10/BC-UBND",
        "signed_on": "17/02/2017",
        "signer_name": "Mai Đình Lâm",
        "signer_title": "Chủ tịch",
        "recipients": "Sở Nội vụ;\nLưu: VT, NV.",
    }
    assert client.post(reverse("reporting:report_header", args=[report.pk]), body).status_code == 302
    doc = Document(io.BytesIO(client.get(reverse("reporting:export_docx", args=[report.pk])).getvalue()))
    header = doc.tables[0].rows[0].cells
    assert "THỊ XÃ BỈM SƠN" in header[0].text and "Số: 10/BC-UBND" in header[0].text
    assert "Bỉm Sơn, ngày 17 tháng 02 năm 2017" in header[1].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH" in text
    signature = doc.tables[1].rows[0].cells
    assert "- Sở Nội vụ" in signature[0].text and "Mai Đình Lâm" in signature[1].text
    assert (
        "(Kèm theo Báo cáo số: 10/BC-UBND ngày 17 tháng 02 năm 2017 của Ủy ban nhân dân thị xã Bỉm Sơn)"
        in text
    )


def test_every_live_source_the_default_template_names_is_provided_by_an_app():
    from par import metrics
    from par.reporting.defaults import APPENDICES

    named = set()

    def walk(value):
        if isinstance(value, dict):
            named.update(v for k, v in value.items() if k in ("source_metric", "done_metric") and v)
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    walk(APPENDICES)
    registered = {m.code for m in metrics.all_metrics()}
    assert "dossiers.procedures_handled" in named and named <= registered, sorted(named - registered)
