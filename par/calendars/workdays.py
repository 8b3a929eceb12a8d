"""Working-day arithmetic: pure functions over a `DayRules` value, no database access.

Counting rule (docs/decisions/0020-working-day-deadlines.md):
- A time limit in working days does not count the day of receipt; it starts on the next working day
  (Civil Code 2015 Art. 147(2): "the first day of the time limit is not counted").
- A dossier received on a non-working day, or on a working day at or after the cut-off (15:00 by default;
  the one-stop rules of Decree 61/2018 and its successor Decree 118/2025), is treated as received on the next
  working day.
- The due date is then the n-th working day after that effective receipt day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

# Deadlines run on Vietnamese local time whatever the server's own time zone is.
VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ONE_DAY = dt.timedelta(days=1)

# Indexed by date.weekday() (Monday = 0); translated when shown. The context keeps these apart from Django's
# own "Monday" … "Sunday" (used by date formats), which the Vietnamese catalogue translates differently.
WEEKDAYS = (
    pgettext_lazy("weekday in a sentence", "Monday"),
    pgettext_lazy("weekday in a sentence", "Tuesday"),
    pgettext_lazy("weekday in a sentence", "Wednesday"),
    pgettext_lazy("weekday in a sentence", "Thursday"),
    pgettext_lazy("weekday in a sentence", "Friday"),
    pgettext_lazy("weekday in a sentence", "Saturday"),
    pgettext_lazy("weekday in a sentence", "Sunday"),
)


def weekday_label(weekday: int) -> str:
    """The name of weekday number `weekday` (Monday = 0) in the active language."""
    return str(WEEKDAYS[weekday])


def weekday_name(day: dt.date) -> str:
    """The weekday name of `day` ("Monday" … "Sunday") in the active language."""
    return weekday_label(day.weekday())


def format_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class OutsideCalendarError(LookupError):
    """The arithmetic reached a year the calendar does not cover, so its holidays are unknown."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return _("The working calendar has no data for %(year)d.") % {"year": self.year}


@dataclass(frozen=True)
class WorkingHours:
    """The working hours of a day: a morning and an afternoon session (decision 0154)."""

    morning_start: dt.time = dt.time(7, 0)
    morning_end: dt.time = dt.time(11, 30)
    afternoon_start: dt.time = dt.time(13, 30)
    afternoon_end: dt.time = dt.time(17, 0)

    def __post_init__(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValueError("working hours must be ordered: morning start < end <= afternoon start < end")

    @property
    def sessions(self) -> tuple[tuple[dt.time, dt.time], tuple[dt.time, dt.time]]:
        return (self.morning_start, self.morning_end), (self.afternoon_start, self.afternoon_end)

    def text(self) -> str:
        return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in self.sessions)


@dataclass(frozen=True)
class DayRules:
    """Everything the arithmetic needs to know about one calendar, as an immutable value."""

    weekend: frozenset[int] = frozenset({5, 6})
    # Days off by date, with their names (holidays, compensatory days, swapped days, provincial days off).
    days_off: Mapping[dt.date, str] = field(default_factory=dict, hash=False)
    # Weekend days that are worked (the Saturday a swapped day off is made up on).
    makeup_workdays: frozenset[dt.date] = frozenset()
    # Receipt at or after this local time counts from the next working day; None means no cut-off.
    cutoff: dt.time | None = dt.time(15, 0)
    calendar_name: str = ""
    # Years whose exceptions are known; None means "trust the rules for any date" (tests, ad-hoc rules).
    covered_years: frozenset[int] | None = None
    # Covered years that an administrator has not yet confirmed against the official notice.
    unconfirmed_years: frozenset[int] = frozenset()
    # The sessions of a working day, for time limits under a day or with a half day (par.calendars.hours).
    hours: WorkingHours = WorkingHours()

    def __post_init__(self) -> None:
        if len(self.weekend) >= 7 or not all(0 <= d <= 6 for d in self.weekend):
            raise ValueError("weekend must be a proper subset of weekdays 0..6")
        clash = self.makeup_workdays & set(self.days_off)
        if clash:
            raise ValueError(f"dates both off and made up: {sorted(clash)}")

    def with_cutoff(self, cutoff: dt.time | None) -> DayRules:
        """The same rules with another cut-off (a procedure may set its own)."""
        return replace(self, cutoff=cutoff)

    def name_of(self, day: dt.date) -> str:
        """Why `day` is not a working day: its holiday name, or the weekly rest day."""
        if day in self.days_off:
            return self.days_off[day]
        return _("weekly rest day")


