"""A petition that is not recorded leaves no attachment on disk: its file goes with its rolled-back rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from par.petitions import actions
from par.petitions.models import Petition
from par.petitions.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def _form(unit, **overrides):
    return {
        "kind": "regulation",
        "unit": unit.pk,
        "subject": "Thành phần hồ sơ đăng ký kết hôn",
        "content": "Đề nghị bỏ yêu cầu giấy xác nhận tình trạng hôn nhân.",
        "name": "Trần Thị Bình",
        "contact": "binh@example.vn",
        "attachment": SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 minimal", content_type="application/pdf"),
        **overrides,
    }


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_submission_that_fails_after_its_file_was_written_leaves_no_file(client, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def notices_down(*args, **kwargs):
        raise RuntimeError("notices down")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(actions, "_notify", notices_down)
        with pytest.raises(RuntimeError):
            client.post("/petitions/submit/", _form(units.justice))
    assert not Petition.objects.exists()
    assert _files(tmp_path) == []


def test_a_code_drawn_twice_is_drawn_again_and_only_the_recorded_petitions_files_stay(
    client, units, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    # secret, code; then for the second petition: secret, the first one's code again, a fresh code.
    draws = iter(["AAAA", "BBBB", "SAME00", "CCCC", "DDDD", "SAME00", "OTHER0"])
    monkeypatch.setattr(actions, "_random", lambda n: next(draws))
    assert client.post("/petitions/submit/", _form(units.justice)).status_code == 200
    assert client.post("/petitions/submit/", _form(units.justice)).status_code == 200
    codes = sorted(Petition.objects.values_list("code", flat=True))
    assert [code[-6:] for code in codes] == ["OTHER0", "SAME00"]
    assert _files(tmp_path) == [f"petitions/{code}/to-khai.pdf" for code in codes]
    for petition in Petition.objects.all():
        assert petition.attachment.name == f"petitions/{petition.code}/to-khai.pdf"
