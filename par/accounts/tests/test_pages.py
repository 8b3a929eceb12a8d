"""Sign-in, home page, unit pages and the audit list, through HTTP, for each persona."""

import pytest
from django.urls import reverse

from par.accounts.models import Role
from par.audit.models import AuditEvent
from par.core.testing import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_anonymous_visitor_is_sent_to_the_vietnamese_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    page = client.get(response["Location"])
    assert "Đăng nhập" in page.content.decode()
    assert '<html lang="vi">' in page.content.decode()


def test_wrong_password_gets_a_clear_vietnamese_error(client, people):
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_then_home_shows_the_users_units_and_their_children(client, people, units):
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xin chào, Lê Thị Lan" in html
    assert "Tỉnh Thanh Hóa" in html and "Cán bộ CCHC tỉnh" in html
    assert "Sở Tư pháp" in html  # a child of the province, current on today's date


def test_repeated_failures_lock_the_account_out(client, people, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "lan", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "lan", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()


def test_logout_is_a_post_and_ends_the_session(client_for, people):
    client = client_for(people.justice_officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_change_is_audited_without_the_password(client_for, people):
    client = client_for(people.justice_officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Sam-Son-beach-77", "new_password2": "Sam-Son-beach-77"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.change_password")
    assert event.actor == people.justice_officer
    assert "Sam-Son" not in str(event.before) + str(event.after)
    people.justice_officer.refresh_from_db()
    assert people.justice_officer.check_password("Sam-Son-beach-77")


def test_password_change_rejects_a_weak_password_in_vietnamese(client_for, people):
    client = client_for(people.justice_officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn" in response.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.change_password").exists()


@pytest.mark.parametrize(
    ("persona", "unit", "expected"),
    [
        ("outsider", "justice", 404),
        ("ward_clerk", "ward_quang_trung", 404),
        ("justice_officer", "home_affairs", 404),
        ("ward_clerk", "ward_bim_son", 200),
        ("justice_officer", "justice", 200),
        ("par_officer", "ward_quang_trung", 200),
        ("par_officer", "ba_dinh", 200),
        ("auditor", "justice", 200),
    ],
)
def test_unit_page_is_visible_only_within_the_users_units(client_for, people, units, persona, unit, expected):
    client = client_for(getattr(people, persona))
    response = client.get(reverse("orgunits:detail", args=[getattr(units, unit).pk]))
    assert response.status_code == expected


def test_unit_page_of_a_missing_unit_looks_like_a_forbidden_one(client_for, people):
    client = client_for(people.ward_clerk)
    assert client.get(reverse("orgunits:detail", args=[999999])).status_code == 404


def test_anonymous_visitor_cannot_open_a_unit_page(client, units):
    response = client.get(reverse("orgunits:detail", args=[units.province.pk]))
    assert response.status_code == 302


def test_legacy_district_page_shows_its_successor_wards(client_for, people, units):
    from par.orgunits.models import LineageKind, UnitLineage

    UnitLineage.objects.create(
        old=units.bim_son,
        new=units.ward_bim_son,
        kind=LineageKind.SPLIT,
        effective_date=units.ward_bim_son.valid_from,
    )
    html = (
        client_for(people.par_officer)
        .get(reverse("orgunits:detail", args=[units.bim_son.pk]))
        .content.decode()
    )
    assert "Phường Bỉm Sơn" in html and "30/06/2025" in html


@pytest.mark.parametrize(
    ("persona", "expected"), [("ward_clerk", 404), ("par_officer", 200), ("auditor", 200)]
)
def test_audit_list_is_for_par_officers_and_auditors(client_for, people, persona, expected):
    assert client_for(getattr(people, persona)).get(reverse("audit:list")).status_code == expected


def test_anonymous_visitor_cannot_read_the_audit_list(client):
    assert client.get(reverse("audit:list")).status_code == 302


def test_audit_list_shows_only_events_of_visible_units(client_for, people, units):
    from django.db import transaction

    from par.audit.log import record_event

    with transaction.atomic():
        record_event(actor=None, action="test.visible", object_repr="Trong phạm vi", unit=units.justice)
        record_event(actor=None, action="test.hidden", object_repr="Ngoài phạm vi", unit=None)
    html = client_for(people.auditor).get(reverse("audit:list")).content.decode()
    assert "Trong phạm vi" in html and "Ngoài phạm vi" not in html


def test_interface_switches_to_english(client_for, people):
    client = client_for(people.par_officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign out" in html


def test_home_page_query_count_does_not_grow_with_units(
    client_for, people, units, django_assert_max_num_queries
):
    client = client_for(people.par_officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("home"))


def test_profile_lists_the_users_roles(client_for, people):
    html = client_for(people.appraiser).get(reverse("accounts:profile")).content.decode()
    assert str(Role.APPRAISER.label) in html


def test_health_check_answers_without_login(client, db):
    assert client.get(reverse("healthz")).content == b"ok"


def test_the_sign_in_page_leads_citizens_to_the_public_services_that_need_no_sign_in(client):
    html = client.get(reverse("accounts:login")).content.decode()
    for url in (
        "/tra-cuu/",
        "/dossiers/online/",
        "/tra-cuu/on-time/",
        "/petitions/submit/",
        "/petitions/answers/",
    ):
        assert f'href="{url}"' in html, url
        assert client.get(url).status_code == 200, url
