"""Forms of the calendar page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# Typed as dd/mm/yyyy hh:mm (the interface's date format); ISO is accepted too for pasted values.
DATETIME_INPUTS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DueDateForm(forms.Form):
    """A receipt time and a number of working days; the page answers with the due date and its reasoning."""

    received_at = forms.DateTimeField(
        label=_("Time of receipt"),
        input_formats=DATETIME_INPUTS,
        help_text=_("Date and time in Vietnam time, as dd/mm/yyyy hh:mm."),
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy hh:mm"}
        ),
    )
    days = forms.DecimalField(
        label=_("Number of working days"),
        min_value=0,
        max_value=365,
        max_digits=4,
        decimal_places=1,
        help_text=_("Whole or half days; 0 means within the day."),
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
    )

    def clean_days(self):
        days = self.cleaned_data["days"]
        if (days * 2) % 1:
            raise forms.ValidationError(_("Enter whole or half working days (for example 0, 0.5, 3)."))
        return days

    cutoff = forms.TimeField(
        label=_("Cut-off time of the procedure"),
        required=False,
        input_formats=["%H:%M"],
        help_text=_("Leave empty to use the calendar's cut-off time."),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-control", "placeholder": "hh:mm"}),
    )
