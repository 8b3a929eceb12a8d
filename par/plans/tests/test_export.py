"""Plan exports: the decision with the plan and appendices (DOCX, PDF), the workbook, the progress report.

The plan is built through the actions, on a frozen day (15/07/2026) so that every derived status shows up:
done on time, not started, overdue (one ward done late, one not), due soon, and cancelled.
"""

import datetime as dt
import io
import zoneinfo

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from openpyxl import load_workbook

from par.documents import pdf
from par.documents.tests.helpers import needs_libreoffice
from par.orgunits.groups import UnitGroup
from par.plans import actions, exporting
from par.plans.actions import TaskInput
from par.plans.models import Assignment
from par.plans.status import Status

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 7, 15, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
APPENDIX_HEADER = ["TT", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan thực hiện", "Thời gian thực hiện", "Ghi chú"]
EXPORTS = [
    "plans:export_plan_docx",
    "plans:export_plan_xlsx",
    "plans:export_plan_pdf",
    "plans:export_progress_docx",
    "plans:export_progress_xlsx",
]


@pytest.fixture(autouse=True)
def _frozen_day_and_private_media(time_machine, settings, tmp_path):
    time_machine.move_to(NOW, tick=False)
    settings.MEDIA_ROOT = tmp_path / "media"


def _add(plan, actor, **fields):
    return actions.do_add_task(plan, TaskInput(**fields), actor=actor)


@pytest.fixture
def plan(units, people):
    """The province's 2026 plan: five tasks in four areas, issued, with progress reported on some."""
    officer = people.par_officer
    plan = actions.do_create_plan(
        unit=units.province,
        year=2026,
        title="Kế hoạch cải cách hành chính năm 2026",
        decision_number="4823/QĐ-UBND",
        decision_date=dt.date(2025, 12, 26),
        signer="Đỗ Minh Tuấn",
        signer_title="Chủ tịch",
        actor=officer,
    )
    done = _add(
        plan,
        officer,
        area_code="institutions",
        number="1",
        text="Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành.",
        products=["Báo cáo kết quả rà soát", "Quyết định công bố kết quả"],
        lead_units=[units.justice],
        coordinating_units=[units.home_affairs],
        schedule_text="Quý I/2026.",
    )
    _add(
        plan,
        officer,
        area_code="institutions",
        number="2",
        text="Kiểm tra, theo dõi thi hành pháp luật trong các lĩnh vực trọng tâm.",
        products=["Báo cáo kết quả theo dõi, kiểm tra"],
        lead_units=[units.justice],
        schedule_text="Quý IV/2026.",
    )
    communes = _add(
        plan,
        officer,
        area_code="procedures",
        number="1",
        text="Công khai kết quả giải quyết thủ tục hành chính trên Cổng dịch vụ công của tỉnh.",
        products=["Kết quả công khai trên Cổng dịch vụ công"],
        lead_groups=[UnitGroup.COMMUNES],
        coordinating_units=[units.home_affairs],
        schedule_text="Quý II/2026.",
    )
    soon = _add(
        plan,
        officer,
        area_code="e_government",
        number="1",
        text="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        products=["Báo cáo kết quả thực hiện"],
        lead_units=[units.home_affairs],
        schedule_text="Trước 20/07/2026.",
    )
    dropped = _add(
        plan,
        officer,
        area_code="direction",
        number="1",
        text="Tổ chức hội nghị tuyên truyền cải cách hành chính.",
        products=["Hội nghị"],
        lead_units=[units.home_affairs],
        schedule_text="Quý III/2026.",
    )
    plan = actions.do_issue_plan(plan, actor=officer)
    actions.do_report_progress(
        Assignment.objects.get(task=done, unit=units.justice),
        text="Đã ban hành quyết định công bố.",
        completed_on=dt.date(2026, 3, 20),
        product_reference="Quyết định số 123/QĐ-UBND ngày 20/03/2026",
        files=[SimpleUploadedFile("quyet-dinh-123.pdf", b"%PDF-1.4 scan", content_type="application/pdf")],
        actor=people.justice_officer,
    )
    actions.do_report_progress(
        Assignment.objects.get(task=communes, unit=units.ward_bim_son),
        text="Đã công khai.",
        completed_on=dt.date(2026, 7, 10),
        actor=officer,
    )
    actions.do_report_progress(
        Assignment.objects.get(task=soon, unit=units.home_affairs),
        text="Đang số hóa.",
        percent=60,
        actor=officer,
    )
    actions.do_cancel_task(dropped, reason="Gộp vào hội nghị sơ kết", actor=officer)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def justice_plan(units, people):
    """A department's own plan: the wards have no part in it."""
    return actions.do_create_plan(
        unit=units.justice,
        year=2026,
        title="Kế hoạch CCHC năm 2026 của Sở Tư pháp",
        actor=people.justice_head,
    )


def _get(client, name, plan):
    return client.get(reverse(name, args=[plan.pk]))


def _docx(response):
    return docx.Document(io.BytesIO(response.getvalue()))


def _cell_texts(cell):
    return [p.text for p in cell.paragraphs if p.text]


def _appendix_tables(document):
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == APPENDIX_HEADER]


