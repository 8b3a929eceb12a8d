"""Every change to calendars: permission check, change, version bump and audit row in one transaction.

`actor=None` means a system command (`manage.py seed_calendar`), as in the other apps' actions; confirming a
year is a human decision against the official notice and always needs a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.calendars.access import require_calendar_editor
from par.calendars.holidays_source import package_version, proposed_days
from par.calendars.models import (
    NATIONAL_CODE,
    CalendarDay,
    CalendarYear,
    DaySource,
    WorkCalendar,
)

CALENDAR_FIELDS = [
    "code",
    "name",
    "unit_id",
    "weekend_mask",
    "cutoff",
    "morning_start",
    "morning_end",
    "afternoon_start",
    "afternoon_end",
    "description",
    "version",
]
DAY_FIELDS = ["date", "kind", "name", "legal_reference", "paired_date", "source"]
YEAR_FIELDS = ["year", "confirmed", "confirmed_by_id", "confirmed_at", "notice_reference"]


def _lock(calendar: WorkCalendar) -> WorkCalendar:
    # Every change to a calendar's days goes through this row lock: concurrent editors are serialised, so the
    # before-snapshot in the audit row is the state the change really replaced and version bumps never merge.
    return WorkCalendar.objects.select_for_update().get(pk=calendar.pk)


def _bump(calendar: WorkCalendar) -> None:
    # The new version (and updated_at) form a new cache key for services.rules_for: readers see the change.
    # The caller's own instance is refreshed too, so rules_for(calendar, ...) right after the action is current.
    WorkCalendar.objects.filter(pk=calendar.pk).update(version=F("version") + 1, updated_at=timezone.now())
    calendar.refresh_from_db(fields=["version", "updated_at"])


def do_save_work_calendar(calendar: WorkCalendar, *, actor, reason: str = "") -> WorkCalendar:
    """Create a calendar, or save the changes made to an existing one."""
    with transaction.atomic():
        before = None
        if calendar.pk is not None:
            stored = _lock(calendar)
            # Both the calendar as stored and as changed: nobody may move a calendar out of their reach.
            require_calendar_editor(actor, stored)
            before = snapshot(stored, CALENDAR_FIELDS)
            calendar.version = stored.version + 1
        require_calendar_editor(actor, calendar)
        calendar.full_clean()
        calendar.save()
        record_event(
            actor=actor,
            action="calendars.update_calendar" if before else "calendars.create_calendar",
            obj=calendar,
            unit=calendar.unit,
            before=before,
            after=snapshot(calendar, CALENDAR_FIELDS),
            reason=reason,
        )
    return calendar


def do_ensure_national_calendar(*, actor=None) -> tuple[WorkCalendar, bool]:
    """Return the national calendar "VN", creating it (Sat+Sun weekend, default cut-off) when missing."""
    existing = WorkCalendar.objects.filter(code=NATIONAL_CODE).first()
    if existing is not None:
        return existing, False
    calendar = WorkCalendar(
        code=NATIONAL_CODE,
        name="Lịch làm việc quốc gia",
        description="Ngày nghỉ lễ, tết theo Bộ luật Lao động 2019 (Điều 112) và thông báo hoán đổi ngày làm "
        "việc hằng năm đối với cơ quan hành chính nhà nước.",
    )
    return do_save_work_calendar(calendar, actor=actor), True


@dataclass
class SeedResult:
    """What seeding one year did, by date."""

    year: int
    created: list[dt.date] = field(default_factory=list)
    updated: list[dt.date] = field(default_factory=list)
    deleted: list[dt.date] = field(default_factory=list)
    unchanged: list[dt.date] = field(default_factory=list)
    kept_manual: list[dt.date] = field(default_factory=list)
    year_created: bool = False
    skipped_confirmed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.year_created)


def do_seed_calendar_year(calendar: WorkCalendar, year: int, *, actor=None) -> SeedResult:
    """Fill a year's days from the `holidays` package; idempotent, manual rows and confirmed years untouched."""
    require_calendar_editor(actor, calendar)
    proposals = proposed_days(year)
    result = SeedResult(year=year)
    with transaction.atomic():
        _lock(calendar)
        calendar_year, result.year_created = CalendarYear.objects.get_or_create(calendar=calendar, year=year)
        if calendar_year.confirmed:
            # A confirmed year was checked against the official notice; the package must not change it.
            result.skipped_confirmed = True
            return result
        existing = {
            row.date: row
            for row in CalendarDay.objects.filter(
                calendar=calendar, date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
            )
        }
        to_create: list[CalendarDay] = []
        for day, proposal in proposals.items():
            values = {
                "kind": proposal.kind,
                "name": proposal.name,
                "legal_reference": proposal.legal_reference,
                "paired_date": proposal.paired_date,
            }
            row = existing.get(day)
            if row is None:
                new = CalendarDay(calendar=calendar, date=day, source=DaySource.PACKAGE, **values)
                new.full_clean(validate_unique=False, validate_constraints=False)
                to_create.append(new)
                result.created.append(day)
            elif row.source == DaySource.MANUAL:
                result.kept_manual.append(day)
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                row.save(update_fields=[*values, "updated_at"])
                result.updated.append(day)
            else:
                result.unchanged.append(day)
        # Package rows the package no longer proposes (a newer release corrected a formula) go away; manual
        # rows always stay.
        stale = [
            row for day, row in existing.items() if row.source == DaySource.PACKAGE and day not in proposals
        ]
        if stale:
            CalendarDay.objects.filter(pk__in=[row.pk for row in stale]).delete()
            result.deleted = sorted(row.date for row in stale)
        CalendarDay.objects.bulk_create(to_create)
        if result.changed:
            calendar_year.seeded_at = timezone.now()
            calendar_year.seeded_with = package_version()
            calendar_year.save(update_fields=["seeded_at", "seeded_with", "updated_at"])
            _bump(calendar)
            record_event(
                actor=actor,
                action="calendars.seed_year",
                obj=calendar_year,
                unit=calendar.unit,
                after={
                    "source": calendar_year.seeded_with,
                    "created": result.created,
                    "updated": result.updated,
                    "deleted": result.deleted,
                    "kept_manual": result.kept_manual,
                },
            )
    return result


