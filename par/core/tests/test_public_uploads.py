"""The public forms without sign-in (online dossier, petition) cap the files of one submission and of one
address over a window, with a Vietnamese message, storing nothing when they refuse (decision 0100)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from par.dossiers.models import Dossier, DossierDocument
from par.orgunits.models import Unit
from par.petitions.models import Petition

# A Monday in March: the petition's time limit is counted on working days from a fixed day.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC), tick=False),
]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MB = 1024 * 1024


def pdf(name="giay-to.pdf", size=0):
    return SimpleUploadedFile(name, PDF + b"0" * max(0, size - len(PDF)), content_type="application/pdf")


@pytest.fixture
def petition_form(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit = Unit.objects.get(code="38.STP")
    return {
        "kind": "regulation",
        "unit": unit.pk,
        "subject": "Đề nghị",
        "content": "Nội dung kiến nghị",
        "name": "Nguyễn Văn An",
        "contact": "0912345678",
    }


def test_a_submission_with_too_many_files_is_refused_with_a_vietnamese_message_and_nothing_stored(
    client, settings, petition_form, tmp_path
):
    settings.PAR_PUBLIC_UPLOAD_MAX_FILES = 3
    files = [pdf(f"tep-{i}.pdf") for i in range(4)]
    response = client.post(reverse("dossiers:online"), {"unit": "", "files": files})
    assert response.status_code == 413
    html = response.content.decode()
    assert "tối đa 3 tệp" in html and "Chưa có gì được lưu" in html
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()
    assert not any(tmp_path.rglob("*.pdf"))


def test_a_petition_whose_files_are_too_large_in_all_is_refused_and_nothing_stored(
    client, settings, petition_form, tmp_path
):
    settings.PAR_PUBLIC_UPLOAD_MAX_MB = 1
    response = client.post(reverse("petitions:submit"), {**petition_form, "attachment": pdf(size=MB + 1)})
    assert response.status_code == 413 and "1 MB" in response.content.decode()
    assert not Petition.objects.exists() and not any(tmp_path.rglob("*.pdf"))


def test_one_address_may_send_only_so_many_megabytes_over_the_window(
    client, settings, petition_form, tmp_path
):
    settings.PAR_PUBLIC_UPLOAD_RATE = "2/3600"
    settings.PAR_PUBLIC_FORM_RATE = "100/600"
    for subject in ("Một", "Hai"):
        sent = client.post(
            reverse("petitions:submit"),
            {**petition_form, "subject": subject, "attachment": pdf(size=MB - 10)},
        )
        assert sent.status_code == 200, sent.content.decode()
    refused = client.post(reverse("petitions:submit"), {**petition_form, "attachment": pdf(size=MB - 10)})
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 3600
    assert "quá nhiều tệp" in refused.content.decode()
    assert Petition.objects.count() == 2
    # Without files, or from another address, the form still goes through.
    assert client.post(reverse("petitions:submit"), {**petition_form, "subject": "Ba"}).status_code == 200
    other = client.post(
        reverse("petitions:submit"),
        {**petition_form, "attachment": pdf(size=MB - 10)},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 200 and Petition.objects.count() == 4


def test_a_refused_submission_does_not_use_up_the_addresss_allowance(client, settings, petition_form):
    settings.PAR_PUBLIC_UPLOAD_RATE = "2/3600"
    bad = {**petition_form, "content": ""}  # a form error: nothing stored, nothing counted
    for _ in range(3):
        assert (
            client.post(reverse("petitions:submit"), {**bad, "attachment": pdf(size=MB - 10)}).status_code
            == 400
        )
    assert (
        client.post(
            reverse("petitions:submit"), {**petition_form, "attachment": pdf(size=MB - 10)}
        ).status_code
        == 200
    )


def test_more_files_than_any_request_may_carry_is_a_400_before_any_view(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 5
    client.raise_request_exception = False
    response = client.post(reverse("dossiers:online"), {"files": [pdf(f"t{i}.pdf") for i in range(6)]})
    assert response.status_code == 400
    assert "tối đa 5 tệp" in response.content.decode()


def test_the_online_form_states_the_limits(client, settings, units, people):
    settings.PAR_PUBLIC_UPLOAD_MAX_FILES = 7
    assert "Tối đa 7 tệp" in client.get(reverse("dossiers:online")).content.decode()
