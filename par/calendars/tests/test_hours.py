"""Due times of limits within the day or with a half day, on working hours 07:00–11:30 and 13:30–17:00."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from par.calendars.hours import compute_due_time, is_time_bound, resume_due_time, working_time_between
from par.calendars.workdays import DayRules, WorkingHours

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 09/11/2026 … Friday 13/11/2026; Saturday 14 and Sunday 15 are weekly rest days.
RULES = DayRules(days_off={dt.date(2026, 11, 24): "Ngày Văn hóa Việt Nam"})


def at(day, hour, minute=0):
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=VN)


def due(received, days, rules=RULES, **kwargs):
    return compute_due_time(received, Decimal(str(days)), rules, **kwargs).due


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, True), ("0.5", True), ("2.5", True), (1, False), (3, False)],
)
def test_only_limits_within_the_day_or_with_a_half_day_get_a_due_time(days, expected):
    assert is_time_bound(Decimal(str(days))) is expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(9, 6, 30), at(9, 11, 30)),  # before opening: four hours from 07:00 end at 11:00, in the morning
        (at(9, 7, 30), at(9, 11, 30)),  # exactly four hours: the end of the morning
        (at(9, 9, 0), at(9, 17, 0)),  # 2½ hours in the morning, 1½ in the afternoon (15:00)
        (at(9, 11, 0), at(9, 17, 0)),  # ½ hour in the morning, 3½ in the afternoon: 17:00 exactly
        (at(9, 12, 0), at(10, 11, 30)),  # in the lunch break: 3½ hours from 13:30, ½ hour tomorrow
        (at(9, 14, 0), at(10, 11, 30)),  # 3 hours this afternoon, 1 tomorrow morning
        (at(9, 15, 30), at(10, 11, 30)),  # after the 15:00 cut-off: from tomorrow 07:00
        (at(13, 14, 0), at(16, 11, 30)),  # Friday afternoon: over the weekend to Monday morning
        (at(14, 9, 0), at(16, 11, 30)),  # received on Saturday: from Monday 07:00
    ],
)
def test_half_a_day_is_four_working_hours_from_receipt_due_at_the_end_of_its_session(received, expected):
    assert due(received, "0.5") == expected


def test_the_exact_rounding_gives_the_moment_the_four_hours_run_out():
    assert due(at(9, 9, 0), "0.5", rounding="exact") == at(9, 15, 0)
    assert due(at(9, 14, 0), "0.5", rounding="exact") == at(10, 8, 0)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(9, 8, 0), at(9, 17, 0)),
        (at(9, 14, 59), at(9, 17, 0)),
        (at(9, 15, 0), at(10, 17, 0)),  # at the cut-off: the next working day
        (at(13, 16, 0), at(16, 17, 0)),  # Friday after the cut-off: Monday
    ],
)
def test_within_the_day_is_due_at_the_end_of_the_working_day(received, expected):
    assert due(received, 0) == expected


def test_whole_days_then_half_a_day_from_the_next_working_morning():
    # 2 working days from Monday end on Wednesday 11/11; the half day then runs on Thursday morning.
    result = compute_due_time(at(9, 9, 0), Decimal("2.5"), RULES)
    assert result.due == at(12, 11, 30)
    assert "11/11/2026" in result.explanation and "11:30" in result.explanation


def test_one_and_a_half_days_is_never_due_before_one_day():
    # One day from Monday 07:00 is due Tuesday 17:00; one and a half days cannot end earlier.
    assert due(at(9, 7, 0), "1.5") == at(11, 11, 30)


def test_a_holiday_is_not_working_time():
    assert due(at(23, 14, 0), "0.5") == at(25, 11, 30)


def test_other_working_hours_move_the_due_time():
    rules = DayRules(hours=WorkingHours(dt.time(7, 30), dt.time(11, 30), dt.time(13, 0), dt.time(17, 0)))
    # Half of 8 hours is 4: from 07:30 to 11:30 exactly.
    assert due(at(9, 7, 30), "0.5", rules) == at(9, 11, 30)


def test_working_time_between_counts_only_sessions_of_working_days():
    assert working_time_between(at(9, 9, 0), at(9, 17, 0), RULES) == dt.timedelta(hours=6)
    assert working_time_between(at(13, 16, 0), at(16, 8, 0), RULES) == dt.timedelta(hours=2)
    assert working_time_between(at(9, 17, 0), at(9, 9, 0), RULES) == dt.timedelta()


def test_after_a_pause_the_working_time_left_continues_from_the_resumption():
    assert resume_due_time(at(10, 10, 0), dt.timedelta(hours=2), RULES).due == at(10, 17, 0)
    assert resume_due_time(at(10, 10, 0), dt.timedelta(hours=1), RULES).due == at(10, 11, 30)


def test_the_explanation_names_the_working_hours_and_the_session():
    text = compute_due_time(at(9, 9, 0), Decimal("0.5"), RULES).explanation
    assert "07:00–11:30, 13:30–17:00" in text and "17:00" in text and "15:00" in text
