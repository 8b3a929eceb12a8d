"""Forms of the report pages: creating a report, its figures, its text and document details, and the review
steps. The forms of the province's report setup are in `setup_forms`.

The pages name their inputs themselves (`v-<row>-<column>`, `r-<row>`, `s-<section>`), so these forms build
their fields from the template; a field the page did not send is left as it is.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.reporting.actions import HEADER_FIELDS
from par.reporting.models import AppendixTable, Column, TemplateSection
from par.reporting.tables import parse_cell

DATE_FORMAT = "%d/%m/%Y"


class VersionForm(forms.Form):
    """The version of the report the page showed: a save on an older one is a conflict."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CreateReportForm(forms.Form):
    """The unit a report is started for (the view checks it is one of the user's)."""

    unit = forms.IntegerField(label=gettext_lazy("Unit"))


class TransitionForm(VersionForm):
    """Submit, return (with comments), approve or reopen (with a reason); the action says what is required."""

    comment = forms.CharField(label=gettext_lazy("Comments for the unit"), required=False)
    reason = forms.CharField(label=gettext_lazy("Reason for reopening"), required=False)


class HeaderForm(VersionForm):
    """The document details: number and symbol, signing date (dd/mm/yyyy), signer and recipients."""

    number = forms.CharField(label=gettext_lazy("Number and symbol"), required=False)
    signed_on = forms.DateField(
        label=gettext_lazy("Date signed"),
        required=False,
        input_formats=[DATE_FORMAT],
        error_messages={"invalid": gettext_lazy("Enter the date as dd/mm/yyyy.")},
    )
    signer_name = forms.CharField(label=gettext_lazy("Signed by"), required=False)
    signer_title = forms.CharField(label=gettext_lazy("Signer's title"), required=False)
    recipients = forms.CharField(label=gettext_lazy("Recipients (one per line)"), required=False)

    def header(self) -> dict[str, Any]:
        """The details the page sent, ready to save."""
        return {name: self.cleaned_data[name] for name in HEADER_FIELDS if name in self.data}

    def typed(self) -> dict[str, str]:
        """The details as typed, to show again after a refused save (nothing is lost)."""
        return {name: str(self.data[name]).strip() for name in HEADER_FIELDS if name in self.data}


class ReportTextForm(HeaderForm):
    """The narrative sections of the report's outline with its document details, saved together."""

    def __init__(self, *args, sections: list[TemplateSection], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            # strip=False: the action trims the text itself and tells "unchanged" from "emptied".
            self.fields[f"s-{section.pk}"] = forms.CharField(
                label=section.heading, required=False, strip=False, widget=forms.Textarea
            )

    def texts(self) -> dict[int, str]:
        """The sections the page sent, by section id."""
        return {s.pk: self.cleaned_data[f"s-{s.pk}"] for s in self.sections if f"s-{s.pk}" in self.data}


class ValuesForm(VersionForm):
    """The figures of one appendix, each read as its row's kind reads it (a number, a rank such as 6/63, or
    text), and the reasons for figures that differ from the live data."""

    def __init__(self, *args, table: AppendixTable, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.table = table
        self.elements = list(table.elements.all())
        self.cells: dict[tuple[int, str], Any] = {}
        self.reasons: dict[int, str] = {}
        for element in self.elements:
            self.fields[f"r-{element.pk}"] = forms.CharField(required=False, strip=False)
            for key in table.column_keys:
                self.fields[f"v-{element.pk}-{key}"] = forms.CharField(required=False, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bad = []
        for element in self.elements:
            self.reasons[element.pk] = data.get(f"r-{element.pk}", "")
            for key in self.table.column_keys:
                name = f"v-{element.pk}-{key}"
                if name not in self.data:
                    continue
                raw = data.get(name, "")
                try:
                    self.cells[(element.pk, key)] = parse_cell(element, key, raw)
                except ValueError:
                    message = (
                        _("Row %(n)s: “%(v)s” is not a rank such as 6/63.")
                        if element.is_rank and key == Column.TOTAL
                        else _("Row %(n)s: “%(v)s” is not a number.")
                    )
                    bad.append(message % {"n": element.number.rstrip("."), "v": raw})
        if bad:
            raise forms.ValidationError(bad)
        return data
