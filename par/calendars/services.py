"""Read side: build `DayRules` from the calendar tables (one query, cached) and compute due dates with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import ExtractYear

from par.calendars.models import NATIONAL_CODE, CalendarDay, CalendarYear, DayKind, WorkCalendar
from par.calendars.workdays import USE_CALENDAR_CUTOFF, VIETNAM_TZ, DayRules, DueDate, compute_due

# The key carries the calendar's version and last change, so an edit makes old entries unreachable rather
# than needing a delete (which would miss other processes' local caches); the timeout only reclaims memory.
CACHE_SECONDS = 24 * 3600


def default_calendar() -> WorkCalendar:
    """The national calendar (code "VN"); raises WorkCalendar.DoesNotExist before `seed_calendar` has run."""
    return WorkCalendar.objects.select_related("unit").get(code=NATIONAL_CODE)


def calendar_for_unit(unit) -> WorkCalendar:
    """The calendar of `unit`: its own, else its nearest ancestor's, else the national one (which has no unit),
    in one query; raises WorkCalendar.DoesNotExist before `seed_calendar` has run, as `default_calendar`."""
    ids = [unit.pk, *unit.ancestor_ids]
    found = (
        WorkCalendar.objects.filter(Q(unit_id__in=ids) | Q(code=NATIONAL_CODE, unit__isnull=True))
        .select_related("unit")
        .order_by(F("unit__depth").desc(nulls_last=True))
        .first()
    )
    if found is None:
        raise WorkCalendar.DoesNotExist(f"No calendar for unit {unit.pk} and no national calendar")
    return found


def rules_for(calendar: WorkCalendar, years: Iterable[int]) -> DayRules:
    """The rules of `calendar` for `years`, built in one query and cached per calendar version."""
    wanted = tuple(sorted({int(y) for y in years}))
    if not wanted:
        raise ValueError("years must not be empty")
    stamp = calendar.updated_at.timestamp() if calendar.updated_at else 0
    key = f"calendars:rules:{calendar.pk}:{calendar.version}:{stamp}:{'.'.join(map(str, wanted))}"
    rules = cache.get(key)
    if rules is None:
        rules = _build_rules(calendar, wanted)
        cache.set(key, rules, CACHE_SECONDS)
    return rules


def _build_rules(calendar: WorkCalendar, years: tuple[int, ...]) -> DayRules:
    year_of_day = ExtractYear(OuterRef("date"))
    known = CalendarYear.objects.filter(calendar=OuterRef("calendar"), year=year_of_day)
    rows = (
        CalendarDay.objects.filter(
            calendar=calendar, date__gte=dt.date(years[0], 1, 1), date__lte=dt.date(years[-1], 12, 31)
        )
        .annotate(year_known=Exists(known), year_confirmed=Exists(known.filter(confirmed=True)))
        .order_by()  # the model's ordering would join WorkCalendar for nothing
        .values_list("date", "kind", "name", "year_known", "year_confirmed")
    )
    days_off: dict[dt.date, str] = {}
    makeup: set[dt.date] = set()
    covered: set[int] = set()
    unconfirmed: set[int] = set()
    for day, kind, name, year_known, year_confirmed in rows:
        if day.year not in years:
            continue
        if kind == DayKind.MAKEUP_WORKDAY:
            makeup.add(day)
        else:
            days_off[day] = name
        # A year is covered once it has been seeded or confirmed (it has a CalendarYear row); a stray manual
        # day in an unseeded year must not make the arithmetic trust that year's missing holidays.
        if year_known:
            covered.add(day.year)
        if not year_confirmed:
            unconfirmed.add(day.year)
    return DayRules(
        weekend=calendar.weekend,
        days_off=days_off,
        makeup_workdays=frozenset(makeup),
        cutoff=calendar.cutoff,
        calendar_name=calendar.name,
        covered_years=frozenset(covered),
        unconfirmed_years=frozenset(unconfirmed & covered),
        hours=calendar.working_hours,
    )


def years_spanned(received_at: dt.datetime, n: int) -> range:
    """The years a time limit of `n` working days from `received_at` can reach (generously: weekends, Tết)."""
    start = received_at.astimezone(VIETNAM_TZ).date()
    reach = start + dt.timedelta(days=n * 7 // 5 + 45)
    return range(start.year, reach.year + 1)


def due_for(
    received_at: dt.datetime, n: int, *, calendar: WorkCalendar | None = None, cutoff=USE_CALENDAR_CUTOFF
) -> DueDate:
    """The due date in `calendar` (default: national) with an optional per-procedure cut-off override."""
    calendar = calendar or default_calendar()
    rules = rules_for(calendar, years_spanned(received_at, n))
    return compute_due(received_at, n, rules, cutoff=cutoff)
