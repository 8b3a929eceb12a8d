"""GET /api/v1/public/dossiers/<code>: no login, no personal data, cached, lean and rate-limited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.portal.tests.conftest import NOW
from par.portal.tokens import rating_token

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def _get(client, code, **extra):
    return client.get(f"/api/v1/public/dossiers/{code}", **extra)


def test_the_holder_of_the_receipt_reads_the_public_facts_of_a_dossier(client, dossiers):
    code = dossiers.on_time.code
    body = client.get(f"/api/v1/public/dossiers/{code}", {"t": rating_token(code)}).json()
    assert body["code"] == dossiers.on_time.code and body["procedure_name"] == "Đăng ký khai sinh"
    assert body["result_available"] is True and body["unit_name"] == "Phường Bỉm Sơn"
    assert body["applicant"] == "N***** V** A*" and body["due_date"] and body["due_explanation"]
    assert body["state"] == "result_ready" and body["steps_done"][-1]["state"] == body["state_label"]


def test_no_personal_data_leaks(client, dossiers):
    raw = _get(
        client, dossiers.late.code, HTTP_X_DOSSIER_SECRET=rating_token(dossiers.late.code)
    ).content.decode()
    for personal in ("Lê Thị Cúc", "038090001234", "0912345678", "hoa", "Đỗ Thị Hoa"):
        assert personal not in raw


def test_an_unknown_code_gets_404_with_a_vietnamese_message_and_nothing_else(client, dossiers):
    response = _get(client, "14812-260318-9999")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Không có hồ sơ nào có mã này. Vui lòng kiểm tra mã in trên giấy tiếp nhận."
    }


def test_a_cached_hit_makes_no_query_and_a_miss_at_most_two(client, dossiers):
    code = dossiers.open.code
    with CaptureQueriesContext(connection) as miss:
        assert _get(client, code).status_code == 200
    with CaptureQueriesContext(connection) as hit:
        assert _get(client, code).status_code == 200
    assert len(miss) <= 2, [q["sql"] for q in miss]
    assert len(hit) == 0, [q["sql"] for q in hit]


def test_unknown_codes_are_cached_too(client, dossiers):
    _get(client, "14812-260318-9999")
    with CaptureQueriesContext(connection) as again:
        assert _get(client, "14812-260318-9999").status_code == 404
    assert len(again) == 0


def test_the_lookup_touches_no_session_and_sets_no_cookie(client, dossiers, people):
    client.force_login(people.ward_clerk)  # even a signed-in browser gets a session-free answer
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, dossiers.open.code)
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "Cookie" not in response.headers.get("Vary", "")
    assert not any("session" in q["sql"].lower() or "accounts_user" in q["sql"].lower() for q in queries)


def test_a_transition_drops_the_cached_view(client, dossiers, django_capture_on_commit_callbacks):
    from par.dossiers.actions import do_return_result

    code = dossiers.on_time.code
    assert _get(client, code).json()["state"] == "result_ready"
    with django_capture_on_commit_callbacks(execute=True):
        do_return_result(
            dossiers.on_time, method="counter", expected_version=dossiers.on_time.version, actor=None
        )
    assert _get(client, code).json()["state"] == "returned"


def test_the_lookup_is_csrf_exempt_and_read_only(client, dossiers):
    assert client.post(f"/api/v1/public/dossiers/{dossiers.open.code}").status_code == 405


def test_too_many_lookups_from_one_address_get_429_with_retry_after(client, dossiers, settings):
    settings.PAR_PUBLIC_LOOKUP_RATE = "3/60"
    for _ in range(3):
        assert _get(client, dossiers.open.code).status_code == 200
    response = _get(client, dossiers.open.code)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Quá nhiều lượt tra cứu" in response.json()["detail"]
    # Another address is not affected.
    assert _get(client, dossiers.open.code, REMOTE_ADDR="10.0.0.9").status_code == 200
