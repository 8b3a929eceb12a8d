"""The calendar page: a year's days off and make-up days, and a due-date calculator that explains itself."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from par.calendars import impact
from par.calendars.access import can_edit_calendar
from par.calendars.forms import DueDateForm
from par.calendars.hours import compute_due_time, is_time_bound
from par.calendars.models import CalendarDay, CalendarYear, WorkCalendar
from par.calendars.services import default_calendar, due_for, rules_for, years_spanned
from par.calendars.workdays import USE_CALENDAR_CUTOFF, OutsideCalendarError, weekday_name


def _year_from(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


@login_required
def calendar_index(request):
    year = _year_from(request)
    calendar = _default_calendar_or_none()
    form = DueDateForm(request.GET if "received_at" in request.GET else None, initial=_initial())
    due = None
    if calendar is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        cutoff = data["cutoff"] if data["cutoff"] is not None else USE_CALENDAR_CUTOFF
        try:
            due = _compute(calendar, data["received_at"], data["days"], cutoff)
        except OutsideCalendarError as exc:
            form.add_error(None, str(exc))
    context = {"calendar": calendar, "form": form, "due": due, "year": year, "active_nav": "calendars"}
    if request.htmx and form.is_bound:
        return render(request, "calendars/index.html#due-panel", context)
    if calendar is not None:
        days = CalendarDay.objects.filter(
            calendar=calendar, date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
        ).order_by("date")
        context["days"] = [(day, weekday_name(day.date)) for day in days]
        context["calendar_year"] = CalendarYear.objects.filter(calendar=calendar, year=year).first()
        if can_edit_calendar(request.user, calendar):
            # Promised dates are never moved; the officer who edits or confirms the year sees which ones the
            # year's days, as they are now, would put elsewhere (decision 0155).
            context["moved"] = impact.moved_dates(calendar, [year], request.user)
    return render(request, "calendars/index.html", context)


def _compute(calendar, received_at, days, cutoff):
    """A due date (whole days), or a due time for a limit within the day or with a half day (decision 0154)."""
    if not is_time_bound(days):
        return due_for(received_at, int(days), calendar=calendar, cutoff=cutoff)
    rules = rules_for(calendar, years_spanned(received_at, int(days) + 1))
    return compute_due_time(received_at, days, rules, cutoff=cutoff, rounding=settings.PAR_DUE_TIME_ROUNDING)


def _default_calendar_or_none() -> WorkCalendar | None:
    try:
        return default_calendar()
    except WorkCalendar.DoesNotExist:
        return None  # not seeded yet: the page says how to seed it


def _initial() -> dict:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"received_at": now, "days": 10}
