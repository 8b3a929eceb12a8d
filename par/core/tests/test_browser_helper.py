"""The browser helper leaves no database session behind, so the test database can be dropped at the end."""

import pytest
from django.db import connection

from par.accounts.models import User
from par.core.browser import browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sessions_on_the_test_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


def test_database_queries_made_while_the_browser_is_open_leave_no_session_behind():
    if connection.vendor != "postgresql":
        pytest.skip("counts PostgreSQL sessions")
    before = _sessions_on_the_test_database()
    with browser_page("helper-sessions") as page:
        page.set_content("<p>Trang thử</p>")
        # Playwright runs an event loop in this thread, so this query gets a connection of its own.
        assert User.objects.count() == 0
    assert _sessions_on_the_test_database() == before
