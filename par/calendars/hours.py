"""Due times for limits under a working day or with a half day: pure functions over `DayRules`, no database.

Rules (docs/decisions/0154-due-times-for-half-days-and-hours.md):
- A limit "within the day" (0 working days) is due at the end of the afternoon session of the day the receipt
  counts on (the cut-off rule of 0020 moves a late receipt to the next working day).
- Half a working day is half of the day's working hours (4 hours with the default 07:00–11:30 and 13:30–17:00).
  A limit of half a day is counted in working time from the moment of receipt (Civil Code 2015 Art. 147(1):
  limits in hours start at the stated moment): within working hours the moment itself, before them the start of
  the next session, on a day off or after the cut-off the start of the next working day.
- A limit of N½ days (N ≥ 1) counts its N whole days by the day rule (0020), then half a working day from the
  start of the next working day.
- The due time is the end of the session in which that working time runs out (morning or afternoon), or the
  exact moment when settings.PAR_DUE_TIME_ROUNDING is "exact".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from par.calendars.workdays import (
    ONE_DAY,
    USE_CALENDAR_CUTOFF,
    VIETNAM_TZ,
    DayRules,
    DueDate,
    WorkingHours,
    compute_due,
    effective_receipt_day,
    format_date,
    is_working_day,
    next_working_day,
    weekday_name,
)

ROUND_TO_SESSION = "session"
EXACT = "exact"


def is_time_bound(days: Decimal | int) -> bool:
    """True for a limit that needs a due time: "within the day" (0) or one with a half day (0.5, 2.5, …)."""
    value = Decimal(days)
    return value == 0 or value != value.to_integral_value()


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=VIETNAM_TZ)


ANY_DAY = dt.date(2000, 1, 3)  # only the difference of two times on one day is read from it


def day_length(hours: WorkingHours) -> dt.timedelta:
    """The working time of one working day (8 hours for 07:00–11:30, 13:30–17:00)."""
    return sum((_at(ANY_DAY, b) - _at(ANY_DAY, a) for a, b in hours.sessions), dt.timedelta())


def half_day(hours: WorkingHours) -> dt.timedelta:
    """Half a working day: half the working hours of a day (4 hours for 07:00–11:30, 13:30–17:00)."""
    return day_length(hours) / 2


def start_moment(received_at: dt.datetime, rules: DayRules, cutoff=USE_CALENDAR_CUTOFF) -> dt.datetime:
    """The moment working time starts to count for something received at `received_at` (local time)."""
    local = received_at.astimezone(VIETNAM_TZ).replace(microsecond=0)
    limit = rules.cutoff if cutoff is USE_CALENDAR_CUTOFF else cutoff
    hours = rules.hours
    day, time = local.date(), local.time()
    if not is_working_day(day, rules) or (limit is not None and time >= limit) or time >= hours.afternoon_end:
        return _at(next_working_day(day + ONE_DAY, rules), hours.morning_start)
    if time < hours.morning_start:
        return _at(day, hours.morning_start)
    if hours.morning_end <= time < hours.afternoon_start:
        return _at(day, hours.afternoon_start)
    return local


def add_working_time(
    start: dt.datetime, amount: dt.timedelta, rules: DayRules
) -> tuple[dt.datetime, dt.datetime]:
    """The moment `amount` of working time after `start`, and the end of the session it falls in."""
    current = start.astimezone(VIETNAM_TZ)
    day, remaining = current.date(), amount
    while True:  # terminates: every week has a working day, and each one has working time
        if is_working_day(day, rules):
            for first, last in rules.hours.sessions:
                begin, end = max(current, _at(day, first)), _at(day, last)
                if end <= begin:
                    continue
                if remaining <= end - begin:
                    return begin + remaining, end
                remaining -= end - begin
        day += ONE_DAY
        current = _at(day, dt.time.min)


def working_time_between(a: dt.datetime, b: dt.datetime, rules: DayRules) -> dt.timedelta:
    """Working time in [a, b] on the calendar's working days and hours (zero when b <= a)."""
    total = dt.timedelta()
    a, b = a.astimezone(VIETNAM_TZ), b.astimezone(VIETNAM_TZ)
    day = a.date()
    while day <= b.date():
        if is_working_day(day, rules):
            for first, last in rules.hours.sessions:
                begin, end = max(a, _at(day, first)), min(b, _at(day, last))
                if end > begin:
                    total += end - begin
        day += ONE_DAY
    return total


