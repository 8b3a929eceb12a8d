"""Rules built straight from the `holidays` package, for tests of the pure arithmetic (no database)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

from par.calendars.holidays_source import proposed_days
from par.calendars.models import DayKind
from par.calendars.workdays import VIETNAM_TZ, DayRules

YEARS = range(2024, 2028)


@cache
def vn_rules() -> DayRules:
    """The Vietnamese calendar 2024–2027 as the package proposes it, with the 15:00 cut-off."""
    days_off: dict[dt.date, str] = {}
    makeup: set[dt.date] = set()
    for year in YEARS:
        for day, proposal in proposed_days(year).items():
            if proposal.kind == DayKind.MAKEUP_WORKDAY:
                makeup.add(day)
            else:
                days_off[day] = proposal.name
    return DayRules(
        days_off=days_off,
        makeup_workdays=frozenset(makeup),
        cutoff=dt.time(15, 0),
        calendar_name="VN",
        covered_years=frozenset(YEARS),
    )


@cache
def package_calendar():
    return holidays.country_holidays("VN", years=YEARS, language="vi")


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime in Vietnamese local time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM_TZ)
