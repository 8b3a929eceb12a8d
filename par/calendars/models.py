"""Working calendars: weekly rest days, the afternoon cut-off, and the dated exceptions (holidays, swaps)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from par.calendars.workdays import WorkingHours, weekday_label
from par.core.models import TimeStamped

# The national calendar every unit falls back to when neither it nor an ancestor has its own.
NATIONAL_CODE = "VN"

# Python's weekday numbers (Monday = 0). Saturday and Sunday are the weekly rest days of public agencies
# (the 40-hour, five-day week of Decision 188/1999/QĐ-TTg; Labour Code 2019 Art. 111 on weekly rest).
DEFAULT_WEEKEND = frozenset({5, 6})
ALL_DAYS_MASK = 0b1111111


def weekend_to_mask(days) -> int:
    """The bit mask stored for a set of weekday numbers (bit 0 = Monday)."""
    mask = 0
    for day in days:
        mask |= 1 << int(day)
    return mask


def mask_to_weekend(mask: int) -> frozenset[int]:
    return frozenset(day for day in range(7) if mask & (1 << day))


def default_weekend_mask() -> int:
    return weekend_to_mask(DEFAULT_WEEKEND)


def _hour(index: int) -> dt.time:
    return dt.time.fromisoformat(settings.PAR_WORKING_HOURS[index])


def default_morning_start() -> dt.time:
    """The working hours in force when a calendar is created: settings.PAR_WORKING_HOURS."""
    return _hour(0)


def default_morning_end() -> dt.time:
    return _hour(1)


def default_afternoon_start() -> dt.time:
    return _hour(2)


def default_afternoon_end() -> dt.time:
    return _hour(3)


def default_cutoff() -> dt.time:
    """The cut-off in force when a calendar is created: settings.PAR_WORKDAY_CUTOFF ("HH:MM")."""
    return dt.time.fromisoformat(settings.PAR_WORKDAY_CUTOFF)


class WorkCalendar(TimeStamped):
    """The working-day calendar of a jurisdiction: weekly rest days, cut-off time and dated exceptions."""

    code = models.CharField(_("calendar code"), max_length=20)
    name = models.CharField(_("calendar name"), max_length=200)
    unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("applies to"),
        help_text=_(
            "Leave empty for the national calendar; choose a province when it has days off of its own."
        ),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_calendars",
    )
    # A bit mask rather than a list so the database itself can refuse a week with no working day (which would
    # make working-day arithmetic loop forever).
    weekend_mask = models.PositiveSmallIntegerField(_("weekly rest days"), default=default_weekend_mask)
    cutoff = models.TimeField(
        _("receipt cut-off time"),
        default=default_cutoff,
        null=True,
        blank=True,
        help_text=_(
            "Dossiers received at or after this time count from the next working day. Leave empty if there "
            "is no cut-off."
        ),
    )
    # The sessions of a working day (official working hours are set by each province). Limits under a day or
    # with a half day are counted on them and get a due time (decision 0154).
    morning_start = models.TimeField(_("morning session starts"), default=default_morning_start)
    morning_end = models.TimeField(_("morning session ends"), default=default_morning_end)
    afternoon_start = models.TimeField(_("afternoon session starts"), default=default_afternoon_start)
    afternoon_end = models.TimeField(_("afternoon session ends"), default=default_afternoon_end)
    description = models.TextField(_("description"), blank=True)
    # Bumped by every action that changes the calendar or its days; part of the cache key of the rules.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendar")
        ordering = ["code"]
        constraints = [
            # Its index serves services.default_calendar(): WorkCalendar.objects.get(code="VN")
            models.UniqueConstraint(
                fields=["code"],
                name="workcalendar_code_unique",
                violation_error_message=_("A working calendar with this code already exists."),
            ),
            # Also serves the lookup of a unit's own calendar: WorkCalendar.objects.filter(unit_id__in=...)
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(unit__isnull=False),
                name="workcalendar_unit_unique",
                violation_error_message=_("This unit already has a working calendar."),
            ),
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="workcalendar_hours_ordered",
                violation_error_message=_(
                    "Working hours must be in order: the morning starts before it ends, and ends no later than "
                    "the afternoon starts, which starts before it ends."
                ),
            ),
            models.CheckConstraint(
                condition=Q(weekend_mask__gte=0) & Q(weekend_mask__lt=ALL_DAYS_MASK),
                name="workcalendar_has_working_weekday",
                violation_error_message=_("Every week must have at least one working day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def weekend(self) -> frozenset[int]:
        return mask_to_weekend(self.weekend_mask)

    @weekend.setter
    def weekend(self, days) -> None:
        self.weekend_mask = weekend_to_mask(days)

    @property
    def working_hours(self) -> WorkingHours:
        return WorkingHours(self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end)

    def weekend_display(self) -> str:
        return ", ".join(weekday_label(d) for d in sorted(self.weekend))

    weekend_display.short_description = _("weekly rest days")  # type: ignore[attr-defined]


class DayKind(models.TextChoices):
    # Labour Code 2019 Art. 112(1): the statutory paid holidays (Tết dates chosen yearly by the PM).
    HOLIDAY = "holiday", _("Public holiday")
    # Labour Code 2019 Art. 111(3): a holiday on the weekly rest day is compensated on the next working day
    # (the domain brief still marks the article number as to be checked).
    OBSERVED = "observed", _("Compensatory day off")
    # The yearly PM-approved swap: a working day between a holiday and a weekend becomes a day off ...
    SWAP_OFF = "swap_off", _("Day off from a working-day swap")
    # ... and the work is moved to a Saturday, which becomes a working day.
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")
    # A day off decided by the province (e.g. a local event), not in the national calendar.
    EXTRA_OFF = "extra_off", _("Day off decided by the province")


# Kinds that turn a day off; MAKEUP_WORKDAY is the only kind that turns a day into a working day.
OFF_KINDS = frozenset({DayKind.HOLIDAY, DayKind.OBSERVED, DayKind.SWAP_OFF, DayKind.EXTRA_OFF})
# Kinds that only make sense on a normal working weekday (they take a working day away).
WEEKDAY_ONLY_KINDS = frozenset({DayKind.OBSERVED, DayKind.SWAP_OFF, DayKind.EXTRA_OFF})


class DaySource(models.TextChoices):
    PACKAGE = "package", _("holidays package")
    MANUAL = "manual", _("Entered by hand")


class CalendarDay(TimeStamped):
    """One dated exception to a calendar's weekly pattern: a day off or a Saturday worked."""

    calendar = models.ForeignKey(
        WorkCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("day type"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("day name"), max_length=200)
    legal_reference = models.CharField(_("legal basis"), max_length=255, blank=True)
    paired_date = models.DateField(
        _("paired date"),
        null=True,
        blank=True,
        help_text=_(
            "For a swapped day off: the make-up working day; for a make-up working day: the day off it pays "
            "for."
        ),
    )
    source = models.CharField(_("source"), max_length=10, choices=DaySource.choices, default=DaySource.MANUAL)

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("days off and make-up days")
        ordering = ["calendar", "date"]
        constraints = [
            # Its index serves services.rules_for:
            # CalendarDay.objects.filter(calendar=..., date__gte=..., date__lte=...)
            models.UniqueConstraint(
                fields=["calendar", "date"],
                name="calendarday_calendar_date_unique",
                violation_error_message=_("This date is already in the calendar."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="calendarday_name_not_empty",
                violation_error_message=_("Enter the name of the day off or make-up day."),
            ),
            models.CheckConstraint(
                condition=Q(paired_date__isnull=True) | ~Q(paired_date=models.F("date")),
                name="calendarday_paired_not_self",
                violation_error_message=_("The paired date must differ from this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind in OFF_KINDS

    def clean(self) -> None:
        super().clean()
        if self.date is None or self.calendar_id is None or not self.kind:
            return
        weekend = self.calendar.weekend
        if self.kind == DayKind.MAKEUP_WORKDAY and self.date.weekday() not in weekend:
            raise ValidationError(
                {"kind": _("A make-up working day must fall on a weekly rest day (usually Saturday).")}
            )
        if self.kind in WEEKDAY_ONLY_KINDS and self.date.weekday() in weekend:
            raise ValidationError(
                {"kind": _("A compensatory, swapped or province-decided day off must fall on a working day.")}
            )


class CalendarYear(TimeStamped):
    """A year of a calendar: when it was seeded and whether an administrator confirmed it against the "
    "notice."""

    calendar = models.ForeignKey(
        WorkCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    notice_reference = models.CharField(
        _("official notice"),
        max_length=255,
        blank=True,
        help_text=_(
            "Number, reference and date of the year's official notice on public holidays and working-day "
            "swaps."
        ),
    )
    seeded_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    seeded_with = models.CharField(_("generated from"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar year")
        ordering = ["calendar", "-year"]
        constraints = [
            # Its index serves the confirmation flag in services.rules_for (an EXISTS per day's year) and
            # CalendarYear.objects.get(calendar=..., year=...) in the actions.
            models.UniqueConstraint(
                fields=["calendar", "year"],
                name="calendaryear_calendar_year_unique",
                violation_error_message=_("This year is already in the calendar."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="calendaryear_year_range",
                violation_error_message=_("The year must be between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed=False) | (Q(confirmed_at__isnull=False) & ~Q(notice_reference="")),
                name="calendaryear_confirmed_has_notice",
                violation_error_message=_(
                    "A confirmed year must record the official notice and the time of confirmation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.calendar.code} · {self.year}"
