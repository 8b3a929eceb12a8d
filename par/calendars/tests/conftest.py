"""Fixtures of the calendar tests: a seeded national calendar (par/conftest.py empties the cache)."""

import pytest


@pytest.fixture
def national(db):
    """The national calendar "VN" seeded for 2025 and 2026 by the system command path."""
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year

    calendar, _ = do_ensure_national_calendar(actor=None)
    for year in (2025, 2026):
        do_seed_calendar_year(calendar, year, actor=None)
    return calendar