def _check_covered(day: dt.date, rules: DayRules) -> None:
    if rules.covered_years is not None and day.year not in rules.covered_years:
        raise OutsideCalendarError(day.year)


def is_working_day(day: dt.date, rules: DayRules) -> bool:
    """True when `day` is worked: a make-up day, or a weekday that is not a day off."""
    _check_covered(day, rules)
    if day in rules.makeup_workdays:
        return True
    if day in rules.days_off:
        return False
    return day.weekday() not in rules.weekend


def next_working_day(day: dt.date, rules: DayRules) -> dt.date:
    """The first working day on or after `day`."""
    # Terminates: at least one weekday is worked and days_off is finite.
    while not is_working_day(day, rules):
        day += ONE_DAY
    return day


def add_working_days(start: dt.date, n: int, rules: DayRules) -> dt.date:
    """The n-th working day after `start` (`start` itself not counted); n = 0 gives next_working_day(start)."""
    if n < 0:
        raise ValueError("n must be zero or positive")
    if n == 0:
        return next_working_day(start, rules)
    day = start
    remaining = n
    while remaining:
        day += ONE_DAY
        if is_working_day(day, rules):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date, rules: DayRules) -> int:
    """Working days in (a, b]; negative when b < a, so that it is antisymmetric and additive."""
    if b < a:
        return -working_days_between(b, a, rules)
    return sum(1 for day in _days(a + ONE_DAY, b) if is_working_day(day, rules))


def non_working_days(a: dt.date, b: dt.date, rules: DayRules) -> list[dt.date]:
    """Non-working days in [a, b]."""
    return [day for day in _days(a, b) if not is_working_day(day, rules)]


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


@dataclass(frozen=True)
class SkippedDay:
    """A non-working day passed over while counting, with the reason it is off."""

    date: dt.date
    name: str
    is_weekly_rest: bool

    @property
    def weekday(self) -> str:
        return weekday_name(self.date)


@dataclass(frozen=True)
class DueDate:
    """A computed due date with every fact needed to explain it."""

    due: dt.date
    received_at: dt.datetime  # in Vietnamese local time
    effective_start: dt.date  # the day treated as the day of receipt; counting starts the next working day
    working_days: int
    cutoff: dt.time | None
    after_cutoff: bool
    received_on_day_off: bool
    skipped: tuple[SkippedDay, ...]  # non-working days strictly between effective_start and due
    makeup_days: tuple[dt.date, ...]  # make-up Saturdays counted as working days
    unconfirmed_years: frozenset[int]
    calendar_name: str = ""
    received_day_off_name: str = ""
    effective_start_is_makeup: bool = False

    @property
    def received_day(self) -> dt.date:
        return self.received_at.date()

    @property
    def explanation(self) -> str:
        """The computation in one sentence, in the active language."""
        *steps, conclusion = self.explanation_parts()
        return "; ".join(steps) + " " + conclusion

    def explanation_parts(self) -> list[str]:
        at = self.received_at
        facts = {
            "time": at.strftime("%H:%M"),
            "weekday": weekday_name(at.date()),
            "date": format_date(at.date()),
            "start_weekday": weekday_name(self.effective_start),
            "start": format_date(self.effective_start),
            "cutoff": self.cutoff.strftime("%H:%M") if self.cutoff else "",
            "reason": self.received_day_off_name,
        }
        if self.received_on_day_off:
            first = _(
                "Received at %(time)s on %(weekday)s %(date)s, a day off (%(reason)s) "
                "→ counted from %(start_weekday)s %(start)s"
            )
        elif self.after_cutoff:
            first = _(
                "Received at %(time)s on %(weekday)s %(date)s, after the %(cutoff)s cut-off "
                "→ counted from %(start_weekday)s %(start)s"
            )
        elif self.cutoff is not None:
            first = _("Received at %(time)s on %(weekday)s %(date)s, before the %(cutoff)s cut-off")
        else:
            first = _("Received at %(time)s on %(weekday)s %(date)s")
        if self.effective_start_is_makeup and self.effective_start != at.date():
            first += " " + _("(make-up working day)")
        parts = [first % facts]
        parts.append(
            ngettext(
                "%(n)d working day, not counting the day of receipt",
                "%(n)d working days, not counting the day of receipt",
                self.working_days,
            )
            % {"n": self.working_days}
        )
        weekly = [d for d in self.skipped if d.is_weekly_rest]
        named = [d for d in self.skipped if not d.is_weekly_rest]
        if weekly:
            parts.append(
                ngettext(
                    "skipping %(n)d weekly rest day",
                    "skipping %(n)d weekly rest days",
                    len(weekly),
                )
                % {"n": len(weekly)}
            )
        if named:
            listing = ", ".join(f"{format_date(d.date)} {d.name}" for d in named)
            parts.append(
                ngettext(
                    "skipping %(n)d public holiday or compensatory day off: %(days)s",
                    "skipping %(n)d public holidays and compensatory days off: %(days)s",
                    len(named),
                )
                % {"n": len(named), "days": listing}
            )
        for day in self.makeup_days:
            parts.append(
                _("counting the make-up working day %(weekday)s %(date)s")
                % {"weekday": weekday_name(day), "date": format_date(day)}
            )
        last = _("→ due %(weekday)s %(date)s") % {
            "weekday": weekday_name(self.due),
            "date": format_date(self.due),
        }
        if self.unconfirmed_years:
            years = ", ".join(str(y) for y in sorted(self.unconfirmed_years))
            last += " " + _(
                "(the calendar for %(years)s is not yet confirmed against the official notice)"
            ) % {"years": years}
        parts.append(last)
        return parts


