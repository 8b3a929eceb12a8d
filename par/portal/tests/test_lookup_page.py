"""The lookup page (the receipt's QR code links here) and the rating after the result."""

import pytest

from par.audit.models import AuditEvent
from par.portal.models import Rating
from par.portal.tests.conftest import NOW
from par.portal.tokens import lookup_url, rating_token

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

SCORES = {"access": 5, "procedure": 4, "staff": 5, "result": 3}


def test_the_qr_link_shows_state_procedure_dates_and_a_masked_name(client, dossiers):
    html = client.get(lookup_url(dossiers.open.code)).content.decode()
    assert "Đăng ký khai sinh" in html and "N***** V** A*" in html and dossiers.open.code in html
    assert "Nguyễn Văn An" not in html and "0912345678" not in html and "038090001234" not in html
    assert "Chưa có" in html  # the result is not available yet


def test_an_unknown_code_gets_a_clear_message_revealing_nothing(client, dossiers):
    html = client.get("/tra-cuu/?code=14812-260318-9999").content.decode()
    assert "Không có hồ sơ nào có mã này" in html


def test_the_qr_link_carries_the_rating_code_into_the_form(client, dossiers):
    html = client.get(lookup_url(dossiers.on_time.code)).content.decode()
    assert "Đánh giá dịch vụ" in html and rating_token(dossiers.on_time.code) in html


def test_no_rating_form_before_the_result(client, dossiers):
    html = client.get(lookup_url(dossiers.open.code)).content.decode()
    assert "Đánh giá dịch vụ" not in html


def _rate(client, dossier, token=None, **scores):
    data = {"code": dossier.code, "token": token or rating_token(dossier.code), "comment": "Nhanh, chu đáo."}
    data.update({k: str(v) for k, v in {**SCORES, **scores}.items()})
    return client.post("/tra-cuu/rate/", data)


def test_the_applicant_rates_the_service_once_after_the_result(client, dossiers):
    response = _rate(client, dossiers.on_time)
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.dossier == dossiers.on_time and rating.scores == [5, 4, 5, 3]
    assert AuditEvent.objects.filter(action="portal.rate").exists()
    again = _rate(client, dossiers.on_time, access=1)
    assert again.status_code == 400 and "đã được đánh giá" in again.content.decode()
    assert Rating.objects.get().access == 5


def test_a_wrong_rating_code_is_refused_and_nothing_is_written(client, dossiers):
    response = _rate(client, dossiers.on_time, token=rating_token(dossiers.late.code))
    assert response.status_code == 400 and "Mã bảo mật không đúng" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_dossier_without_its_result_cannot_be_rated(client, dossiers):
    response = _rate(client, dossiers.open)
    assert response.status_code == 400 and "sau khi có kết quả" in response.content.decode()
    assert not Rating.objects.exists()


def test_a_score_outside_1_to_5_is_refused_in_vietnamese(client, dossiers):
    response = _rate(client, dossiers.on_time, staff=7)
    assert response.status_code == 400 and not Rating.objects.exists()
    assert "Lựa chọn không hợp lệ" in response.content.decode() or "Hãy chọn" in response.content.decode()


def test_the_satisfaction_measure_is_the_share_of_satisfied_answers(client, dossiers, units):
    import datetime as dt
    from decimal import Decimal

    from par import metrics

    _rate(client, dossiers.on_time)  # 3 of 4 answers satisfied
    _rate(client, dossiers.late, access=1, procedure=2, staff=4, result=5)  # 2 of 4
    m = metrics.measure(
        "portal.ratings_satisfied_pct", units.province, dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    )
    assert (m.numerator, m.denominator, m.value) == (5, 8, Decimal("62.50"))
    other = metrics.measure(
        "portal.ratings_satisfied_pct", units.justice, dt.date(2026, 3, 1), dt.date(2026, 3, 31)
    )
    assert other.value is None


def test_a_cached_page_asks_the_database_only_whether_the_dossier_was_rated(client, dossiers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(f"/tra-cuu/?code={dossiers.on_time.code}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/tra-cuu/?code={dossiers.on_time.code}").status_code == 200
    assert len(queries) == 1 and "portal_rating" in queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/tra-cuu/?code={dossiers.open.code}")
    assert len(queries) <= 2  # a miss: the two queries of the public view, no rating check before the result


def test_the_page_is_rate_limited_too(client, dossiers, settings):
    settings.PAR_PUBLIC_LOOKUP_RATE = "2/60"
    for _ in range(2):
        assert client.get(f"/tra-cuu/?code={dossiers.open.code}").status_code == 200
    response = client.get(f"/tra-cuu/?code={dossiers.open.code}")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Quá nhiều lượt tra cứu" in response.content.decode()
    assert "N***** V** A*" not in response.content.decode()
