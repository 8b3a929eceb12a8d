"""With DEBUG off, 400, 403 (a CSRF failure too), 404 and 500 are pages in Vietnamese, not Django's English
defaults; under /api/ they stay JSON."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("par.core.tests.error_urls")]


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # answer as the server does, with the 500 page
    return client


def test_an_unknown_address_is_a_vietnamese_404_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and '<html lang="vi">' in html
    assert "Not Found" not in html


def test_the_404_page_is_in_english_for_a_visitor_who_chose_english(client):
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/khong-co-trang-nay/").content.decode()


def test_a_forbidden_page_is_a_vietnamese_403_page(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Không được phép truy cập" in response.content.decode()


def test_a_bad_request_is_a_vietnamese_400_page(client):
    response = client.get("/suspicious/")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_server_error_is_a_vietnamese_500_page_that_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi máy chủ" in html and '<html lang="vi">' in html


def test_a_form_sent_without_its_csrf_token_gets_a_vietnamese_403_page(db):
    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_api_errors_stay_json(client, client_for, people):
    missing = client.get("/api/v1/khong-co/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json()["detail"]
    boom = client.get("/api/v1/boom/")
    assert boom.status_code == 500 and boom.json()["detail"]
    forbidden = client.get("/api/v1/forbidden/")
    assert forbidden.status_code == 403 and forbidden.json()["detail"]
    inside = client_for(people.ward_clerk).get("/api/v1/units/999999/")
    assert inside.status_code == 404 and inside["Content-Type"] == "application/json"
