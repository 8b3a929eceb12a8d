"""Properties of the pure working-day arithmetic, on random calendars and on the real Vietnamese one."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from par.calendars.tests.helpers import package_calendar, vn_rules
from par.calendars.workdays import (
    VIETNAM_TZ,
    DayRules,
    add_working_days,
    compute_due,
    effective_receipt_day,
    is_working_day,
    working_days_between,
)

FIRST, LAST = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
dates = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=0, max_value=60)
moments = st.datetimes(
    min_value=dt.datetime(2024, 1, 1),
    max_value=dt.datetime(2026, 12, 31),
    timezones=st.sampled_from([VIETNAM_TZ, dt.UTC]),
)


@st.composite
def any_rules(draw) -> DayRules:
    """A random calendar: any weekend short of the whole week, random days off, make-up days and cut-off."""
    weekend = draw(st.frozensets(st.integers(0, 6), max_size=6))
    days_off = draw(st.dictionaries(dates, st.just("Ngày nghỉ"), max_size=80))
    makeup = draw(st.frozensets(dates, max_size=12)) - set(days_off)
    cutoff = draw(st.none() | st.times())
    return DayRules(weekend=weekend, days_off=days_off, makeup_workdays=makeup, cutoff=cutoff)


rules_strategy = st.one_of(any_rules(), st.just(vn_rules()))


@given(rules_strategy, dates, counts)
def test_a_due_date_is_never_a_non_working_day(rules, start, n):
    assert is_working_day(add_working_days(start, n, rules), rules)


@given(rules_strategy, dates, st.integers(min_value=1, max_value=60))
def test_adding_then_counting_gives_back_n(rules, start, n):
    due = add_working_days(start, n, rules)
    assert due > start
    assert working_days_between(start, due, rules) == n


@given(rules_strategy, dates, st.integers(min_value=1, max_value=60))
def test_due_date_grows_strictly_with_the_number_of_days(rules, start, n):
    assert add_working_days(start, n, rules) < add_working_days(start, n + 1, rules)


@given(rules_strategy, dates)
def test_zero_days_and_one_day_coincide_only_when_the_start_is_a_day_off(rules, start):
    # n = 0 means "the first working day on or after start", n = 1 "the first working day after start".
    same = add_working_days(start, 0, rules) == add_working_days(start, 1, rules)
    assert same == (not is_working_day(start, rules))


@given(rules_strategy, dates, dates, dates)
def test_counting_is_antisymmetric_and_additive(rules, a, b, c):
    assert working_days_between(a, b, rules) == -working_days_between(b, a, rules)
    assert working_days_between(a, b, rules) + working_days_between(b, c, rules) == working_days_between(
        a, c, rules
    )


@given(rules_strategy, moments, counts)
def test_computed_due_date_is_a_working_day_counted_from_a_working_start(rules, received_at, n):
    result = compute_due(received_at, n, rules)
    local_day = received_at.astimezone(VIETNAM_TZ).date()
    assert is_working_day(result.due, rules)
    assert is_working_day(result.effective_start, rules)
    assert result.effective_start >= local_day
    assert result.due == add_working_days(result.effective_start, n, rules)
    assert all(not is_working_day(d.date, rules) for d in result.skipped)
    assert result.explanation  # always renders


@given(rules_strategy, moments)
def test_receipt_before_the_cutoff_on_a_working_day_counts_from_that_day(rules, received_at):
    local = received_at.astimezone(VIETNAM_TZ)
    on_time = rules.cutoff is None or local.time() < rules.cutoff
    if is_working_day(local.date(), rules) and on_time:
        assert effective_receipt_day(received_at, rules) == local.date()
    else:
        assert effective_receipt_day(received_at, rules) > local.date()


@given(dates, counts)
def test_the_vietnamese_calendar_agrees_with_the_holidays_package(start, n):
    rules, package = vn_rules(), package_calendar()
    assert is_working_day(start, rules) == package.is_working_day(start)
    assert add_working_days(start, n, rules) == package.get_nth_working_day(start, n)


@given(dates, dates)
def test_counting_matches_the_package_once_its_closed_interval_is_accounted_for(a, b):
    rules, package = vn_rules(), package_calendar()
    a, b = min(a, b), max(a, b)
    # The package counts [a, b]; ours counts (a, b].
    assert working_days_between(a, b, rules) == package.get_working_days_count(a, b) - package.is_working_day(
        a
    )