@dataclass(frozen=True)
class DueTime:
    """A computed due time with every fact needed to explain it."""

    due: dt.datetime  # local time
    exact: dt.datetime  # when the working time runs out, before rounding to the end of its session
    begin: dt.datetime  # from when the working time below was counted
    counted: dt.timedelta  # the working time counted from `begin` (half a day; what was left after a pause)
    days: Decimal
    rules: DayRules
    receipt: DueDate | None  # the day-rule computation of the whole days (None after a pause)

    @property
    def session_end(self) -> bool:
        return self.due.time() in (self.rules.hours.morning_end, self.rules.hours.afternoon_end)

    @property
    def explanation(self) -> str:
        """The computation in one sentence, in the active language."""
        hours = self.rules.hours
        parts = [self.receipt.explanation_parts()[0]] if self.receipt is not None else []
        if self.days == 0:
            parts.append(_("time limit within the working day"))
        else:
            whole = int(self.days)
            if whole and self.receipt is not None:
                parts.extend(self.receipt.explanation_parts()[1:-1])
                parts.append(
                    _("%(n)d whole working days end on %(weekday)s %(date)s")
                    % {
                        "n": whole,
                        "weekday": weekday_name(self.receipt.due),
                        "date": format_date(self.receipt.due),
                    }
                )
            facts = {
                "duration": duration_text(self.counted),
                "moment": moment_text(self.begin),
                "end": moment_text(self.exact),
            }
            if self.receipt is None:
                parts.append(
                    _("the %(duration)s of working time left, counted from %(moment)s, run out at %(end)s")
                    % facts
                )
            else:
                parts.append(
                    _(
                        "half a working day (%(duration)s of working time) counted from %(moment)s runs out at %(end)s"
                    )
                    % facts
                )
        due = _("→ due by %(moment)s") % {"moment": moment_text(self.due)}
        if self.due != self.exact or self.days == 0:
            if self.due.time() == hours.morning_end:
                due += " " + _("(the end of the morning session)")
            else:
                due += " " + _("(the end of the afternoon session)")
        due += " " + _("on working hours %(hours)s") % {"hours": hours.text()}
        *steps, last = [*parts, due]
        return "; ".join(steps) + " " + last if steps else last


def duration_text(amount: dt.timedelta) -> str:
    minutes = int(amount.total_seconds()) // 60
    if minutes % 60 == 0:
        return _("%(hours)d hours") % {"hours": minutes // 60}
    return _("%(hours)d h %(minutes)d min") % {"hours": minutes // 60, "minutes": minutes % 60}


def moment_text(moment: dt.datetime) -> str:
    local = moment.astimezone(VIETNAM_TZ)
    return f"{local:%H:%M} {weekday_name(local.date())} {format_date(local.date())}"


def _settle(exact: dt.datetime, session_end: dt.datetime, rounding: str) -> dt.datetime:
    return exact if rounding == EXACT else session_end


def compute_due_time(
    received_at: dt.datetime,
    days: Decimal | int,
    rules: DayRules,
    *,
    cutoff=USE_CALENDAR_CUTOFF,
    rounding: str = ROUND_TO_SESSION,
) -> DueTime:
    """The due time of a limit of `days` ("within the day" or with a half day) received at `received_at`."""
    days = Decimal(days)
    if not is_time_bound(days) or days < 0:
        raise ValueError("only limits of 0 or with a half day have a due time")
    whole = int(days)
    receipt = compute_due(received_at, whole, rules, cutoff=cutoff)
    hours = rules.hours
    if days == 0:
        day = effective_receipt_day(received_at, rules, cutoff)
        start = start_moment(received_at, rules, cutoff)
        if start.date() > day:  # received after the end of the working day with no cut-off before it
            day = start.date()
        end = _at(day, hours.afternoon_end)
        return DueTime(
            due=end, exact=end, begin=start, counted=end - start, days=days, rules=rules, receipt=receipt
        )
    if whole:
        # The whole days end with the day-rule due date; the half day runs from the next working morning.
        begin = _at(next_working_day(receipt.due + ONE_DAY, rules), hours.morning_start)
    else:
        begin = start_moment(received_at, rules, cutoff)
    exact, session_end = add_working_time(begin, half_day(hours), rules)
    return DueTime(
        due=_settle(exact, session_end, rounding),
        exact=exact,
        begin=begin,
        counted=half_day(hours),
        days=days,
        rules=rules,
        receipt=receipt,
    )


def resume_due_time(
    resumed_at: dt.datetime,
    remaining: dt.timedelta,
    rules: DayRules,
    *,
    cutoff=USE_CALENDAR_CUTOFF,
    rounding: str = ROUND_TO_SESSION,
) -> DueTime:
    """The due time after a pause: the working time left at the pause continues from the resumption."""
    begin = start_moment(resumed_at, rules, cutoff)
    exact, session_end = add_working_time(begin, remaining, rules)
    return DueTime(
        due=_settle(exact, session_end, rounding),
        exact=exact,
        begin=begin,
        counted=remaining,
        days=Decimal("0.5"),
        rules=rules,
        receipt=None,
    )


__all__ = [
    "DueTime",
    "add_working_time",
    "compute_due_time",
    "half_day",
    "is_time_bound",
    "resume_due_time",
    "start_moment",
    "working_time_between",
]
