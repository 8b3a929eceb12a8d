"""Sign-in lockout: one username at one address after AXES_FAILURE_LIMIT failures, and the address itself after
PAR_LOGIN_ADDRESS_FAILURE_LIMIT failures whatever the usernames (password spraying; decision 0100)."""

import pytest
from django.urls import reverse

from par.core.testing import PASSWORD

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def axes(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.PAR_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    return settings


def sign_in(client, username, password, address):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_trying_many_usernames_from_one_address_locks_the_address_out(client, people, axes):
    for n in range(axes.PAR_LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        assert sign_in(client, f"nguoi-dung-{n}", "Mat-khau-2026", SPRAYER).status_code == 200
    assert sign_in(client, "nguoi-dung-cuoi", "Mat-khau-2026", SPRAYER).status_code == 429
    locked = sign_in(client, "lan", PASSWORD, SPRAYER)  # even a right password, from that address
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tạm khóa đăng nhập" in html and "15 phút" in html
    assert "_auth_user_id" not in client.session
    # Another address still signs in.
    assert sign_in(client, "lan", PASSWORD, OFFICE).status_code == 302


def test_a_few_mistakes_by_several_people_of_one_office_lock_nobody_out(client, people, axes):
    for username in ("lan", "hung", "mai"):
        for _ in range(2):
            assert sign_in(client, username, "sai", OFFICE).status_code == 200
    assert sign_in(client, "nam", PASSWORD, OFFICE).status_code == 302


def test_one_username_is_still_locked_after_its_own_limit_at_that_address(client, people, axes):
    for _ in range(axes.AXES_FAILURE_LIMIT):
        sign_in(client, "lan", "sai", OFFICE)
    assert sign_in(client, "lan", PASSWORD, OFFICE).status_code == 429
    assert sign_in(client, "hung", PASSWORD, OFFICE).status_code == 302  # the address itself is not locked


def test_signing_in_with_one_valid_account_does_not_reset_the_addresss_count(client, people, axes):
    for n in range(axes.PAR_LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        sign_in(client, f"nguoi-dung-{n}", "Mat-khau-2026", SPRAYER)
    assert sign_in(client, "lan", PASSWORD, SPRAYER).status_code == 302
    client.logout()
    sign_in(client, "nguoi-dung-x", "Mat-khau-2026", SPRAYER)
    assert sign_in(client, "hung", PASSWORD, SPRAYER).status_code == 429
