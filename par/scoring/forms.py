"""Forms of the PAR index screens. They parse what was posted; the actions decide whether it is allowed (points
within the maximum, a reason where one is needed), so most fields here are free text the action checks."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from par.scoring import exchange
from par.scoring.actions import FIRST_YEAR, LAST_YEAR, NodeInput
from par.scoring.models import Criterion, IndexFramework

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERRORS = {"invalid": gettext_lazy("Enter the date as dd/mm/yyyy.")}


def posted(request: HttpRequest, form: forms.BaseForm) -> bool:
    """Whether the posted form is valid; if not, its errors become the page's messages (for a form that posts
    from a page and goes back to it)."""
    if form.is_valid():
        return True
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return False


class VersionedForm(forms.Form):
    """A change to a row the page showed: `version` is the row's version on that page (stale is refused)."""

    version = forms.IntegerField(
        required=False,
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": gettext_lazy("The page's version is not valid: reload the page and try again."),
            "min_value": gettext_lazy("The page's version is not valid: reload the page and try again."),
        },
    )


class ImportForm(forms.Form):
    """A framework's criteria as a YAML or XLSX file; the cleaned `file` is the tree the file describes."""

    file = forms.FileField(error_messages={"required": gettext_lazy("Choose a file to import.")})

    def clean_file(self) -> list[NodeInput]:
        upload = self.cleaned_data["file"]
        data = upload.read()
        if (upload.name or "").lower().endswith((".yaml", ".yml")):
            return exchange.read_yaml(data).nodes
        return exchange.parse_xlsx(data)


class ListField(forms.Field):
    """Every value posted under the field's name (the rows of a table of inputs)."""

    widget = forms.MultipleHiddenInput

    def clean(self, value) -> list[str]:
        return [str(v) for v in (value or [])]


class BandsForm(VersionedForm):
    """The classification thresholds as a table: one label and one minimum percentage per row; blank rows are
    left out. The cleaned `bands` are (label, minimum) pairs."""

    label = ListField(required=False)
    min_percent = ListField(required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        bands = []
        for label, minimum in zip(data.get("label", []), data.get("min_percent", []), strict=False):
            if label.strip() or minimum.strip():
                try:
                    bands.append((label, Decimal(minimum.replace(",", "."))))
                except InvalidOperation:
                    raise ValidationError(_("Thresholds are percentages between 0 and 100.")) from None
        data["bands"] = bands
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); the action checks each file's type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class SelfScoreForm(VersionedForm):
    """The unit's points for one criterion, its explanation and evidence files."""

    points = forms.CharField(required=False, strip=True)
    note = forms.CharField(required=False)
    evidence = MultipleFileField(required=False)


class AppraiseForm(VersionedForm):
    """The council's points for one criterion and the reason for a change."""

    points = forms.CharField(required=False, strip=True)
    reason = forms.CharField(required=False)


class StepForm(VersionedForm):
    """A step of the assessment (submit, approve, recompute, reopen): the figures' version, the reason and the
    new deadline when reopening."""

    reason = forms.CharField(required=False)
    deadline = forms.DateField(required=False, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS)


class NotApplicableForm(VersionedForm):
    """The unit's mark that a criterion does not apply (with the reason), or `withdraw` to take it back."""

    reason = forms.CharField(required=False)
    withdraw = forms.BooleanField(required=False)


class ApplicabilityForm(VersionedForm):
    """The council's decision on a unit's mark: confirm or overrule, the reason and, when overruled, points."""

    decision = forms.ChoiceField(choices=[("confirm", "confirm"), ("overrule", "overrule")])
    reason = forms.CharField(required=False)
    points = forms.CharField(required=False, strip=True)


class NoSurveyRuleForm(VersionedForm):
    """The framework's rule for units without survey answers (the action checks it is one of the rules)."""

    rule = forms.CharField(required=False)


class PublishForm(forms.Form):
    """Publishing the results by decision, or correcting the decision in force (`corrects`). `ranking_version` is
    the fingerprint of the ranking the page showed: a form without it matches nothing and is refused as stale."""

    decision_number = forms.CharField(required=False)
    decision_date = forms.DateField(required=False, input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS)
    signer_name = forms.CharField(required=False)
    signer_title = forms.CharField(required=False)
    corrects = forms.IntegerField(required=False, min_value=1)
    correction_reason = forms.CharField(required=False)
    ranking_version = forms.CharField(required=False)


class ReasonForm(forms.Form):
    """A reason the action records (leaving a unit out of the ranking or putting it back)."""

    reason = forms.CharField(required=False)


class WhatIfForm(forms.Form):
    """Proposed points per leaf criterion (`c<id>`); blank keeps the criterion's points. The cleaned `changes`
    map each changed criterion's id to its points."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [c for c in criteria if c.is_leaf]
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.CharField(required=False, strip=True)

    def clean(self) -> dict:
        data = super().clean() or {}
        changes: dict[int, Decimal] = {}
        for criterion in self.criteria:
            raw = data.get(f"c{criterion.pk}", "")
            if not raw:
                continue
            try:
                value: Decimal | None = Decimal(raw.replace(",", "."))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or value < 0 or value > criterion.max_points:
                self.add_error(
                    None,
                    _("Criterion %(code)s: the points must be between 0 and %(max)s.")
                    % {"code": criterion.code, "max": criterion.max_points},
                )
                continue
            changes[criterion.pk] = value
        data["changes"] = changes
        return data


class SourceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.year} · {obj.name} · {obj.get_assessed_kind_display()} · {obj.owner.name}"


class NewYearForm(forms.Form):
    """Next year's framework from one the PAR officer manages (decision 0122)."""

    source = SourceChoice(
        label=gettext_lazy("Copy from the framework of"),
        queryset=IndexFramework.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the new framework"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    self_deadline = forms.DateField(
        label=gettext_lazy("Self-assessment deadline"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "autocomplete": "off"},
        ),
        help_text=gettext_lazy("dd/mm/yyyy. Units submit their self-assessment by this day."),
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        assert isinstance(source, forms.ModelChoiceField)
        source.queryset = sources
