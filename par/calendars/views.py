"""The calendar page: a year's days off and make-up days, and a due-date calculator that explains itself."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from par.calendars.forms import DueDateForm
from par.calendars.models import CalendarDay, CalendarYear, WorkCalendar
from par.calendars.services import default_calendar, due_for
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
            due = due_for(data["received_at"], data["days"], calendar=calendar, cutoff=cutoff)
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
    return render(request, "calendars/index.html", context)


def _default_calendar_or_none() -> WorkCalendar | None:
    try:
        return default_calendar()
    except WorkCalendar.DoesNotExist:
        return None  # not seeded yet: the page says how to seed it


def _initial() -> dict:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {"received_at": now, "days": 10}
