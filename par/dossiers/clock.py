"""The legal clock of a dossier, on the working calendar of its unit (par.calendars).

Rules (docs/decisions/0070-dossier-code-and-clock.md, 0042 for half days):
- The clock starts at complete receipt; the cut-off (the procedure's own, else the calendar's) moves a late or
  day-off receipt to the next working day; the receipt day is not counted.
- Limits "within the day" (0) or with a half day (0.5, 2.5 …) get a due time on the unit's working hours
  (par.calendars.hours, decision 0154) and lateness is measured against it; whole-day limits get a due date
  and are measured by the day. Steps still round half days up to whole days (0042).
- A supplement request after receipt stops the clock: the working days left after the day of the request are
  kept; when the supplement arrives they continue from that moment, with the same cut-off rule.
- An apology slip sets a new appointment date; lateness is still measured against the appointment date.
- Each step has its own due date from its start, so lateness is attributed to the step and unit that caused it.

Explanations are stored in the site's language (Vietnamese), the language of the receipt slip.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from par.calendars.hours import (
    compute_due_time,
    duration_text,
    is_time_bound,
    moment_text,
    resume_due_time,
    working_time_between,
)
from par.calendars.services import calendar_for_unit, due_for, rules_for, years_spanned
from par.calendars.workdays import (
    USE_CALENDAR_CUTOFF,
    VIETNAM_TZ,
    OutsideCalendarError,
    add_working_days,
    format_date,
    is_working_day,
    working_days_between,
)
from par.dossiers.models import Outcome


def whole_days(days: Decimal | int) -> int:
    """A limit in (half) working days as whole working days for a due date: half days round up (0042)."""
    return math.ceil(Decimal(days))


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VIETNAM_TZ).date()


def cutoff_of(procedure_version):
    """The procedure's own cut-off if it has one, else the calendar's."""
    return procedure_version.cutoff if procedure_version.cutoff is not None else USE_CALENDAR_CUTOFF


@dataclass(frozen=True)
class Clock:
    """The two due dates of a dossier (with their due times for time-bound limits) and how the appointment date
    was computed."""

    due_date: dt.date
    legal_due_date: dt.date
    explanation: str
    due_at: dt.datetime | None = None
    legal_due_at: dt.datetime | None = None


@dataclass(frozen=True)
class _Due:
    day: dt.date
    at: dt.datetime | None
    explanation: str


def _rules(calendar, start: dt.datetime, days: Decimal):
    return rules_for(calendar, years_spanned(start, whole_days(days) + 1))


def _due(received_at: dt.datetime, days: Decimal, calendar, cutoff) -> _Due:
    """The due date of a limit, with its due time when it is "within the day" or has a half day."""
    if is_time_bound(days):
        due = compute_due_time(
            received_at,
            days,
            _rules(calendar, received_at, days),
            cutoff=cutoff,
            rounding=settings.PAR_DUE_TIME_ROUNDING,
        )
        return _Due(due.due.date(), due.due, due.explanation)
    by_day = due_for(received_at, whole_days(days), calendar=calendar, cutoff=cutoff)
    return _Due(by_day.due, None, by_day.explanation)


def start_clock(*, received_at: dt.datetime, unit, version, calendar=None) -> Clock:
    """The appointment and legal due dates (and times) of a dossier received complete at `received_at`, on
    `unit`'s calendar (or `calendar` when the caller already has it)."""
    calendar = calendar or calendar_for_unit(unit)
    cutoff = cutoff_of(version)
    with translation.override(settings.LANGUAGE_CODE):
        committed = _due(received_at, version.committed_days, calendar, cutoff)
        legal = _due(received_at, version.legal_days, calendar, cutoff)
    return Clock(committed.day, legal.day, committed.explanation, committed.at, legal.at)


def step_due(*, started_at: dt.datetime, days: Decimal | int, unit, version, calendar=None) -> dt.date:
    """The due date of a step of `days` working days handed over at `started_at` (same cut-off rule), on `unit`'s
    calendar (or `calendar` when the caller already has it)."""
    calendar = calendar or calendar_for_unit(unit)
    return due_for(started_at, whole_days(days), calendar=calendar, cutoff=cutoff_of(version)).due


def remaining_days(*, paused_at: dt.datetime, due: dt.date, unit) -> int:
    """Working days left after the day of the pause until `due` (0 when already due or past)."""
    day = local_day(paused_at)
    if due <= day:
        return 0
    rules = rules_for(calendar_for_unit(unit), range(day.year, due.year + 1))
    return max(0, working_days_between(day, due, rules))


def remaining_time(*, paused_at: dt.datetime, due_at: dt.datetime | None, unit) -> int | None:
    """Working minutes left from the pause until a due time (0 when already due); None without a due time."""
    if due_at is None:
        return None
    if due_at <= paused_at:
        return 0
    rules = rules_for(calendar_for_unit(unit), range(local_day(paused_at).year, local_day(due_at).year + 1))
    return int(working_time_between(paused_at, due_at, rules).total_seconds()) // 60


