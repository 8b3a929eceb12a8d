"""Concrete cases from the domain brief (§3.3 cut-off, §4 holidays and swaps), on the package's calendar."""

import datetime as dt

import pytest

from par.calendars.tests.helpers import at, vn_rules
from par.calendars.workdays import (
    DayRules,
    OutsideCalendarError,
    add_working_days,
    compute_due,
    is_working_day,
    working_days_between,
)

D = dt.date


def test_due_date_skips_tet_2026():
    due = compute_due(at(2026, 2, 13, 9, 0), 10, vn_rules())
    assert due.due == D(2026, 3, 6)
    holidays = [(d.date, d.name) for d in due.skipped if not d.is_weekly_rest]
    assert [d for d, _ in holidays] == [D(2026, 2, d) for d in range(16, 21)]
    assert (D(2026, 2, 17), "Tết Nguyên Đán") in holidays
    assert "bỏ qua 5 ngày nghỉ lễ, tết, nghỉ bù: 16/02/2026 Giao thừa Tết Nguyên Đán" in due.explanation
    assert due.explanation.endswith("→ hạn thứ Sáu 06/03/2026")


def test_one_day_before_tet_2026_lands_after_the_whole_break():
    assert compute_due(at(2026, 2, 13, 14, 59), 1, vn_rules()).due == D(2026, 2, 23)


def test_2025_swap_day_is_off_and_its_saturday_is_worked():
    rules = vn_rules()
    assert not is_working_day(D(2025, 5, 2), rules)
    assert is_working_day(D(2025, 4, 26), rules)
    assert add_working_days(D(2025, 4, 25), 1, rules) == D(2025, 4, 26)
    due = compute_due(at(2025, 4, 25, 9, 0), 5, rules)
    assert due.due == D(2025, 5, 6)
    assert due.makeup_days == (D(2025, 4, 26),)
    assert "tính cả ngày làm bù thứ Bảy 26/04/2025" in due.explanation


def test_2026_swap_moves_work_to_saturday_22_august():
    rules = vn_rules()
    assert is_working_day(D(2026, 8, 22), rules)
    assert not is_working_day(D(2026, 8, 31), rules)
    assert add_working_days(D(2026, 8, 28), 1, rules) == D(2026, 9, 3)  # 31/08, 01/09 and 02/09 off


def test_hung_kings_2026_on_sunday_is_compensated_on_monday():
    assert compute_due(at(2026, 4, 24, 10, 0), 1, vn_rules()).due == D(2026, 4, 28)


def test_friday_receipt_after_the_1500_cutoff_counts_from_monday():
    due = compute_due(at(2026, 1, 16, 16, 10), 10, vn_rules())
    assert due.after_cutoff
    assert due.effective_start == D(2026, 1, 19)
    assert due.due == D(2026, 2, 2)
    assert due.explanation == (
        "Nhận hồ sơ lúc 16:10 thứ Sáu 16/01/2026, sau giờ chốt 15:00 → tính từ thứ Hai 19/01/2026; "
        "10 ngày làm việc, không kể ngày nhận; bỏ qua 4 ngày nghỉ hằng tuần → hạn thứ Hai 02/02/2026"
    )


@pytest.mark.parametrize(
    ("hour", "minute", "start", "due"),
    [
        (14, 59, D(2026, 1, 16), D(2026, 1, 19)),  # before the cut-off: Friday is the day of receipt
        (15, 0, D(2026, 1, 19), D(2026, 1, 20)),  # at the cut-off exactly: counts as after
        (16, 10, D(2026, 1, 19), D(2026, 1, 20)),
    ],
)
def test_the_cutoff_on_a_friday_is_inclusive_at_1500(hour, minute, start, due):
    result = compute_due(at(2026, 1, 16, hour, minute), 1, vn_rules())
    assert (result.effective_start, result.due) == (start, due)


def test_receipt_on_a_sunday_counts_from_monday():
    due = compute_due(at(2026, 1, 18, 10, 0), 1, vn_rules())
    assert due.received_on_day_off
    assert due.effective_start == D(2026, 1, 19)
    assert due.due == D(2026, 1, 20)
    assert due.explanation.startswith(
        "Nhận hồ sơ lúc 10:00 Chủ nhật 18/01/2026, là ngày nghỉ (nghỉ hằng tuần) → tính từ thứ Hai 19/01/2026"
    )


