"""Fixtures of the calendar tests: a seeded national calendar and an empty cache."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rules are cached by calendar id and version; a rolled-back test can leave an id to be reused.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def national(db):
    """The national calendar "VN" seeded for 2025 and 2026 by the system command path."""
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year

    calendar, _ = do_ensure_national_calendar(actor=None)
    for year in (2025, 2026):
        do_seed_calendar_year(calendar, year, actor=None)
    return calendar