# Sentinel for "no override": None is a real override meaning "this procedure has no cut-off".
USE_CALENDAR_CUTOFF = object()


def effective_receipt_day(received_at: dt.datetime, rules: DayRules, cutoff=USE_CALENDAR_CUTOFF) -> dt.date:
    """The day a receipt counts as made on: the next working day when received on a day off or after cut-off."""
    local = _local(received_at)
    limit = rules.cutoff if cutoff is USE_CALENDAR_CUTOFF else cutoff
    day = local.date()
    if not is_working_day(day, rules):
        return next_working_day(day, rules)
    if limit is not None and local.time() >= limit:
        return next_working_day(day + ONE_DAY, rules)
    return day


def compute_due(received_at: dt.datetime, n: int, rules: DayRules, *, cutoff=USE_CALENDAR_CUTOFF) -> DueDate:
    """The due date of a time limit of `n` working days for something received at `received_at`.

    `cutoff` overrides the calendar's cut-off for one procedure (a time, or None for no cut-off).
    """
    if n < 0:
        raise ValueError("n must be zero or positive")
    if cutoff is not USE_CALENDAR_CUTOFF:
        rules = rules.with_cutoff(cutoff)  # type: ignore[arg-type]
    local = _local(received_at)
    received_day = local.date()
    day_off = not is_working_day(received_day, rules)
    start = effective_receipt_day(local, rules)
    due = add_working_days(start, n, rules)
    skipped = tuple(
        SkippedDay(date=d, name=rules.name_of(d), is_weekly_rest=d not in rules.days_off)
        for d in non_working_days(start + ONE_DAY, due - ONE_DAY, rules)
    )
    makeup = tuple(sorted(d for d in rules.makeup_workdays if start < d <= due))
    years = set(range(received_day.year, due.year + 1))
    return DueDate(
        due=due,
        received_at=local,
        effective_start=start,
        working_days=n,
        cutoff=rules.cutoff,
        after_cutoff=(not day_off and rules.cutoff is not None and local.time() >= rules.cutoff),
        received_on_day_off=day_off,
        skipped=skipped,
        makeup_days=makeup,
        unconfirmed_years=frozenset(years & rules.unconfirmed_years),
        calendar_name=rules.calendar_name,
        received_day_off_name=rules.name_of(received_day) if day_off else "",
        effective_start_is_makeup=start in rules.makeup_workdays,
    )


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("received_at must be an aware datetime")
    return moment.astimezone(VIETNAM_TZ)