# ---------------------------------------------------------------------------------------------- access


@pytest.mark.parametrize("name", EXPORTS)
def test_anonymous_visitor_is_sent_to_login_for_every_export(client, plan, name):
    response = _get(client, name, plan)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", EXPORTS)
def test_ward_clerk_cannot_export_another_units_plan(client_for, people, justice_plan, name):
    assert _get(client_for(people.ward_clerk), name, justice_plan).status_code == 404


@pytest.mark.parametrize("name", EXPORTS)
def test_outsider_gets_the_same_404_as_for_a_missing_plan(client_for, people, plan, name):
    client = client_for(people.outsider)
    assert _get(client, name, plan).status_code == 404
    assert client.get(reverse(name, args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("plans:export_plan_docx", "ke-hoach-cchc-2026-tinh-thanh-hoa.docx"),
        ("plans:export_plan_xlsx", "ke-hoach-cchc-2026-tinh-thanh-hoa.xlsx"),
        ("plans:export_progress_docx", "tien-do-cchc-2026-tinh-thanh-hoa.docx"),
        ("plans:export_progress_xlsx", "tien-do-cchc-2026-tinh-thanh-hoa.xlsx"),
    ],
)
def test_a_ward_with_a_task_in_the_province_plan_downloads_it(client_for, people, plan, name, filename):
    response = _get(client_for(people.ward_clerk), name, plan)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]
    assert response.getvalue().startswith(b"PK")


def test_exports_are_downloads_only(client_for, people, plan):
    client = client_for(people.par_officer)
    assert client.post(reverse("plans:export_plan_docx", args=[plan.pk])).status_code == 405


# ---------------------------------------------------------------------------------------------- plan DOCX


def test_plan_docx_opens_with_the_decision_header_title_and_signature(client_for, people, plan):
    document = _docx(_get(client_for(people.par_officer), "plans:export_plan_docx", plan))
    left, right = document.tables[0].rows[0].cells
    assert _cell_texts(left) == ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA", "Số: 4823/QĐ-UBND"]
    assert _cell_texts(right) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thanh Hóa, ngày 26 tháng 12 năm 2025",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "QUYẾT ĐỊNH" in texts and "Ban hành Kế hoạch cải cách hành chính năm 2026" in texts
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THANH HÓA" in texts
    assert "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2026." in texts
    signature = document.tables[1].rows[0].cells
    assert _cell_texts(signature[0])[0] == "Nơi nhận:" and "- Bộ Nội vụ (để b/c);" in _cell_texts(
        signature[0]
    )
    assert _cell_texts(signature[1]) == ["CHỦ TỊCH", "Đỗ Minh Tuấn"]