def _resumed(resumed_at, days: int, minutes: int | None, calendar, cutoff) -> _Due:
    if minutes is None:
        by_day = due_for(resumed_at, days, calendar=calendar, cutoff=cutoff)
        return _Due(by_day.due, None, by_day.explanation)
    rules = _rules(calendar, resumed_at, Decimal(minutes // 240 + 1))
    due = resume_due_time(
        resumed_at,
        dt.timedelta(minutes=minutes),
        rules,
        cutoff=cutoff,
        rounding=settings.PAR_DUE_TIME_ROUNDING,
    )
    return _Due(due.due.date(), due.due, due.explanation)


def resume_clock(
    *,
    resumed_at: dt.datetime,
    paused_at: dt.datetime,
    remaining: int,
    remaining_legal: int,
    unit,
    version,
    remaining_minutes: int | None = None,
    remaining_legal_minutes: int | None = None,
    calendar=None,
) -> Clock:
    """The due dates after a supplement: the days (or, with a due time, the working time) left at the pause
    continue from the resumption."""
    calendar = calendar or calendar_for_unit(unit)
    cutoff = cutoff_of(version)
    with translation.override(settings.LANGUAGE_CODE):
        committed = _resumed(resumed_at, remaining, remaining_minutes, calendar, cutoff)
        legal = _resumed(resumed_at, remaining_legal, remaining_legal_minutes, calendar, cutoff)
        if remaining_minutes is None:
            stopped = _(
                "Clock stopped on %(paused)s for a supplement with %(n)d working days left; "
                "the supplement arrived, so they continue:"
            ) % {"paused": format_date(local_day(paused_at)), "n": remaining}
        else:
            stopped = _(
                "Clock stopped at %(paused)s for a supplement with %(left)s of working time left; "
                "the supplement arrived, so it continues:"
            ) % {
                "paused": moment_text(paused_at),
                "left": duration_text(dt.timedelta(minutes=remaining_minutes)),
            }
    return Clock(committed.day, legal.day, stopped + " " + committed.explanation, committed.at, legal.at)


def resume_from_pause(pause, *, resumed_at: dt.datetime, unit, version, calendar=None) -> Clock:
    """`resume_clock` with what a recorded pause (`DossierPause`) kept when it began: the working days, or with a
    due time the working minutes, left to the due date and to the legal due date."""
    return resume_clock(
        resumed_at=resumed_at,
        paused_at=pause.requested_at,
        remaining=pause.remaining_days or 0,
        remaining_legal=pause.remaining_legal_days or 0,
        unit=unit,
        version=version,
        remaining_minutes=pause.remaining_minutes,
        remaining_legal_minutes=pause.remaining_legal_minutes,
        calendar=calendar,
    )


def check_new_appointment(*, previous: dt.date, new: dt.date, unit) -> None:
    """Refuse an apology's new appointment date that is not a working day of the unit's calendar, or that lies
    more than PAR_APOLOGY_MAX_WORKING_DAYS working days after the current one (decision 0074)."""
    rules = rules_for(calendar_for_unit(unit), range(previous.year, previous.year + 2))
    days = settings.PAR_APOLOGY_MAX_WORKING_DAYS
    try:
        latest = add_working_days(previous, days, rules)
    except OutsideCalendarError as exc:  # the limit falls in a year the calendar does not know yet
        latest = dt.date(exc.year - 1, 12, 31)
    if new > latest:
        raise ValidationError(
            _(
                "The new appointment date may be at most %(days)d working days after the current one, "
                "that is %(latest)s at the latest."
            )
            % {"days": days, "latest": format_date(latest)}
        )
    if not is_working_day(new, rules):
        raise ValidationError(
            _("%(date)s is not a working day (%(why)s): choose a working day for the new appointment.")
            % {"date": format_date(new), "why": rules.name_of(new)}
        )


def extension_text(*, previous: dt.date, new: dt.date) -> str:
    """The sentence added to the explanation by an apology slip.

    The explanation is public (the lookup page shows it), so it never carries the reason for the delay: that
    stays on the slip handed to the applicant, on the slip's record and in the staff's history (decision 0095).
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "The appointment date was changed from %(previous)s to %(new)s; the reason is written on the apology "
            "slip with the new appointment date. The result still counts as late against the appointment date."
        ) % {"previous": format_date(previous), "new": format_date(new)}


def outcome_of(finished_at: dt.datetime, due: dt.date, due_at: dt.datetime | None = None) -> str:
    """Early, on time or late: against the due time when there is one (a result after it is late even on the
    due day), else comparing the local day of finishing with the due date."""
    day = local_day(finished_at)
    if due_at is not None and finished_at > due_at:
        return Outcome.LATE
    if day < due:
        return Outcome.EARLY
    if day == due:
        return Outcome.ON_TIME
    return Outcome.LATE
