"""The deadline sweep (inline and in the database worker) and the slips as DOCX and PDF."""

import io
import signal

import pytest
from django.urls import reverse
from django_tasks.backends.database.models import DBTaskResult
from docx import Document

from par.documents import pdf
from par.documents.tests.helpers import needs_libreoffice
from par.dossiers import actions, slips
from par.dossiers.tasks import sweep, sweep_dossier_deadlines
from par.dossiers.tests.conftest import at
from par.notices.models import Notice


@pytest.mark.django_db
def test_the_assignee_hears_of_an_overdue_step_and_the_unit_officers_of_an_unassigned_one(
    staff, file_birth, django_capture_on_commit_callbacks
):
    late = file_birth(at(2026, 11, 2, 9))
    actions.do_assign(
        late, assignee=staff.ward_officer_2, expected_version=late.version, actor=staff.ward_officer
    )
    file_birth(at(2026, 11, 9, 9))  # reception step due 10/11: due soon on 09/11
    with django_capture_on_commit_callbacks(execute=True):
        sent = sweep(at(2026, 11, 9).date())
    titles = sorted(Notice.objects.values_list("user__username", "kind", "title"))
    assert sent == {"dossiers": 2, "notices": 3}
    assert ("ha", "dossiers.overdue", "Quá hạn từ 03/11/2026: hồ sơ 14812-261102-0001") in titles
    assert {t[0] for t in titles if t[1] == "dossiers.due_soon"} == {"an", "ha"}
    assert sweep(at(2026, 11, 9).date())["notices"] == 0  # once only


@pytest.mark.django_db(transaction=True)
def test_the_enqueued_sweep_fires_in_the_database_worker(staff, file_birth, time_machine):
    file_birth(at(2026, 11, 2, 9))
    time_machine.move_to(at(2026, 11, 9, 9), tick=False)
    result = sweep_dossier_deadlines.enqueue()
    assert not Notice.objects.exists()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        from django.core.management import call_command

        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    finished = DBTaskResult.objects.get(pk=result.id)
    assert finished.status == "SUCCEEDED", finished.exception_class_path
    assert finished.return_value == {"dossiers": 1, "notices": 2}
    assert set(Notice.objects.values_list("user__username", flat=True)) == {"an", "ha"}


def _text(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs) + "\n".join(
        cell.text for table in Document(io.BytesIO(docx)).tables for row in table.rows for cell in row.cells
    )


@pytest.mark.django_db
def test_the_receipt_has_the_code_the_appointment_and_a_qr_code_to_the_lookup_page(file_birth, settings):
    settings.PAR_SITE_URL = "https://dichvucong.thanhhoa.gov.vn"
    d = file_birth(at(2026, 11, 9, 9, 30))
    text = _text(slips.build(d, "receipt"))
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and d.code in text
    assert "ngày 11 tháng 11 năm 2026" in text and "09 giờ 30 phút" in text
    assert f"https://dichvucong.thanhhoa.gov.vn/tra-cuu/?code={d.code}" in text
    assert len(Document(io.BytesIO(slips.build(d, "receipt"))).inline_shapes) == 1


@pytest.mark.django_db
def test_the_other_slips_carry_their_reason(file_birth, staff, time_machine):
    import datetime as dt

    d = file_birth(at(2026, 11, 9, 9))
    d = actions.do_request_supplement(
        d, reason="Thiếu Giấy chứng sinh", expected_version=d.version, actor=staff.ward_officer
    )
    assert "Thiếu Giấy chứng sinh" in _text(slips.build(d, "supplement"))
    # The supplement comes the next morning: the clock restarts then, well before the new date of 01/12.
    time_machine.move_to(at(2026, 11, 10, 9), tick=False)
    d = actions.do_receive_supplement(d, expected_version=d.version, actor=staff.ward_clerk)
    d = actions.do_extend(
        d,
        new_date=dt.date(2026, 12, 1),
        reason="Cần xác minh",
        expected_version=d.version,
        actor=staff.ward_officer,
    )
    apology = _text(slips.build(d, "apology"))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in apology and "ngày 01 tháng 12 năm 2026" in apology
    refused = file_birth(at(2026, 11, 9, 10), receive=False, channel="online")
    refused = actions.do_refuse(
        refused, reason="Không thuộc thẩm quyền", expected_version=refused.version, actor=staff.ward_clerk
    )
    assert "Không thuộc thẩm quyền" in _text(slips.build(refused, "refusal"))


@pytest.mark.django_db
@needs_libreoffice
def test_the_receipt_downloads_as_a_real_pdf(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9))
    response = client_for(staff.ward_clerk).get(reverse("dossiers:slip", args=[d.pk, "receipt", "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.getvalue()
    assert content.startswith(b"%PDF") and pdf.page_count(content) >= 1
