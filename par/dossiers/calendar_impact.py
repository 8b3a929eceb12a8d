"""Open dossiers whose promised dates a calendar's current days would put elsewhere (decision 0155).

Registered with `par.calendars.impact` by the app config. The dates stay as promised: this only lists them, so
the officer who confirms or edits a year sees which receipts were printed on days that have since changed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from par.calendars.impact import Impact, MovedDate
from par.calendars.models import NATIONAL_CODE, WorkCalendar
from par.calendars.workdays import OutsideCalendarError
from par.dossiers import clock
from par.dossiers.access import visible_dossiers
from par.dossiers.models import OPEN_STATES, Dossier, DossierPause

LIMIT = 500


def _when(day: dt.date | None, moment: dt.datetime | None) -> str:
    if moment is not None:
        return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")
    return day.strftime("%d/%m/%Y") if day else "—"


def _calendar_picker(calendar: WorkCalendar):
    """A function telling whether a unit's dossiers run on `calendar` (the unit's own calendar, else its nearest
    ancestor's, else the national one), with one query for all units."""
    own = {
        unit_id: (pk, depth)
        for pk, unit_id, depth in WorkCalendar.objects.filter(unit__isnull=False).values_list(
            "pk", "unit_id", "unit__depth"
        )
    }
    national = calendar.pk if calendar.code == NATIONAL_CODE else None

    def runs_on(unit) -> bool:
        found = [own[i] for i in (unit.pk, *unit.ancestor_ids) if i in own]
        chosen = max(found, key=lambda item: item[1])[0] if found else national
        return chosen == calendar.pk

    return runs_on


def _recomputed(d: Dossier, calendar: WorkCalendar) -> clock.Clock:
    """The dates the dossier's last clock start (receipt, or the last supplement) gives on the calendar now."""
    resumed = next(iter(d.pauses.all()), None)
    assert d.received_at is not None  # only received dossiers are read
    if resumed is None or resumed.resumed_at is None:
        return clock.start_clock(
            received_at=d.received_at, unit=d.unit, version=d.procedure_version, calendar=calendar
        )
    return clock.resume_from_pause(
        resumed, resumed_at=resumed.resumed_at, unit=d.unit, version=d.procedure_version, calendar=calendar
    )


def moved_appointments(calendar: WorkCalendar, years: list[int], user) -> Impact:
    """Open dossiers on `calendar`, visible to `user`, whose appointment or legal due date counted over `years`
    would differ if computed on the calendar's days as they are now."""
    impact = Impact(title=_("Open dossiers whose dates were promised on days that have changed"))
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    # A count that ends before the first changed year, or starts after the last, cannot have moved.
    candidates = (
        visible_dossiers(user)
        .filter(state__in=OPEN_STATES, received_at__isnull=False, due_date__gte=first, received_on__lte=last)
        .select_related("unit", "procedure_version")
        .prefetch_related(
            Prefetch(
                "pauses",
                queryset=DossierPause.objects.filter(stops_clock=True, resumed_at__isnull=False).order_by(
                    "-resumed_at"
                ),
            )
        )
        .order_by("due_date", "pk")[:LIMIT]
    )
    runs_on = _calendar_picker(calendar)
    for d in candidates:
        if not runs_on(d.unit):
            continue
        try:
            now = _recomputed(d, calendar)
        except OutsideCalendarError:
            continue
        if d.due_at is None and now.due_at is not None:
            continue  # promised before due times existed (decision 0154): not comparable, and not moved
        note = (
            _("an apology slip has set %(date)s") % {"date": d.extended_due_date.strftime("%d/%m/%Y")}
            if d.extended_due_date
            else ""
        )
        url = reverse("dossiers:detail", args=[d.pk])
        if (now.due_date, now.due_at) != (d.due_date, d.due_at):
            impact.rows.append(
                MovedDate(
                    d.code,
                    url,
                    _("appointment"),
                    _when(d.due_date, d.due_at),
                    _when(now.due_date, now.due_at),
                    note,
                )
            )
        if (now.legal_due_date, now.legal_due_at) != (d.legal_due_date, d.legal_due_at):
            impact.rows.append(
                MovedDate(
                    d.code,
                    url,
                    _("legal due date"),
                    _when(d.legal_due_date, d.legal_due_at),
                    _when(now.legal_due_date, now.legal_due_at),
                )
            )
    return impact
