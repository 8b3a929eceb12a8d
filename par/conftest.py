"""Shared fixtures: a small slice of Thanh Hóa and one persona per role (alice-and-bob style)."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache
from django.utils import translation

from par.core.testing import client_for, people, units

# The shared fixtures live in par.core.testing; importing them here offers them to every test.
__all__ = ["client_for", "people", "units"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures are still
# synchronous, so Django's async-safety guard is switched off for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Lockout is tested on purpose where needed; elsewhere failed logins must not leak between tests.
    settings.AXES_ENABLED = False
    # The production hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts in the default language (Vietnamese): a request in English earlier in the same worker
    # must not leak into text built outside a request.
    translation.activate(settings.LANGUAGE_CODE)
    # Calendar rules (cached by calendar id, which a rolled-back test can leave to be reused), rate-limit
    # counters and cached public answers live in the cache: each test starts with an empty one.
    cache.clear()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, set up after the test database so that it is stopped first: no server thread
    is left holding a connection when the database is dropped at the end of the run."""
    return live_server