def test_receipt_on_a_tet_day_names_the_holiday():
    due = compute_due(at(2026, 2, 17, 8, 0), 1, vn_rules())
    assert due.effective_start == D(2026, 2, 23)
    assert "là ngày nghỉ (Tết Nguyên Đán)" in due.explanation


def test_receipt_after_the_cutoff_before_a_makeup_saturday_counts_from_that_saturday():
    due = compute_due(at(2025, 4, 25, 16, 0), 5, vn_rules())
    assert due.effective_start == D(2025, 4, 26)
    assert due.due == D(2025, 5, 7)
    assert "→ tính từ thứ Bảy 26/04/2025 (ngày làm bù);" in due.explanation


def test_receipt_on_a_makeup_saturday_is_a_normal_working_day():
    due = compute_due(at(2025, 4, 26, 9, 0), 1, vn_rules())
    assert not due.received_on_day_off
    assert due.effective_start == D(2025, 4, 26)
    assert due.due == D(2025, 4, 28)


def test_utc_input_is_judged_on_vietnamese_local_time():
    # 08:30 UTC is 15:30 in Hà Nội: after the cut-off.
    received = dt.datetime(2026, 1, 16, 8, 30, tzinfo=dt.UTC)
    due = compute_due(received, 1, vn_rules())
    assert due.received_at.strftime("%H:%M") == "15:30"
    assert due.after_cutoff


def test_a_procedure_may_set_its_own_cutoff_or_none():
    rules = vn_rules()
    assert compute_due(at(2026, 1, 16, 16, 10), 1, rules, cutoff=dt.time(16, 30)).due == D(2026, 1, 19)
    assert compute_due(at(2026, 1, 16, 16, 10), 1, rules, cutoff=None).due == D(2026, 1, 19)
    assert compute_due(at(2026, 1, 16, 16, 10), 1, rules.with_cutoff(dt.time(8, 0))).due == D(2026, 1, 20)


def test_zero_days_gives_the_effective_receipt_day():
    assert add_working_days(D(2026, 1, 18), 0, vn_rules()) == D(2026, 1, 19)
    assert compute_due(at(2026, 1, 16, 9, 0), 0, vn_rules()).due == D(2026, 1, 16)


def test_counting_excludes_the_first_day_and_includes_the_last():
    rules = vn_rules()
    assert working_days_between(D(2026, 1, 19), D(2026, 1, 19), rules) == 0
    assert working_days_between(D(2026, 1, 16), D(2026, 1, 19), rules) == 1


def test_naive_datetimes_and_negative_counts_are_refused():
    with pytest.raises(ValueError):
        compute_due(dt.datetime(2026, 1, 16, 9, 0), 1, vn_rules())
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 16), -1, vn_rules())


def test_leaving_the_covered_years_raises_instead_of_ignoring_holidays():
    with pytest.raises(OutsideCalendarError) as caught:
        compute_due(at(2027, 12, 20), 30, vn_rules())
    assert caught.value.year == 2028
    assert "2028" in str(caught.value)


def test_rules_refuse_a_week_without_working_days_and_days_both_off_and_worked():
    with pytest.raises(ValueError):
        DayRules(weekend=frozenset(range(7)))
    with pytest.raises(ValueError):
        DayRules(days_off={D(2025, 4, 26): "x"}, makeup_workdays=frozenset({D(2025, 4, 26)}))


def test_unconfirmed_years_are_flagged_in_the_explanation():
    rules = vn_rules()
    flagged = DayRules(
        weekend=rules.weekend,
        days_off=rules.days_off,
        makeup_workdays=rules.makeup_workdays,
        cutoff=rules.cutoff,
        unconfirmed_years=frozenset({2027}),
    )
    due = compute_due(at(2026, 12, 28), 10, flagged)
    assert due.unconfirmed_years == {2027}
    assert "(lịch năm 2027 chưa được xác nhận theo thông báo chính thức)" in due.explanation