def test_plan_docx_has_the_plan_body_with_tasks_by_area(client_for, people, plan):
    document = _docx(_get(client_for(people.par_officer), "plans:export_plan_docx", plan))
    texts = [p.text for p in document.paragraphs]
    assert "KẾ HOẠCH" in texts and "Cải cách hành chính năm 2026" in texts
    assert (
        "(Ban hành kèm theo Quyết định số 4823/QĐ-UBND ngày 26/12/2025 "
        "của Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa)" in texts
    )
    body = texts[texts.index("II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH") : texts.index("III. TRÁCH NHIỆM THỰC HIỆN")]
    assert body[1] == "1. Cải cách thể chế"
    assert body[2].startswith("a) Rà soát, hệ thống hóa") and body[3].startswith("b) Kiểm tra")
    assert "1. Phụ lục số 01: Cải cách thể chế." in texts


def test_plan_docx_has_one_landscape_appendix_table_per_area_with_its_tasks(client_for, people, plan):
    document = _docx(_get(client_for(people.par_officer), "plans:export_plan_docx", plan))
    tables = _appendix_tables(document)
    assert len(tables) == 4  # institutions, procedures, e-government, direction
    institutions = tables[0]
    assert [row.cells[0].text for row in institutions.rows[1:]] == ["1", "2"]
    first = institutions.rows[1].cells
    assert first[1].text.startswith("Rà soát, hệ thống hóa văn bản")
    assert _cell_texts(first[2]) == ["- Báo cáo kết quả rà soát", "- Quyết định công bố kết quả"]
    assert _cell_texts(first[3]) == ["- Cơ quan chủ trì: Sở Tư pháp.", "- Cơ quan phối hợp: Sở Nội vụ."]
    assert first[4].text == "Quý I/2026."
    assert _cell_texts(tables[1].rows[1].cells[3])[0] == "- Cơ quan chủ trì: UBND cấp xã."
    assert tables[3].rows[1].cells[5].text == "Đã hủy ngày 15/07/2026: Gộp vào hội nghị sơ kết"
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in tables)
    headings = [p.text for p in document.paragraphs if p.text.startswith("Phụ lục số 0") and ":" in p.text]
    assert headings[-4:] == [
        "Phụ lục số 01: Cải cách thể chế",
        "Phụ lục số 02: Cải cách thủ tục hành chính",
        "Phụ lục số 03: Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        "Phụ lục số 04: Công tác chỉ đạo, điều hành, tuyên truyền cải cách hành chính",
    ]
    portrait, landscape = document.sections[0], document.sections[-1]
    assert portrait.orientation == WD_ORIENT.PORTRAIT and landscape.orientation == WD_ORIENT.LANDSCAPE


def test_a_draft_plan_without_a_decision_leaves_the_number_and_date_blank(client_for, people, justice_plan):
    actions.do_add_task(
        justice_plan,
        TaskInput(
            area_code="institutions", number="1", text="Rà soát văn bản.", schedule_text="Quý II/2026."
        ),
        actor=people.justice_head,
    )
    document = _docx(_get(client_for(people.justice_head), "plans:export_plan_docx", justice_plan))
    left, right = document.tables[0].rows[0].cells
    assert _cell_texts(left) == ["UBND TỈNH THANH HÓA", "SỞ TƯ PHÁP", "Số:       /QĐ-STP", "DỰ THẢO"]
    assert _cell_texts(right)[-1].startswith("Thanh Hóa, ngày ")
    assert "GIÁM ĐỐC SỞ TƯ PHÁP" in [p.text for p in document.paragraphs]
    assert len(_appendix_tables(document)) == 1


# ---------------------------------------------------------------------------------------------- plan XLSX


def _sheet_rows(sheet, first_header: str):
    rows = list(sheet.iter_rows())
    start = next(i for i, row in enumerate(rows) if row[0].value == first_header)
    header = [c.value for c in rows[start]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[start + 1 :]]


