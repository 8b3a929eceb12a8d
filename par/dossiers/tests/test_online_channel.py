"""The online channel end to end: the files applicants upload open for the staff who may see the dossier and
nobody else, the online form offers only the procedures filed online, and a postal intake keeps scanned files."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from par.catalog.models import Procedure
from par.dossiers import actions
from par.dossiers.models import Dossier, DossierDocument
from par.dossiers.tests.conftest import NOW

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _pdf(name="giay-chung-sinh.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def filed_online(units, procedures, staff, media):
    """An online birth registration at Phường Bỉm Sơn with one uploaded PDF."""
    return actions.do_file_dossier(
        unit=units.ward_bim_son,
        procedure=procedures.birth,
        applicant=actions.Applicant(name="Nguyễn Văn An", email="an@example.vn"),
        channel="online",
        documents=[actions.PaperDocument(name="Giấy chứng sinh", upload=_pdf())],
        actor=None,
        at=NOW,
    )


@pytest.fixture
def in_person(people, procedures):
    """A commune procedure that is not an online public service (it must be filed at the desk)."""
    from par.catalog.actions import do_add_version, do_create_procedure

    procedure = do_create_procedure(
        data={
            "code": "1.004746",
            "name": "Chứng thực chữ ký người dịch",
            "field": procedures.birth.field,
            "at_commune": True,
            "responsible_kind": "commune_committee",
        },
        actor=people.admin,
    )
    do_add_version(
        procedure,
        data={"valid_from": dt.date(2024, 1, 1), "legal_days": Decimal(1), "committed_days": Decimal(1)},
        steps=[],
        documents=[],
        actor=people.admin,
    )
    return Procedure.objects.get(pk=procedure.pk)


def _file_url(d: Dossier) -> str:
    return reverse("dossiers:document", args=[d.pk, d.documents.get().pk])


# --- opening the uploads ---------------------------------------------------------------------------------


def test_the_clerk_of_the_unit_opens_the_file_the_applicant_uploaded(client_for, staff, filed_online):
    client = client_for(staff.ward_clerk)
    page = client.get(reverse("dossiers:detail", args=[filed_online.pk])).content.decode()
    assert _file_url(filed_online) in page
    response = client.get(_file_url(filed_online))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_anonymous_visitor_is_sent_to_sign_in_and_gets_no_file(client, filed_online):
    response = client.get(_file_url(filed_online))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_clerk_of_another_ward_gets_not_found_for_the_file(client_for, staff, filed_online):
    assert client_for(staff.other_ward_clerk).get(_file_url(filed_online)).status_code == 404


def test_a_missing_file_and_a_paper_document_are_not_found_like_a_forbidden_one(
    client_for, staff, filed_online
):
    client = client_for(staff.ward_clerk)
    document = filed_online.documents.get()
    assert (
        client.get(reverse("dossiers:document", args=[filed_online.pk, document.pk + 99])).status_code == 404
    )
    paper = DossierDocument.objects.create(dossier=filed_online, name="Tờ khai", received_at=NOW)
    assert client.get(reverse("dossiers:document", args=[filed_online.pk, paper.pk])).status_code == 404
    # A document of one dossier is not reached through another dossier's address.
    other = actions.do_file_dossier(
        unit=filed_online.unit,
        procedure=filed_online.procedure,
        applicant=actions.Applicant(name="Lê Thị Hồng"),
        channel="online",
        actor=None,
        at=NOW,
    )
    assert client.get(reverse("dossiers:document", args=[other.pk, document.pk])).status_code == 404


def test_the_uploaded_file_is_not_linked_at_a_public_media_address(client_for, staff, filed_online, settings):
    page = client_for(staff.ward_clerk).get(reverse("dossiers:detail", args=[filed_online.pk]))
    assert settings.MEDIA_URL not in page.content.decode()


# --- online procedures only ------------------------------------------------------------------------------


def test_the_online_form_offers_only_the_procedures_filed_online(client, units, procedures, in_person):
    page = client.get(reverse("dossiers:online"), {"unit": units.ward_bim_son.pk}).content.decode()
    assert "Đăng ký khai sinh" in page
    assert "Chứng thực chữ ký người dịch" not in page


def test_a_procedure_to_be_filed_in_person_posted_to_the_online_form_is_refused_with_a_clear_message(
    client, units, procedures, in_person, staff, media
):
    data = {"unit": units.ward_bim_son.pk, "procedure": in_person.pk, "applicant_name": "Nguyễn Văn An"}
    response = client.post(reverse("dossiers:online"), data)
    assert response.status_code == 400
    assert "Thủ tục này không nộp trực tuyến được" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_filing_action_itself_refuses_an_online_dossier_for_a_procedure_not_offered_online(
    units, procedures, in_person, staff
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        actions.do_file_dossier(
            unit=units.ward_bim_son,
            procedure=in_person,
            applicant=actions.Applicant(name="Nguyễn Văn An"),
            channel="online",
            actor=None,
            at=NOW,
        )
    assert "procedure" in refused.value.message_dict
    assert not Dossier.objects.exists()
    # The same procedure is filed at the desk.
    d = actions.do_file_dossier(
        unit=units.ward_bim_son,
        procedure=in_person,
        applicant=actions.Applicant(name="Nguyễn Văn An"),
        channel="counter",
        actor=staff.ward_clerk,
        at=NOW,
    )
    assert d.channel == "counter"