def do_set_calendar_day(
    calendar: WorkCalendar,
    day: dt.date,
    *,
    actor,
    kind: str,
    name: str,
    legal_reference: str = "",
    paired_date: dt.date | None = None,
    reason: str = "",
) -> CalendarDay:
    """Add or change the exception on `day`; the row becomes manual, so later seeding leaves it alone."""
    require_calendar_editor(actor, calendar)
    with transaction.atomic():
        _lock(calendar)
        row = CalendarDay.objects.filter(calendar=calendar, date=day).first()
        before = snapshot(row, DAY_FIELDS) if row else None
        if row is None:
            row = CalendarDay(calendar=calendar, date=day)
        row.kind = kind
        row.name = name.strip()
        row.legal_reference = legal_reference.strip()
        row.paired_date = paired_date
        row.source = DaySource.MANUAL
        row.full_clean()
        row.save()
        _bump(calendar)
        record_event(
            actor=actor,
            action="calendars.update_day" if before else "calendars.create_day",
            obj=row,
            unit=calendar.unit,
            before=before,
            after=snapshot(row, DAY_FIELDS),
            reason=reason,
        )
    return row


def do_delete_calendar_day(calendar_day: CalendarDay, *, actor, reason: str = "") -> None:
    """Remove an exception: the day follows the weekly pattern again."""
    calendar = calendar_day.calendar
    require_calendar_editor(actor, calendar)
    with transaction.atomic():
        _lock(calendar)
        row = CalendarDay.objects.get(pk=calendar_day.pk)
        before = snapshot(row, DAY_FIELDS)
        record_event(
            actor=actor,
            action="calendars.delete_day",
            obj=row,
            unit=calendar.unit,
            before=before,
            reason=reason,
        )
        row.delete()
        _bump(calendar)


def do_confirm_calendar_year(
    calendar: WorkCalendar, year: int, *, actor, notice_reference: str, reason: str = ""
) -> CalendarYear:
    """Record that a person checked the year's days against the official notice (which is cited)."""
    require_calendar_editor(actor, calendar, system_allowed=False)
    notice_reference = notice_reference.strip()
    if not notice_reference:
        raise ValidationError(
            {"notice_reference": _("Enter the number and reference of the year's official notice.")}
        )
    with transaction.atomic():
        _lock(calendar)
        calendar_year, _created = CalendarYear.objects.get_or_create(calendar=calendar, year=year)
        before = snapshot(calendar_year, YEAR_FIELDS)
        calendar_year.confirmed = True
        calendar_year.confirmed_by = actor
        calendar_year.confirmed_at = timezone.now()
        calendar_year.notice_reference = notice_reference
        calendar_year.full_clean()
        calendar_year.save()
        _bump(calendar)
        record_event(
            actor=actor,
            action="calendars.confirm_year",
            obj=calendar_year,
            unit=calendar.unit,
            before=before,
            after=snapshot(calendar_year, YEAR_FIELDS),
            reason=reason,
        )
    return calendar_year


def do_reopen_calendar_year(calendar: WorkCalendar, year: int, *, actor, reason: str = "") -> CalendarYear:
    """Withdraw a year's confirmation (a new notice changed it); seeding may touch it again."""
    require_calendar_editor(actor, calendar, system_allowed=False)
    with transaction.atomic():
        _lock(calendar)
        calendar_year = CalendarYear.objects.get(calendar=calendar, year=year)
        before = snapshot(calendar_year, YEAR_FIELDS)
        calendar_year.confirmed = False
        calendar_year.confirmed_by = None
        calendar_year.confirmed_at = None
        calendar_year.save()
        _bump(calendar)
        record_event(
            actor=actor,
            action="calendars.reopen_year",
            obj=calendar_year,
            unit=calendar.unit,
            before=before,
            after=snapshot(calendar_year, YEAR_FIELDS),
            reason=reason,
        )
    return calendar_year
