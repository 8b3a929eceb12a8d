"""XLSX import (all or nothing, every error located by sheet, row and column) and export that imports back."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from par.audit.models import AuditEvent
from par.catalog.actions import CatalogImportError, do_import_catalog
from par.catalog.models import Field, Procedure, ProcedureVersion
from par.catalog.tests.conftest import workbook_bytes
from par.catalog.workbook import (
    DOCUMENTS,
    PROCEDURES,
    SHEETS,
    STEPS,
    VERSIONS,
    build_workbook,
    read_workbook,
    rows_of,
)
from par.core.http import XLSX_TYPE

pytestmark = [pytest.mark.django_db, pytest.mark.urls("par.catalog.tests.urls")]

GOOD_PROCEDURE = [
    "1.004873",
    "Cấp Giấy xác nhận tình trạng hôn nhân",
    "HT",
    "Hộ tịch",
    "",
    "x",
    "commune_committee",
]
GOOD_VERSION = ["1.004873", "01/07/2025", None, 3, 2, "", None, "full"]


def workbook(procedures=(), versions=(), documents=(), steps=()):
    book = build_workbook()
    for sheet, rows in (
        (PROCEDURES, procedures),
        (VERSIONS, versions),
        (DOCUMENTS, documents),
        (STEPS, steps),
    ):
        for row in rows:
            book[sheet.title].append(list(row))
    return workbook_bytes(book)


def import_file(stream, actor):
    rows, errors = read_workbook(stream)
    if errors:
        raise CatalogImportError(errors)
    return do_import_catalog(rows, actor=actor)


def test_one_bad_row_writes_nothing_and_every_error_is_listed_with_sheet_row_and_column(people):
    stream = workbook(
        procedures=[GOOD_PROCEDURE, ["1.000894", "Đăng ký kết hôn", "HT", "Hộ tịch", "", "", "ubnd"]],
        versions=[GOOD_VERSION, ["1.000894", "31/02/2025", None, 1, 2, "", "25:00", "full"]],
        steps=[
            ["1.004873", "01/07/2025", 1, "Tiếp nhận", "reception", 0.5],
            ["1.004873", "01/07/2025", 2, "Thẩm định", "specialist", 1],
        ],
    )
    with pytest.raises(CatalogImportError) as caught:
        import_file(stream, people.par_officer)
    assert caught.value.messages == [
        "Trang tính “Thủ tục”, dòng 3, cột G (Cơ quan giải quyết): Chọn một trong các giá trị: department, "
        "province_committee, commune_committee, service_centre, central_agency.",
        "Trang tính “Phiên bản”, dòng 3, cột B (Áp dụng từ ngày): Nhập ngày theo dạng dd/mm/yyyy.",
        "Trang tính “Phiên bản”, dòng 3, cột G (Giờ chốt nhận hồ sơ): Nhập giờ theo dạng hh:mm, ví dụ 15:00.",
        "Trang tính “Quy trình”, dòng 2, cột F (Thời hạn (ngày làm việc)): Tổng thời hạn các bước là 1,5 "
        "ngày làm "
        "việc, khác thời hạn cam kết 2 ngày làm việc.",
    ]
    assert not Procedure.objects.exists() and not Field.objects.exists()


def test_committed_longer_than_legal_and_a_missing_level_are_reported_on_their_columns(people):
    stream = workbook(
        procedures=[[*GOOD_PROCEDURE[:5], "", "commune_committee"]],
        versions=[["1.004873", "01/07/2025", None, 3, 5, "", None, "full"]],
    )
    with pytest.raises(CatalogImportError) as caught:
        import_file(stream, people.par_officer)
    assert caught.value.messages == [
        "Trang tính “Thủ tục”, dòng 2, cột E (Cấp tỉnh): Phải chọn ít nhất một cấp thực hiện thủ tục.",
        "Trang tính “Phiên bản”, dòng 2, cột E (Thời hạn cam kết (ngày làm việc)): Thời hạn cam kết không "
        "được dài "
        "hơn thời hạn theo quy định.",
    ]


def test_an_overlap_with_a_version_already_in_the_catalogue_rolls_back_the_good_rows_too(birth, people):
    stream = workbook(
        procedures=[GOOD_PROCEDURE],
        versions=[GOOD_VERSION, ["1.001193", "01/03/2024", "31/05/2024", 3, 3, "", None, "partial"]],
    )
    with pytest.raises(CatalogImportError) as caught:
        import_file(stream, people.par_officer)
    assert caught.value.messages == [
        "Trang tính “Phiên bản”, dòng 3, cột B (Áp dụng từ ngày): Khoảng thời gian này trùng với phiên "
        "bản áp dụng "
        "từ ngày 01/01/2024 đến ngày 30/06/2025."
    ]
    assert not Procedure.objects.filter(code="1.004873").exists()
    assert not AuditEvent.objects.filter(action="catalog.import_catalog").exists()


def test_cell_errors_and_overlaps_with_the_catalogue_are_reported_together(birth, people):
    stream = workbook(
        procedures=[[*GOOD_PROCEDURE[:6], "nobody"]],
        versions=[GOOD_VERSION, ["1.001193", "01/03/2024", "31/05/2024", 3, 3, "", None, "partial"]],
        steps=[["1.004873", "01/07/2025", 1, "Tiếp nhận", "reception", 2]],
    )
    with pytest.raises(CatalogImportError) as caught:
        import_file(stream, people.par_officer)
    assert [m.split(":")[0] for m in caught.value.messages] == [
        "Trang tính “Thủ tục”, dòng 2, cột G (Cơ quan giải quyết)",
        "Trang tính “Phiên bản”, dòng 3, cột B (Áp dụng từ ngày)",
    ]
    assert birth.versions.count() == 2 and not Procedure.objects.filter(code="1.004873").exists()


def test_a_new_version_in_a_workbook_closes_the_open_one_and_numbers_typed_as_codes_are_restored(
    birth, people
):
    stream = workbook(
        versions=[[1.001193, dt.datetime(2026, 1, 1), None, 3, 1, "", "16:30", "full"]],
        steps=[
            ["1.001193", "2026-01-01", 1, "Tiếp nhận", "Bộ phận tiếp nhận và trả kết quả", 0.5],
            ["1.001193", "01/01/2026", 2, "Ký", "leader", "0,5"],
        ],
    )
    result = import_file(stream, people.par_officer)
    assert (result.versions_created, result.versions_closed, result.procedures_unchanged) == (1, 1, 0)
    closed = birth.versions.get(valid_from=dt.date(2025, 7, 1))
    assert closed.valid_to == dt.date(2025, 12, 31)
    new = birth.versions.get(valid_from=dt.date(2026, 1, 1))
    assert (new.cutoff, [s.actor for s in new.steps.all()]) == (dt.time(16, 30), ["reception", "leader"])
    assert AuditEvent.objects.get(action="catalog.import_catalog").after["codes"] == ["1.001193"]


def test_export_then_import_changes_nothing_and_rebuilds_the_same_catalogue(birth, land, people, client_for):
    response = client_for(people.par_officer).get(reverse("catalog:export"))
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="danh-muc-tthc-')
    content = response.getvalue()  # a download is streamed: read it once
    exported = load_workbook(workbook_bytes(load_workbook(BytesIO(content))))
    result = import_file(BytesIO(content), people.par_officer)
    assert not result.changed and (result.procedures_unchanged, result.versions_unchanged) == (2, 3)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    result = import_file(BytesIO(content), people.par_officer)
    assert (result.procedures_created, result.versions_created) == (2, 3)
    again = load_workbook(_stream(client_for(people.par_officer).get(reverse("catalog:export"))))
    for sheet in SHEETS:
        assert rows_of(again, sheet) == rows_of(exported, sheet), sheet.title


def test_the_template_has_instructions_and_empty_sheets(people, client_for):
    response = client_for(people.par_officer).get(reverse("catalog:template"))
    book = load_workbook(_stream(response))
    assert book.sheetnames == ["Hướng dẫn", "Thủ tục", "Phiên bản", "Thành phần hồ sơ", "Quy trình"]
    assert book["Hướng dẫn"]["A1"].value == "Danh mục thủ tục hành chính: tệp mẫu nhập dữ liệu"
    assert [c.value for c in book["Quy trình"][1]] == [
        "Mã thủ tục *",
        "Áp dụng từ ngày *",
        "STT *",
        "Bước thực hiện *",
        "Bộ phận thực hiện *",
        "Thời hạn (ngày làm việc) *",
    ]
    assert all(rows_of(book, sheet) == [] for sheet in SHEETS)


def test_the_import_page_lists_the_errors_and_saves_nothing(people, client_for):
    stream = workbook(
        procedures=[GOOD_PROCEDURE], versions=[["1.004873", "01/07/2025", None, 3, 5, "", None, "full"]]
    )
    response = client_for(people.par_officer).post(reverse("catalog:import"), {"file": stream})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa nhập dữ liệu nào: tệp có 1 lỗi." in html
    assert "Trang tính “Phiên bản”, dòng 2, cột E" in html
    assert not Procedure.objects.exists()


def test_the_import_page_imports_a_good_workbook(people, client_for):
    stream = workbook(procedures=[GOOD_PROCEDURE], versions=[GOOD_VERSION])
    response = client_for(people.par_officer).post(reverse("catalog:import"), {"file": stream}, follow=True)
    assert (
        "Đã nhập xong: thủ tục thêm 1, cập nhật 0, giữ nguyên 0; phiên bản thêm 1"
        in response.content.decode()
    )
    assert Procedure.objects.get().versions.get().committed_days == 2


def test_a_file_that_is_not_a_workbook_is_refused(people, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("danh-muc.xlsx", b"not a zip file")
    response = client_for(people.par_officer).post(reverse("catalog:import"), {"file": upload})
    assert response.status_code == 400
    assert "Tệp không phải là tệp Excel (.xlsx)." in response.content.decode()


def _stream(response):
    return BytesIO(response.getvalue())
