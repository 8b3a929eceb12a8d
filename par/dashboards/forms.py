"""The period a dashboard shows: a quarter, the first 6 or 9 months, the whole year, or chosen days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# A custom period longer than this is refused: the trend by month would no longer fit a page.
LONGEST_CUSTOM_DAYS = 3 * 366


SPANS = [
    ("q1", _("Quarter I")),
    ("q2", _("Quarter II")),
    ("q3", _("Quarter III")),
    ("q4", _("Quarter IV")),
    ("m6", _("First 6 months")),
    ("m9", _("First 9 months")),
    ("m12", _("Whole year (12 months)")),
    ("custom", _("Chosen days")),
]
# The last month of each span of a year (reporting periods of Decree 30/2020: quarter, 6, 9 and 12 months).
LAST_MONTH = {"q1": 3, "q2": 6, "q3": 9, "q4": 12, "m6": 6, "m9": 9, "m12": 12}
FIRST_MONTH = {"q1": 1, "q2": 4, "q3": 7, "q4": 10, "m6": 1, "m9": 1, "m12": 1}


@dataclass(frozen=True)
class Period:
    """The days a dashboard counts, both ends included."""

    start: dt.date
    end: dt.date
    span: str
    year: int

    @property
    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def query(self) -> str:
        """The query string that asks for this period again (links keep the period through the drill-down)."""
        if self.span == "custom":
            return f"span=custom&date_from={self.start:%d/%m/%Y}&date_to={self.end:%d/%m/%Y}"
        return f"span={self.span}&year={self.year}"


def year_period(span: str, year: int) -> Period:
    first, last = FIRST_MONTH[span], LAST_MONTH[span]
    next_month = dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)
    return Period(dt.date(year, first, 1), next_month - dt.timedelta(days=1), span, year)


class PeriodForm(forms.Form):
    """The period chooser; an empty form means the whole of today's year."""

    span = forms.ChoiceField(label=pgettext_lazy("time span", "Period"), choices=SPANS, required=False)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("Choose a year from 2000 to 2100."),
            "max_value": _("Choose a year from 2000 to 2100."),
            "invalid": _("The year is a number, e.g. 2026."),
        },
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Write the date as dd/mm/yyyy.")},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["span"].initial = "m12"
        self.fields["year"].initial = today.year
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if name == "span" else "form-control form-control-sm"
            )
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["placeholder"] = "dd/mm/yyyy"
            self.fields[name].widget.format = "%d/%m/%Y"

    def clean(self):
        data = super().clean() or {}
        if self.errors:
            return data
        span = data.get("span") or "m12"
        if span != "custom":
            return data
        start, end = data.get("date_from"), data.get("date_to")
        if start is None:
            self.add_error("date_from", _("Give the first day of the period."))
        if end is None:
            self.add_error("date_to", _("Give the last day of the period."))
        if start and end:
            if start > end:
                self.add_error("date_to", _("The period ends before it starts."))
            elif (end - start).days > LONGEST_CUSTOM_DAYS:
                self.add_error("date_to", _("A chosen period is at most three years long."))
            elif start.year < 2000 or end.year > 2100:
                self.add_error("date_from", _("Choose dates from 2000 to 2100."))
        return data

    def period(self) -> Period:
        """The chosen period (call after is_valid()); today's year for an empty or invalid form."""
        data: dict = self.cleaned_data if self.is_bound and self.is_valid() else {}
        span = data.get("span") or "m12"
        if span == "custom":
            return Period(data["date_from"], data["date_to"], "custom", data["date_from"].year)
        return year_period(span, data.get("year") or self.today.year)


class MapForm(PeriodForm):
    """The period and the figure the commune map colours the communes by."""

    indicator = forms.ChoiceField(
        label=_("Indicator"),
        required=False,
        choices=[
            ("dossiers", _("Dossiers resolved on time (%)")),
            ("tasks", _("Tasks completed on time (%)")),
            ("reports", _("Reports submitted on time (%)")),
            ("satisfaction", _("Satisfaction index")),
        ],
        error_messages={"invalid_choice": _("Choose an indicator from the list.")},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["indicator"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["indicator"].initial = "dossiers"

    def chosen_indicator(self) -> str:
        data: dict = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("indicator") or "dossiers"
