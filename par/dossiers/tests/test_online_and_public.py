"""The public side: the online intake form without sign-in, and the public view that shows no personal data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from par.dossiers import actions
from par.dossiers.models import Dossier, DossierDocument, DossierState
from par.dossiers.public import mask_name, public_view
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(procedures, units, **extra):
    return {
        "unit": units.ward_bim_son.pk,
        "procedure": procedures.birth.pk,
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912345678",
        **extra,
    }


def test_a_citizen_files_online_and_gets_the_code_and_what_happens_next(
    client, procedures, units, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("dossiers:online"), {**_form(procedures, units), "files": [upload]})
    assert response.status_code == 200
    d = Dossier.objects.get()
    page = response.content.decode()
    assert d.code in page and f"/tra-cuu/?code={d.code}" in page
    assert (d.channel, d.state) == ("online", DossierState.SUBMITTED)
    document = DossierDocument.objects.get()
    assert document.content_type == "application/pdf" and document.file.read() == PDF


def test_a_renamed_file_is_refused_and_nothing_is_stored(
    client, procedures, units, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("to-khai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(reverse("dossiers:online"), {**_form(procedures, units), "files": [upload]})
    assert response.status_code == 400
    assert "to-khai.pdf" in response.content.decode()
    assert not Dossier.objects.exists() and not any(tmp_path.rglob("*.pdf"))


def test_names_are_masked_letter_by_letter():
    assert mask_name("Nguyễn Văn An") == "N***** V** A*"


def test_the_public_view_shows_progress_and_dates_but_no_personal_data(
    file_birth, staff, django_assert_num_queries
):
    d = file_birth(at(2026, 11, 9, 9, 0), name="Trần Thị Bích")
    d = actions.do_request_supplement(
        d, reason="Thiếu tờ khai có chữ ký", expected_version=d.version, actor=staff.ward_officer
    )
    with django_assert_num_queries(2):
        view = public_view(d.code)
    text = str(view)
    assert view["applicant"] == "T*** T** B***" and "Trần Thị Bích" not in text
    for private in ("0912345678", "038090001234", "Thiếu tờ khai có chữ ký", "Lê Văn An", "Đỗ Thị Hoa"):
        assert private not in text
    assert view["state_label"] == "Chờ bổ sung hồ sơ"
    # The clock is stopped for the supplement: no date is promised (decision 0152).
    assert (
        view["due_date"] is None and view["clock_stopped"] and view["procedure_name"] == "Đăng ký khai sinh"
    )
    assert [s["label"] for s in view["steps_done"]] == [
        "Đã nộp hồ sơ",
        "Đã tiếp nhận đủ hồ sơ",
        "Yêu cầu bổ sung hồ sơ",
    ]
    assert view["due_explanation"] == "" and "11/11/2026" not in text
    assert public_view("14812-000000-0000") is None and public_view("") is None
