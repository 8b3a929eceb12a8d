"""par.documents.uploads: the checks every upload passes, and files that go when their transaction rolls back."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from par.core.testing import pdf
from par.documents import uploads
from par.documents.uploads import check_upload, save_upload
from par.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _write(code: str) -> str:
    """Write a checked PDF as the attachment of an unsaved petition; the stored name."""
    return save_upload(Petition(code=code).attachment, check_upload(pdf("don.pdf")))


def test_a_file_is_checked_by_its_content_not_only_its_name():
    checked = check_upload(pdf("bao-cao.PDF"))
    assert (checked.content_type, checked.size, len(checked.sha256)) == ("application/pdf", 25, 64)
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00", content_type="application/pdf"))
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("chay.exe", b"MZ\x90\x00"))


def test_files_written_in_a_block_that_commits_are_kept(media):
    with uploads.atomic():
        name = _write("PAKN-1")
    assert _files(media) == [name]


def test_files_written_in_a_block_that_raises_are_removed(media):
    with pytest.raises(RuntimeError), uploads.atomic():
        _write("PAKN-1")
        _write("PAKN-2")
        raise RuntimeError("the audit row could not be written")
    assert _files(media) == []


def test_an_inner_block_that_succeeded_loses_its_files_when_the_outer_one_fails(media):
    with pytest.raises(RuntimeError), uploads.atomic():
        with uploads.atomic():
            _write("PAKN-1")
        raise RuntimeError("outer failure")
    assert _files(media) == []


def test_an_inner_block_that_failed_loses_only_its_own_files(media):
    with uploads.atomic():
        kept = _write("PAKN-1")
        with pytest.raises(RuntimeError), uploads.atomic():
            _write("PAKN-2")
            raise RuntimeError("inner failure")
    assert _files(media) == [kept]


def test_a_file_cannot_be_written_outside_a_block_that_would_remove_it(media):
    with pytest.raises(RuntimeError, match="uploads.atomic"):
        _write("PAKN-1")
    assert _files(media) == []
