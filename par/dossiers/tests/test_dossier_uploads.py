"""Files uploaded with a dossier go through par.documents.uploads: checked by the action itself, and removed
from disk when the action's transaction rolls back, also when it runs inside a larger one."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from par.documents import uploads
from par.dossiers import actions
from par.dossiers.models import Dossier, DossierDocument
from par.dossiers.tests.conftest import NOW

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="to-khai.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _file_online(units, procedures, *documents):
    return actions.do_file_dossier(
        unit=units.ward_bim_son,
        procedure=procedures.birth,
        applicant=actions.Applicant(name="Nguyễn Văn An"),
        channel="online",
        documents=list(documents),
        actor=None,
        at=NOW,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_uploaded_file_is_kept_with_its_checked_type_and_size(units, procedures, staff, media):
    d = _file_online(units, procedures, actions.PaperDocument(name="Tờ khai", upload=_pdf()))
    document = d.documents.get()
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    assert document.file.read() == PDF and len(list(media.rglob("*.pdf"))) == 1


def test_the_action_itself_refuses_a_renamed_file_and_stores_nothing(units, procedures, staff, media):
    renamed = _pdf(content=b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="to-khai.pdf"):
        _file_online(units, procedures, actions.PaperDocument(name="Tờ khai", upload=renamed))
    assert not Dossier.objects.exists() and not any(media.rglob("*"))


def test_a_filing_rolled_back_by_the_transaction_around_it_leaves_no_file_on_disk(
    units, procedures, staff, media
):
    class Later(Exception):
        pass

    with pytest.raises(Later), uploads.atomic():
        _file_online(units, procedures, actions.PaperDocument(name="Tờ khai", upload=_pdf()))
        assert len(list(media.rglob("*.pdf"))) == 1
        raise Later
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()
    assert not any(media.rglob("*.pdf"))


def test_a_counter_filing_whose_check_is_refused_leaves_no_file_on_disk(units, procedures, staff, media):
    with pytest.raises(ValidationError):
        actions.do_file_and_check(
            unit=units.ward_bim_son,
            procedure=procedures.birth,
            applicant=actions.Applicant(name="Nguyễn Văn An"),
            channel="counter",
            documents=[actions.PaperDocument(name="Tờ khai", upload=_pdf())],
            decision="receive",
            actor=staff.ward_clerk,
            at=NOW,
        )
    assert not Dossier.objects.exists() and not any(media.rglob("*.pdf"))


def test_a_supplement_refused_for_its_state_leaves_no_file_on_disk(
    units, procedures, staff, file_birth, media
):
    d = file_birth(NOW)  # received complete: no supplement was asked for
    with pytest.raises(ValidationError):
        actions.do_receive_supplement(
            d,
            expected_version=d.version,
            actor=staff.ward_clerk,
            documents=[actions.PaperDocument(name="Bổ sung", upload=_pdf("bo-sung.pdf"))],
        )
    assert not DossierDocument.objects.filter(kind="supplement").exists() and not any(media.rglob("*.pdf"))