def test_plan_xlsx_lists_every_task_with_its_area_and_a_real_due_date(client_for, people, plan):
    response = _get(client_for(people.par_officer), "plans:export_plan_xlsx", plan)
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Kế hoạch", "Mục tiêu"]
    sheet = workbook["Kế hoạch"]
    assert sheet["A1"].value == "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    header, rows = _sheet_rows(sheet, "Phụ lục")
    assert len(rows) == 5
    first = rows[0]
    assert first["Lĩnh vực"].value == "Cải cách thể chế" and first["TT"].value == "1"
    assert first["Sản phẩm"].value == "Báo cáo kết quả rà soát\nQuyết định công bố kết quả"
    due = first["Hạn hoàn thành"]
    assert due.value == dt.datetime(2026, 3, 31) and due.number_format == "dd/mm/yyyy"
    assert [r["Phụ lục"].value for r in rows] == ["01", "01", "02", "03", "04"]
    assert sheet.freeze_panes == f"A{first['TT'].row}"


# ---------------------------------------------------------------------------------------------- progress


def test_progress_statuses_are_derived_from_dates_and_updates(plan):
    progress = exporting.load_progress(plan)
    assert [exporting.STATUS_NAMES[r.status] for r in progress.rows] == [
        "Hoàn thành đúng hạn",
        "Chưa triển khai",
        "Quá hạn, chưa hoàn thành",  # one ward done late, the other not at all
        "Sắp đến hạn",
        "Đã hủy",
    ]
    assert progress.rows[2].leads == ["UBND cấp xã: 1/2 đơn vị đã hoàn thành"]
    assert progress.overall.total == 4 and progress.overall.due == 2 and progress.overall.done == 1


def test_a_missed_first_milestone_makes_the_task_overdue_as_on_the_plan_page(plan, people, units):
    task = _add(
        plan,
        people.par_officer,
        area_code="public_finance",
        number="1",
        text="Rà soát cơ chế tự chủ tài chính.",
        lead_units=[units.justice],
        schedule_text="Báo cáo kết quả rà soát: Quý I/2026. - Quyết định phê duyệt: Quý III/2026.",
    )
    row = next(r for r in exporting.load_progress(plan).rows if r.task.pk == task.pk)
    assert row.status == Status.OVERDUE and row.due == dt.date(2026, 9, 30)


def test_progress_xlsx_has_status_dates_products_and_evidence_per_task(client_for, people, plan):
    response = _get(client_for(people.par_officer), "plans:export_progress_xlsx", plan)
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    assert workbook.sheetnames == ["Tiến độ", "Tổng hợp"]
    header, rows = _sheet_rows(workbook["Tiến độ"], "Lĩnh vực")
    assert header == [
        "Lĩnh vực",
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Sản phẩm",
        "Tình trạng",
        "Hạn hoàn thành",
        "Ngày hoàn thành",
        "Văn bản, sản phẩm",
        "Tài liệu kiểm chứng",
    ]
    done = rows[0]
    assert done["Tình trạng"].value == "Hoàn thành đúng hạn"
    assert done["Cơ quan chủ trì"].value == "Sở Tư pháp"
    assert done["Ngày hoàn thành"].value == dt.datetime(2026, 3, 20)
    assert done["Ngày hoàn thành"].number_format == "dd/mm/yyyy"
    assert done["Hạn hoàn thành"].value == dt.datetime(2026, 3, 31)
    assert done["Văn bản, sản phẩm"].value == "Quyết định số 123/QĐ-UBND ngày 20/03/2026"
    assert done["Tài liệu kiểm chứng"].value == "quyet-dinh-123.pdf"
    assert rows[2]["Ngày hoàn thành"].value is None  # not every lead unit is done
    summary = {r[0].value: r[1] for r in workbook["Tổng hợp"].iter_rows() if r[0].value}
    assert summary["Ngày số liệu"].value == dt.datetime(2026, 7, 15)
    assert summary["Ngày số liệu"].number_format == "dd/mm/yyyy"
    assert summary["Đã hoàn thành"].value == 1
    assert summary["Tỷ lệ hoàn thành"].value == 0.5 and summary["Tỷ lệ hoàn thành"].number_format == "0.0%"


