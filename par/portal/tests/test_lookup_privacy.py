"""What the public lookup shows: a code alone gives the state and the dates; the masked name, the procedure
and the unit need the security code printed on the receipt too; an apology slip's reason is never shown."""

import datetime as dt
import json

import pytest

from par.portal.tests.conftest import NOW, at
from par.portal.tokens import lookup_url, rating_token

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

# What only a holder of the receipt may read (the fixtures' dossiers are all at Phường Bỉm Sơn).
RECEIPT_ONLY = ("Đăng ký khai sinh", "1.001193", "N***** V** A*", "L** T** C**", "Phường Bỉm Sơn")
REASON = "Chờ xác minh với ông Nguyễn Văn An, CCCD 038090001234, 0912345678"


def _json(client, code, secret=None, **headers):
    query = {"t": secret} if secret is not None else {}
    return client.get(f"/api/v1/public/dossiers/{code}", query, **headers)


def _page(client, code, secret=None):
    query = {"code": code} | ({"t": secret} if secret is not None else {})
    return client.get("/tra-cuu/", query)


def _grouped(secret: str) -> str:
    """The security code as printed on the receipt: two groups of five, as a citizen types it (any case)."""
    return f"{secret[:5]}-{secret[5:]}".lower()


def _apologise(dossier, reason=REASON):
    from par.dossiers.actions import do_extend

    return do_extend(
        dossier,
        new_date=dt.date(2026, 3, 27),
        reason=reason,
        expected_version=dossier.version,
        actor=None,
        at=at(2026, 3, 19, 15),
    )


def test_a_code_alone_shows_the_state_and_the_dates_but_no_name_procedure_or_unit(client, dossiers):
    for d in (dossiers.open, dossiers.on_time, dossiers.late):
        body = _json(client, d.code).json()
        assert body["state_label"] and body["due_date"] and body["with_secret"] is False
        html = _page(client, d.code).content.decode()
        assert d.code in html and body["state_label"] in html and body["due_date"] in html
        for hidden in RECEIPT_ONLY:
            assert hidden not in json.dumps(body, ensure_ascii=False), hidden
            assert hidden not in html, hidden


def test_the_step_names_of_a_code_only_lookup_are_left_out_too(client, dossiers):
    steps = _json(client, dossiers.on_time.code).json()["steps_done"]
    assert steps and all(set(step) == {"at", "state"} for step in steps)


def test_the_receipt_secret_adds_the_masked_name_the_procedure_and_the_unit(client, dossiers):
    d = dossiers.open
    secret = rating_token(d.code)
    for body in (
        _json(client, d.code, secret).json(),
        _json(client, d.code, HTTP_X_DOSSIER_SECRET=_grouped(secret)).json(),
    ):
        assert body["with_secret"] is True and body["applicant"] == "N***** V** A*"
        assert body["procedure_name"] == "Đăng ký khai sinh" and body["unit_name"] == "Phường Bỉm Sơn"
    for html in (
        client.get(lookup_url(d.code)).content.decode(),  # the receipt's QR link
        _page(client, d.code, _grouped(secret)).content.decode(),  # typed from the paper
    ):
        assert "N***** V** A*" in html and "Đăng ký khai sinh" in html and "Phường Bỉm Sơn" in html
        assert "Nguyễn Văn An" not in html and "038090001234" not in html and "0912345678" not in html


def test_a_wrong_secret_gets_the_code_only_view(client, dossiers):
    d = dossiers.late
    wrong = rating_token(dossiers.open.code)  # the secret of another dossier
    body = _json(client, d.code, wrong).json()
    assert body["with_secret"] is False and body["due_date"]
    html = _page(client, d.code, wrong).content.decode()
    assert "Mã bảo mật không khớp" in html
    for hidden in RECEIPT_ONLY:
        assert hidden not in json.dumps(body, ensure_ascii=False) and hidden not in html


def test_a_cached_full_answer_never_reaches_a_code_only_request(client, dossiers, django_assert_num_queries):
    d = dossiers.open
    assert _json(client, d.code, rating_token(d.code)).json()["applicant"] == "N***** V** A*"
    with django_assert_num_queries(0):  # served from the cache filled by the request with the secret
        body = _json(client, d.code).json()
    assert "applicant" not in body and "procedure_name" not in body
    assert "N***** V** A*" not in _page(client, d.code).content.decode()


def test_a_cached_code_only_answer_does_not_hide_the_full_one(client, dossiers, django_assert_num_queries):
    d = dossiers.open
    assert "applicant" not in _json(client, d.code).json()
    with django_assert_num_queries(0):
        assert _json(client, d.code, rating_token(d.code)).json()["applicant"] == "N***** V** A*"


def test_the_json_lookup_tells_caches_that_it_depends_on_the_secret_header(client, dossiers):
    d = dossiers.open
    assert "X-Dossier-Secret" in _json(client, d.code)["Vary"]
    full = _json(client, d.code, rating_token(d.code))
    assert "no-store" in full["Cache-Control"] and "private" in full["Cache-Control"]


def test_guessing_consecutive_codes_reveals_no_name_and_no_procedure(client, dossiers):
    prefix, _, number = dossiers.open.code.rpartition("-")
    found = []
    for n in range(1, 40):
        response = _json(client, f"{prefix}-{n:04d}")
        if response.status_code == 200:
            found.append(response.json())
    assert found and all("applicant" not in b and "procedure_name" not in b for b in found)


def test_the_apology_reason_never_appears_on_the_lookup_page_or_in_the_json(
    client, dossiers, django_capture_on_commit_callbacks
):
    d = dossiers.open
    with django_capture_on_commit_callbacks(execute=True):
        _apologise(d)
    secret = rating_token(d.code)
    full = _json(client, d.code, secret).json()
    assert full["new_due_date"] == "27/03/2026"
    assert "lý do ghi trên phiếu xin lỗi và hẹn lại ngày trả kết quả" in full["due_explanation"]
    for text in (
        json.dumps(full, ensure_ascii=False),
        _json(client, d.code).content.decode(),
        client.get(lookup_url(d.code)).content.decode(),
        _page(client, d.code).content.decode(),
    ):
        for private in ("Chờ xác minh", "Nguyễn Văn An", "038090001234", "0912345678"):
            assert private not in text, private
    # The staff keep the reason: on the apology slip's record and in the dossier's history.
    assert d.extensions.get().reason == REASON
    assert d.events.filter(action="extend", note=REASON).exists()


def test_the_receipt_prints_the_security_code_in_a_form_people_can_type(dossiers):
    import io

    from docx import Document

    from par.dossiers import slips

    d = dossiers.open
    text = "\n".join(p.text for p in Document(io.BytesIO(slips.build(d, "receipt"))).paragraphs)
    secret = rating_token(d.code)
    assert f"Mã bảo mật: {secret[:5]}-{secret[5:]}" in text
    assert lookup_url(d.code) in text


def test_the_lookup_form_has_an_optional_field_for_the_security_code(client, dossiers):
    html = _page(client, dossiers.open.code).content.decode()
    assert 'name="t"' in html and "Mã bảo mật" in html


def test_the_schema_documents_the_public_lookup_and_its_secret(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", validate=True, fail_on_warn=True, stdout=out, stderr=StringIO())
    schema = out.getvalue()
    assert "/api/v1/public/dossiers/{code}:" in schema
    assert "name: t" in schema and "name: X-Dossier-Secret" in schema
