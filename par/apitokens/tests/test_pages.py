"""The API token page: only system administrators reach it; the key is shown once, on issue, never again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from knox.models import AuthToken

from par.apitokens.actions import do_issue_api_token
from par.apitokens.models import ApiToken, TokenAccess
from par.apitokens.testing import token_header
from par.apitokens.tests.conftest import NOW
from par.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = "/api-tokens/"
NEW = "/api-tokens/new/"


@pytest.fixture
def issued(frozen, people, units):
    """A read token for the Justice officer, limited to the Department of Justice, and its key."""
    return do_issue_api_token(
        user=people.justice_officer,
        name="Phần mềm một cửa Sở Tư pháp",
        access=TokenAccess.READ,
        units=[units.justice],
        actor=people.admin,
    )


def _form(people, tree, **changes):
    """The issue form's POST body: a 30-day read token for the Justice officer, limited to their department."""
    data = {
        "user": people.justice_officer.pk,
        "name": "Kho dữ liệu tỉnh",
        "access": TokenAccess.READ,
        "units": [tree.justice.pk],
        "days": 30,
        "reason": "Đồng bộ hồ sơ",
    }
    return {**data, **changes}


# --- who reaches the page ----------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client, issued):
    token, _key = issued
    for response in (
        client.get(LIST),
        client.get(NEW),
        client.post(reverse("apitokens:revoke", args=[token.pk])),
    ):
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("who", ["justice_officer", "ward_clerk", "par_officer"])
def test_anyone_but_an_administrator_finds_no_such_page(client_for, people, issued, who, units):
    token, _key = issued
    client = client_for(getattr(people, who))
    assert client.get(LIST).status_code == 404
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, _form(people, units)).status_code == 404
    assert client.post(reverse("apitokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_the_menu_offers_the_page_to_administrators_only(client_for, people):
    assert LIST in client_for(people.admin).get("/").content.decode()
    assert LIST not in client_for(people.par_officer).get("/").content.decode()


# --- issuing: the key once -----------------------------------------------------------------------------------


def test_the_administrator_issues_a_token_and_sees_its_key_once(client, client_for, people, units, frozen):
    admin = client_for(people.admin)
    response = admin.post(NEW, _form(people, units))
    assert response.status_code == 200
    key = response.context["key"]
    page = response.content.decode()
    assert key in page and "Khóa chỉ hiện một lần này" in page
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.access) == (people.justice_officer, "Kho dữ liệu tỉnh", "read")
    assert list(token.units.all()) == [units.justice]
    assert token.expires_at == NOW + dt.timedelta(days=30)
    event = AuditEvent.objects.get(action="apitokens.issue_token")
    assert event.actor == people.admin and event.reason == "Đồng bộ hồ sơ"
    # The key works for the system, and is never shown again: not in the list, not in the admin.
    assert client.get("/api/v1/units/", **token_header(key)).status_code == 200
    listing = admin.get(LIST).content.decode()
    assert token.prefix in listing and key not in listing
    digest = AuthToken.objects.get().digest
    for url in (
        reverse("admin:apitokens_apitoken_changelist"),
        reverse("admin:apitokens_apitoken_change", args=[token.pk]),
    ):
        shown = admin.get(url)
        assert shown.status_code == 200
        assert key not in shown.content.decode() and digest not in shown.content.decode()


def test_the_admin_offers_no_credential_model_and_no_way_to_add_a_token(client_for, people):
    admin = client_for(people.admin)
    assert admin.get("/admin/knox/authtoken/").status_code == 404
    assert admin.get(reverse("admin:apitokens_apitoken_add")).status_code == 403


def test_the_admin_revokes_through_the_audited_action(client, client_for, people, issued):
    token, key = issued
    response = client_for(people.admin).post(
        reverse("admin:apitokens_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "Đã thu hồi 1 mã truy cập." in response.content.decode()
    client.logout()
    assert client.get("/api/v1/units/", **token_header(key)).status_code == 401
    event = AuditEvent.objects.get(action="apitokens.revoke_token")
    assert event.actor == people.admin and event.reason == "Thu hồi trong trang quản trị"


def test_a_validity_beyond_the_maximum_is_refused_in_vietnamese(client_for, people, units, settings):
    settings.PAR_API_TOKEN_MAX_DAYS = 180
    response = client_for(people.admin).post(NEW, _form(people, units, days=181))
    assert response.status_code == 400
    assert "Thời hạn của mã truy cập từ 1 đến 180 ngày." in response.content.decode()
    assert not ApiToken.objects.exists() and not AuthToken.objects.exists()


def test_units_outside_the_accounts_reach_are_refused(client_for, people, units):
    response = client_for(people.admin).post(NEW, _form(people, units, units=[units.ward_bim_son.pk]))
    assert response.status_code == 400
    assert "không có vai trò nào với các đơn vị sau: Phường Bỉm Sơn" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_administrator_account_cannot_be_lent_to_a_system(client_for, people, units):
    response = client_for(people.admin).post(NEW, _form(people, units, user=people.admin.pk, units=[]))
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_the_default_validity_comes_from_the_settings(client_for, people, settings):
    settings.PAR_API_TOKEN_DAYS = 45
    response = client_for(people.admin).get(NEW)
    assert response.status_code == 200 and response.context["form"]["days"].value() == 45


# --- the list and revocation ---------------------------------------------------------------------------------


def test_the_list_shows_every_token_with_its_scope_and_state(client_for, people, units, issued):
    token, key = issued
    page = client_for(people.admin).get(LIST).content.decode()
    for text in ("Phần mềm một cửa Sở Tư pháp", token.prefix, "Chỉ đọc", "Sở Tư pháp", "Đang hiệu lực"):
        assert text in page
    assert key not in page


def test_revoking_on_the_page_stops_the_token_at_once(client, client_for, people, issued):
    token, key = issued
    assert client.get("/api/v1/units/", **token_header(key)).status_code == 200
    admin = client_for(people.admin)
    response = admin.post(reverse("apitokens:revoke", args=[token.pk]), {"reason": "Hết hợp đồng"})
    assert response.status_code == 302
    client.logout()
    assert client.get("/api/v1/units/", **token_header(key)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_by == people.admin and token.credential_id is None
    assert AuditEvent.objects.get(action="apitokens.revoke_token").reason == "Hết hợp đồng"
    assert "Đã thu hồi" in client_for(people.admin).get(LIST).content.decode()


def test_revoking_twice_says_so_and_writes_one_audit_row(client_for, people, issued):
    token, _key = issued
    admin = client_for(people.admin)
    admin.post(reverse("apitokens:revoke", args=[token.pk]))
    response = admin.post(reverse("apitokens:revoke", args=[token.pk]), follow=True)
    assert "Mã truy cập này đã bị thu hồi." in response.content.decode()
    assert AuditEvent.objects.filter(action="apitokens.revoke_token").count() == 1


def test_the_list_costs_the_same_queries_whatever_the_number_of_tokens(
    client_for, people, units, issued, django_assert_num_queries
):
    admin = client_for(people.admin)
    admin.get(LIST)
    with django_assert_num_queries(PAGE_QUERIES):
        admin.get(LIST)
    for name in ("Hệ thống A", "Hệ thống B", "Hệ thống C"):
        do_issue_api_token(
            user=people.par_officer,
            name=name,
            access=TokenAccess.WRITE,
            units=[units.justice],
            actor=people.admin,
        )
    with django_assert_num_queries(PAGE_QUERIES):
        admin.get(LIST)


# The session and its user, the count, the menu (roles, then unread notices for an account without roles), the
# page of tokens with their people joined, and their units.
PAGE_QUERIES = 7
