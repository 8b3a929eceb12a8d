"""Admin for calendars; every save and delete goes through the actions, so it is checked and audited."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from par.calendars import actions, impact
from par.calendars.access import can_edit_calendar
from par.calendars.models import CalendarDay, CalendarYear, WorkCalendar, mask_to_weekend, weekend_to_mask
from par.calendars.workdays import weekday_label

ADMIN_REASON = _("Edited in the admin")


def _error_text(exc: Exception) -> str:
    return "; ".join(getattr(exc, "messages", None) or [str(exc)])


SHOWN_IN_MESSAGE = 10


def report_moved_dates(model_admin, request, calendar, year: int) -> None:
    """After an edit or a confirmation: say which promised dates the year's days, as they are now, would move
    (they are kept as promised; decision 0155), with a link to the full list on the calendar page."""
    impacts = impact.moved_dates(calendar, [year], request.user)
    total = impact.count(impacts)
    if not total:
        return
    rows = [row for section in impacts for row in section.rows]
    listing = "; ".join(f"{r.label} ({r.what}: {r.promised} → {r.now})" for r in rows[:SHOWN_IN_MESSAGE])
    if total > SHOWN_IN_MESSAGE:
        listing += " …"
    url = f"{reverse('calendars:index')}?year={year}#moved-dates"
    text = ngettext(
        "%(n)d date already promised would be different with the days of %(year)d as they are now; it is kept "
        "as promised: %(listing)s.",
        "%(n)d dates already promised would be different with the days of %(year)d as they are now; they are "
        "kept as promised: %(listing)s.",
        total,
    ) % {"n": total, "year": year, "listing": listing}
    model_admin.message_user(
        request, format_html('{} <a href="{}">{}</a>', text, url, gettext("See the list")), messages.WARNING
    )


class WorkCalendarForm(forms.ModelForm):
    weekend_days = forms.TypedMultipleChoiceField(
        label=_("Weekly rest days"),
        coerce=int,
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkCalendar
        fields = [
            "code",
            "name",
            "unit",
            "weekend_days",
            "cutoff",
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
            "description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["weekend_days"]).choices = [
            (d, weekday_label(d)) for d in range(7)
        ]
        self.initial["weekend_days"] = sorted(mask_to_weekend(self.instance.weekend_mask))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        days = cleaned.get("weekend_days") or []
        if len(set(days)) >= 7:
            # The same rule as the database constraint; checked here because weekend_mask is not a form field.
            self.add_error("weekend_days", _("Every week must have at least one working day."))
        self.instance.weekend_mask = weekend_to_mask(days)
        return cleaned


class CalendarYearInline(admin.TabularInline):
    model = CalendarYear
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "year",
        "confirmed",
        "notice_reference",
        "confirmed_by",
        "confirmed_at",
        "seeded_with",
        "seeded_at",
    )
    show_change_link = True

    # Years change only through the seeding and confirmation actions (CalendarYear admin), never in this inline.
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    form = WorkCalendarForm
    list_display = ["code", "name", "unit", "weekend_display", "cutoff", "version"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["unit"]
    inlines = [CalendarYearInline]
    actions = ["seed_from_package"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_calendar(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # Deadlines already computed cite their calendar; a calendar is retired by editing, never deleted.
        return False

    def save_model(self, request, obj, form, change):
        actions.do_save_work_calendar(obj, actor=request.user, reason=str(ADMIN_REASON))

    @admin.action(
        description=_("Generate days off from the holidays package (last year, this year, next year)")
    )
    def seed_from_package(self, request, queryset):
        this_year = timezone.localdate().year
        for calendar in queryset:
            for year in (this_year - 1, this_year, this_year + 1):
                try:
                    result = actions.do_seed_calendar_year(calendar, year, actor=request.user)
                except (PermissionDenied, ValidationError) as exc:
                    self.message_user(request, f"{calendar.code} {year}: {_error_text(exc)}", messages.ERROR)
                    continue
                if result.skipped_confirmed:
                    text = gettext("%(code)s %(year)d: year already confirmed, left unchanged.")
                else:
                    text = gettext(
                        "%(code)s %(year)d: %(created)d added, %(updated)d updated, %(deleted)d deleted."
                    )
                self.message_user(
                    request,
                    text
                    % {
                        "code": calendar.code,
                        "year": year,
                        "created": len(result.created),
                        "updated": len(result.updated),
                        "deleted": len(result.deleted),
                    },
                    messages.SUCCESS,
                )


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["calendar", "date", "kind", "name", "legal_reference", "paired_date"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "calendar", "kind", "name", "source", "legal_reference"]
    list_filter = ["calendar", "kind", "source"]
    search_fields = ["name", "legal_reference"]
    date_hierarchy = "date"
    list_select_related = ["calendar"]

    def get_readonly_fields(self, request, obj=None):
        # A day is moved by deleting it and adding another, so each change is one audited action.
        return ["calendar", "date", "source"] if obj is not None else ["source"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_calendar(request.user, obj.calendar))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit_calendar(request.user, obj.calendar))

    def save_model(self, request, obj, form, change):
        saved = actions.do_set_calendar_day(
            obj.calendar,
            obj.date,
            actor=request.user,
            kind=obj.kind,
            name=obj.name,
            legal_reference=obj.legal_reference,
            paired_date=obj.paired_date,
            reason=str(ADMIN_REASON),
        )
        obj.pk = saved.pk
        obj.source = saved.source
        report_moved_dates(self, request, obj.calendar, obj.date.year)

    def delete_model(self, request, obj):
        actions.do_delete_calendar_day(obj, actor=request.user, reason=str(_("Deleted in the admin")))
        report_moved_dates(self, request, obj.calendar, obj.date.year)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("calendar"):
            self.delete_model(request, obj)


class ConfirmYearForm(forms.Form):
    notice_reference = forms.CharField(
        label=_("Official notice"),
        max_length=255,
        help_text=_("For example: Notice No. 6150/TB-BLDTBXH of 29/11/2024."),
    )


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["confirmed", "notice_reference"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = [
        "calendar",
        "year",
        "confirmed",
        "notice_reference",
        "confirmed_by",
        "confirmed_at",
        "seeded_with",
    ]
    list_filter = ["calendar", "confirmed"]
    readonly_fields = ["calendar", "year", "confirmed_by", "confirmed_at", "seeded_at", "seeded_with"]
    actions = ["confirm_years"]

    def has_add_permission(self, request):
        # Years come from seeding or from confirming; an empty year row would claim coverage it does not have.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit_calendar(request.user, obj.calendar))

    def save_model(self, request, obj, form, change):
        if obj.confirmed:
            actions.do_confirm_calendar_year(
                obj.calendar, obj.year, actor=request.user, notice_reference=obj.notice_reference
            )
            report_moved_dates(self, request, obj.calendar, obj.year)
        elif "confirmed" in form.changed_data:
            actions.do_reopen_calendar_year(
                obj.calendar, obj.year, actor=request.user, reason=str(ADMIN_REASON)
            )
        elif form.changed_data:
            self.message_user(
                request, _("The official notice is saved only when the year is confirmed."), messages.WARNING
            )

    @admin.action(description=_("Confirm years against the official notice"))
    def confirm_years(self, request, queryset):
        if "apply" in request.POST:
            form = ConfirmYearForm(request.POST)
            if form.is_valid():
                for calendar_year in queryset.select_related("calendar"):
                    try:
                        actions.do_confirm_calendar_year(
                            calendar_year.calendar,
                            calendar_year.year,
                            actor=request.user,
                            notice_reference=form.cleaned_data["notice_reference"],
                        )
                    except (PermissionDenied, ValidationError) as exc:
                        self.message_user(request, f"{calendar_year}: {_error_text(exc)}", messages.ERROR)
                    else:
                        self.message_user(request, gettext("Confirmed %s.") % calendar_year, messages.SUCCESS)
                        report_moved_dates(self, request, calendar_year.calendar, calendar_year.year)
                return None
        else:
            form = ConfirmYearForm()
        return render(
            request,
            "admin/calendars/confirm_years.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Confirm calendar years"),
                "form": form,
                "queryset": queryset,
                # Before confirming, the officer sees the promised dates each year's days would now change.
                "moved": [
                    (
                        calendar_year,
                        impact.moved_dates(calendar_year.calendar, [calendar_year.year], request.user),
                    )
                    for calendar_year in queryset.select_related("calendar")
                ],
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
