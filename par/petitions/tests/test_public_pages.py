"""Citizens send, follow and reopen petitions without signing in; published answers carry no personal data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from par.audit.models import AuditEvent
from par.petitions.models import Petition, PetitionState
from par.petitions.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def _form(unit, **overrides):
    data = {
        "kind": "regulation",
        "unit": unit.pk,
        "subject": "Thành phần hồ sơ đăng ký kết hôn",
        "content": "Đề nghị bỏ yêu cầu giấy xác nhận tình trạng hôn nhân khi đã có dữ liệu dân cư.",
        "name": "Trần Thị Bình",
        "contact": "binh@example.vn",
        "address": "",
        "dossier_code": "",
    }
    data.update(overrides)
    return data


def test_anyone_can_send_a_petition_and_gets_a_code_and_a_secret(client, units):
    response = client.post("/petitions/submit/", _form(units.justice))
    assert response.status_code == 200
    petition = Petition.objects.get()
    html = response.content.decode()
    assert petition.code in html and "Mã bí mật" in html
    assert petition.state == PetitionState.RECEIVED and petition.unit == units.justice
    assert AuditEvent.objects.filter(action="petitions.submit", object_id=str(petition.pk)).exists()


def test_the_submission_form_is_public_and_in_vietnamese(client, units):
    html = client.get("/petitions/submit/").content.decode()
    assert "Gửi phản ánh, kiến nghị" in html and units.justice.name in html


def test_a_petition_without_content_is_refused_in_vietnamese_and_nothing_is_written(client, units):
    response = client.post("/petitions/submit/", _form(units.justice, content="", contact=""))
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_petition_on_dossier_handling_needs_the_dossier_code(client, units):
    response = client.post("/petitions/submit/", _form(units.justice, kind="handling"))
    assert response.status_code == 400
    assert "mã hồ sơ" in response.content.decode()
    assert not Petition.objects.exists()


def test_an_attachment_that_is_not_what_its_name_says_is_refused(client, units):
    fake = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post("/petitions/submit/", {**_form(units.justice), "attachment": fake})
    assert response.status_code == 400
    assert "không đúng định dạng .pdf" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_pdf_attachment_is_kept_with_its_type_and_size(client, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    assert client.post("/petitions/submit/", {**_form(units.justice), "attachment": pdf}).status_code == 200
    petition = Petition.objects.get()
    assert (petition.attachment_name, petition.attachment_type, petition.attachment_size) == (
        "to-khai.pdf",
        "application/pdf",
        16,
    )


def test_the_citizen_follows_the_petition_with_code_and_secret(client, petitions):
    p = petitions.answered
    response = client.post("/petitions/follow/", {"code": p.code, "secret": petitions.answered_secret})
    html = response.content.decode()
    assert response.status_code == 200 and "Sở đã tiếp thu." in html and "Mở lại phản ánh" in html


def test_a_wrong_secret_reveals_nothing(client, petitions):
    p = petitions.answered
    response = client.post("/petitions/follow/", {"code": p.code, "secret": "AAAA-BBBB"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Mã phản ánh hoặc mã bí mật không đúng" in html and p.subject not in html


def test_the_citizen_reopens_an_answered_petition_and_the_unit_gets_a_new_deadline(client, petitions, people):
    p = petitions.answered
    data = {"code": p.code, "secret": petitions.answered_secret, "reason": "Chưa nêu thời hạn sửa đổi."}
    response = client.post("/petitions/follow/reopen/", data)
    assert response.status_code == 200
    p.refresh_from_db()
    assert p.state == PetitionState.REOPENED and p.reopen_count == 1 and p.answered_at is None
    assert p.due_date.isoformat() == "2026-03-30"
    assert people.justice_officer.notices.filter(kind="petitions.reopened").exists()


def test_reopening_with_a_wrong_secret_changes_nothing(client, petitions):
    p = petitions.answered
    data = {"code": p.code, "secret": petitions.routed_secret, "reason": "Không đồng ý."}
    response = client.post("/petitions/follow/reopen/", data)
    assert response.status_code == 400
    assert "Mã phản ánh hoặc mã bí mật không đúng" in response.content.decode()
    p.refresh_from_db()
    assert p.state == PetitionState.ANSWERED and p.version == petitions.answered.version


def test_published_answers_show_the_question_and_answer_but_no_personal_data(client, petitions, people):
    from par.petitions.actions import do_publish_petition

    do_publish_petition(
        petitions.answered,
        public_question="Mẫu tờ khai có cần xác nhận?",
        public_answer="Sở đã tiếp thu.",
        actor=people.justice_head,
    )
    html = client.get("/petitions/answers/").content.decode()
    assert "Mẫu tờ khai có cần xác nhận?" in html and "Sở đã tiếp thu." in html
    for personal in ("Nguyễn Văn An", "0912 345 678", "Lê Lợi", petitions.answered.content):
        assert personal not in html
    # Unpublished answers are not listed.
    assert petitions.routed.subject not in html
