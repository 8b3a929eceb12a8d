"""The security code the applicant is handed: on the receipt and on the page after filing online."""

import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from par.dossiers import slips
from par.dossiers.models import Dossier
from par.dossiers.public import check_rating_token, printed_secret
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_the_printed_security_code_is_two_groups_of_five_that_the_lookup_accepts_as_typed():
    secret = printed_secret("14812-261109-0001")
    assert len(secret) == 11 and secret[5] == "-"
    for typed in (secret, secret.lower(), secret.replace("-", " "), secret.replace("-", "")):
        assert check_rating_token("14812-261109-0001", typed)
    assert not check_rating_token("14812-261109-0002", secret)


def test_the_receipt_prints_the_security_code_next_to_the_lookup_address(file_birth):
    d = file_birth(at(2026, 11, 9, 9))
    text = "\n".join(p.text for p in Document(io.BytesIO(slips.build(d, "receipt"))).paragraphs)
    assert f"Mã bảo mật: {printed_secret(d.code)}" in text and slips.lookup_url(d.code) in text
    assert "Mã đánh giá" not in text


def test_an_online_applicant_sees_the_security_code_to_keep(client, procedures, units):
    form = {
        "unit": units.ward_bim_son.pk,
        "procedure": procedures.birth.pk,
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912345678",
    }
    with time_machine.travel(at(2026, 11, 9, 9), tick=False):
        response = client.post(reverse("dossiers:online"), form)
    assert response.status_code == 200
    d = Dossier.objects.get()
    html = response.content.decode()
    assert printed_secret(d.code) in html and "Mã bảo mật" in html


def test_an_apology_recorded_before_the_change_loses_its_reason_from_the_public_explanation(
    file_birth, staff
):
    import datetime as dt
    from importlib import import_module

    from django.apps import apps

    from par.dossiers import actions

    d = file_birth(at(2026, 11, 9, 9))
    with time_machine.travel(at(2026, 11, 10, 9), tick=False):
        d = actions.do_extend(
            d,
            new_date=dt.date(2026, 11, 20),
            reason="Chờ ông Nguyễn Văn An bổ sung",
            expected_version=d.version,
            actor=staff.ward_officer,
        )
    first_line = d.due_explanation.splitlines()[0]
    old = (
        f"{first_line}\nPhiếu xin lỗi: hẹn trả 11/11/2026 được dời đến 20/11/2026 (Chờ ông Nguyễn Văn An bổ "
        "sung); kết quả vẫn tính là trễ hạn so với ngày hẹn trả."
    )
    Dossier.objects.filter(pk=d.pk).update(due_explanation=old)
    migration = import_module("par.dossiers.migrations.0002_apology_reason_out_of_due_explanation")
    migration.neutral_explanations(apps, None)
    d.refresh_from_db()
    assert d.due_explanation == (
        f"{first_line}\nPhiếu xin lỗi: hẹn trả 11/11/2026 được dời đến 20/11/2026; lý do ghi trên phiếu xin lỗi "
        "và hẹn lại ngày trả kết quả; kết quả vẫn tính là trễ hạn so với ngày hẹn trả."
    )
    assert d.extensions.get().reason == "Chờ ông Nguyễn Văn An bổ sung"  # the slip's record keeps it