def test_a_ward_sees_every_status_but_only_what_its_own_units_reported(client_for, people, plan):
    response = _get(client_for(people.ward_clerk), "plans:export_progress_xlsx", plan)
    header, rows = _sheet_rows(load_workbook(io.BytesIO(response.getvalue()))["Tiến độ"], "Lĩnh vực")
    justice_task = rows[0]
    assert justice_task["Tình trạng"].value == "Hoàn thành đúng hạn"
    assert (
        justice_task["Văn bản, sản phẩm"].value is None and justice_task["Tài liệu kiểm chứng"].value is None
    )


def test_progress_docx_is_a_report_with_the_task_table_appended(client_for, people, plan):
    document = _docx(_get(client_for(people.par_officer), "plans:export_progress_docx", plan))
    left, right = document.tables[0].rows[0].cells
    assert _cell_texts(left)[-1] == "Số:       /BC-UBND"
    assert _cell_texts(right)[-1] == "Thanh Hóa, ngày 15 tháng 7 năm 2026"
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and "Tình hình thực hiện kế hoạch cải cách hành chính năm 2026" in texts
    assert "Tỷ lệ hoàn thành: 50,0%" in next(t for t in texts if t.startswith("Tỷ lệ hoàn thành"))
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells][:6] == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Sản phẩm",
        "Tình trạng",
        "Hạn hoàn thành",
    ]
    assert table.rows[1].cells[0].text == "Cải cách thể chế"  # an area row across the table
    first = [c.text for c in table.rows[2].cells]
    assert first[4:9] == [
        "Hoàn thành đúng hạn",
        "31/03/2026",
        "20/03/2026",
        "Quyết định số 123/QĐ-UBND ngày 20/03/2026",
        "quyet-dinh-123.pdf",
    ]
    signature = document.tables[-2].rows[0].cells[1]
    assert _cell_texts(signature) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đỗ Minh Tuấn"]


# ---------------------------------------------------------------------------------------------- queries


def _more_tasks(plan, people, units, count):
    for i in range(count):
        _add(
            plan,
            people.par_officer,
            area_code="public_finance",
            number=str(i + 1),
            text=f"Nhiệm vụ tài chính công số {i + 1}.",
            products=["Báo cáo", "Quyết định"],
            lead_units=[units.justice],
            lead_groups=[UnitGroup.COMMUNES],
            coordinating_units=[units.home_affairs],
            schedule_text="Quý III/2026.",
        )


@pytest.mark.parametrize("name", [n for n in EXPORTS if n != "plans:export_plan_pdf"])
def test_exports_take_the_same_queries_however_many_tasks(
    client_for, people, units, plan, name, django_assert_max_num_queries
):
    client = client_for(people.par_officer)
    with CaptureQueriesContext(connection) as before:
        assert _get(client, name, plan).status_code == 200
    _more_tasks(plan, people, units, 6)
    with django_assert_max_num_queries(15):
        assert _get(client, name, plan).status_code == 200
    with CaptureQueriesContext(connection) as after:
        _get(client, name, plan)
    assert len(after) == len(before)


# ---------------------------------------------------------------------------------------------- PDF


def test_pdf_export_says_so_when_libreoffice_is_missing(client_for, people, plan, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    response = _get(client_for(people.par_officer), "plans:export_plan_pdf", plan)
    assert response.status_code == 503
    assert "LibreOffice" in response.content.decode()


@needs_libreoffice
def test_plan_pdf_is_a_real_pdf_of_several_pages(client_for, people, plan):
    response = _get(client_for(people.ward_clerk), "plans:export_plan_pdf", plan)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-cchc-2026-tinh-thanh-hoa.pdf"'
    content = response.getvalue()
    assert content.startswith(b"%PDF") and pdf.page_count(content) >= 3  # decision, plan, appendices


@needs_libreoffice
@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("plans:export_progress_docx", ".docx"),
        ("plans:export_plan_xlsx", ".xlsx"),
        ("plans:export_progress_xlsx", ".xlsx"),
    ],
)
def test_the_other_exports_convert_to_pdf(client_for, people, plan, name, suffix):
    response = _get(client_for(people.par_officer), name, plan)
    result = pdf.convert_to_pdf(response.getvalue(), suffix=suffix)
    assert result.startswith(b"%PDF") and pdf.page_count(result) >= 1
