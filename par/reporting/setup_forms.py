"""Forms of the report-forms-and-periods pages (and of the admin): each shows the rules of the setup actions as
form errors before anything is saved; the actions check them again when they save."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from par.orgunits.models import AdminLevel, UnitKind
from par.reporting.frame import PLACEHOLDERS
from par.reporting.models import (
    AppendixTable,
    Column,
    DataElement,
    PeriodKind,
    ReportingPeriod,
    ReportTemplate,
    TemplateFrame,
    TemplateSection,
)
from par.reporting.setup_actions import check_part

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


def _text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"class": "form-control", "rows": rows})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _date() -> forms.DateInput:
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
    )


def placeholder_help() -> str:
    return " ".join(f"{{{name}}}: {text}." for name, text in PLACEHOLDERS.items())


class PartForm(forms.ModelForm):
    """A model form whose instance is checked against the setup rules (frozen versions, period rules)."""

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]  # where ModelForm validates the instance
        if self.instance.pk is not None and not self.has_changed():
            return
        try:
            check_part(self.instance)
        except ValidationError as exc:
            self.add_error(None, exc)


class PeriodForm(PartForm):
    """A period of the province: name, data window, deadlines, and the template version its reports use."""

    class Meta:
        model = ReportingPeriod
        fields = ["kind", "year", "quarter", "name", "start", "cutoff", "due_date", "legal_basis", "template"]
        widgets = {
            "kind": _select(),
            "year": forms.NumberInput(attrs={"class": "form-control"}),
            "quarter": forms.NumberInput(attrs={"class": "form-control"}),
            "name": _text(),
            "legal_basis": _text(),
            "template": _select(),
        }

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.province = province
        for name in ("start", "cutoff", "due_date"):
            cast(forms.DateField, self.fields[name]).input_formats = DATE_INPUTS
            self.fields[name].widget = _date()
        offered = Q(province=province) | Q(province__isnull=True)
        current = Q(pk=self.instance.template_id) if self.instance.template_id else Q(pk__in=[])
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = ReportTemplate.objects.filter(
            (offered & Q(is_active=True)) | current
        ).order_by("province", "-year", "-revision")
        started = self.instance.pk is not None and self.instance.reports.exists()
        for name in ("kind", "year", "quarter"):
            self.fields[name].disabled = self.instance.pk is not None
        for name in ("template", "start", "cutoff"):
            self.fields[name].disabled = self.fields[name].disabled or started
        deadlines = {d.level: d.due_date for d in self.instance.deadlines.all()} if self.instance.pk else {}
        for level, label in AdminLevel.choices:
            self.fields[f"due_{level}"] = forms.DateField(
                label=_("Deadline of units at %(level)s") % {"level": str(label).lower()},
                required=False,
                input_formats=DATE_INPUTS,
                initial=deadlines.get(level),
                widget=_date(),
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        kind, quarter = data.get("kind"), data.get("quarter")
        if kind == PeriodKind.QUARTER and quarter not in (1, 2, 3, 4):
            self.add_error("quarter", _("A quarter is numbered 1 to 4."))
        elif kind and kind != PeriodKind.QUARTER:
            data["quarter"] = None
        return data

    def deadlines(self) -> dict[str, dt.date | None]:
        return {level: self.cleaned_data.get(f"due_{level}") for level in AdminLevel.values}


class YearForm(forms.Form):
    """Create the default periods of a year on a template version."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    template = forms.ModelChoiceField(label=_("Report template"), queryset=ReportTemplate.objects.none())

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["template"]).queryset = ReportTemplate.objects.filter(
            Q(province=province) | Q(province__isnull=True), is_active=True
        ).order_by("province", "-year", "-revision")
        self.fields["template"].widget.attrs["class"] = "form-select"


class TemplateForm(PartForm):
    """The version's name and its document frame shared by every kind of unit."""

    class Meta:
        model = ReportTemplate
        fields = ["name", "year", "legal_basis", "is_active", "title", "subject", "opening"]
        widgets = {
            "name": _text(),
            "year": forms.NumberInput(attrs={"class": "form-control"}),
            "legal_basis": _text(),
            "is_active": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "title": _text(),
            "subject": _text(),
            "opening": _area(3),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].help_text = placeholder_help()


class SectionForm(PartForm):
    class Meta:
        model = TemplateSection
        fields = ["order", "number", "title", "depth", "guidance", "required"]
        widgets = {
            "order": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
            "number": _text(),
            "title": _text(),
            "depth": forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 3}),
            "guidance": _area(1),
            "required": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class FrameForm(PartForm):
    class Meta:
        model = TemplateFrame
        fields = ["addressee", "on_behalf", "signer_title", "recipients"]
        widgets = {
            "addressee": _area(2),
            "on_behalf": _text(),
            "signer_title": _text(),
            "recipients": _area(4),
        }


SectionFormSet = forms.inlineformset_factory(
    ReportTemplate, TemplateSection, form=SectionForm, extra=1, can_delete=True
)
FrameFormSet = forms.inlineformset_factory(
    ReportTemplate, TemplateFrame, form=FrameForm, extra=0, can_delete=False
)


class ColumnsField(forms.CharField):
    """The columns of an appendix typed one a line as "key | header" (key one of the known columns)."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{c['key']} | {c['title']}" for c in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        columns, seen = [], set()
        for line in text.splitlines():
            if not line.strip():
                continue
            key, _sep, title = (part.strip() for part in line.partition("|"))
            if key not in Column.values:
                raise ValidationError(
                    _("“%(key)s” is not a column; use one of %(known)s.")
                    % {"key": key, "known": ", ".join(Column.values)}
                )
            if key in seen:
                raise ValidationError(_("The column “%(key)s” is listed twice.") % {"key": key})
            seen.add(key)
            columns.append({"key": key, "title": title or str(Column(key).label)})
        if not columns:
            raise ValidationError(_("An appendix needs at least one column."))
        return columns


class TableForm(PartForm):
    """An appendix: number, title, columns, and the kinds of unit that fill it in."""

    columns = ColumnsField(
        label=_("Columns"),
        widget=_area(5),
        help_text=_("One column a line: key | header. Keys: %(keys)s.") % {"keys": ", ".join(Column.values)},
    )
    unit_kinds = forms.MultipleChoiceField(
        label=_("Filled in only by"),
        required=False,
        choices=UnitKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every unit."),
    )

    class Meta:
        model = AppendixTable
        fields = ["number", "title", "label_header", "columns", "unit_kinds"]
        widgets = {
            "number": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
            "title": _text(),
            "label_header": _text(),
        }


class ElementForm(PartForm):
    """A row of an appendix: its kind of value, how it is checked and added up, and its live sources."""

    class Meta:
        model = DataElement
        fields = [
            "order",
            "number",
            "code",
            "label",
            "value_type",
            "unit_label",
            "aggregation",
            "total_rule",
            "percent_mode",
            "percent_base",
            "percent_max",
            "not_above",
            "rate_numerator",
            "rate_denominator",
            "source_metric",
            "done_metric",
        ]
        widgets = {
            "order": forms.NumberInput(attrs={"class": "form-control", "min": 1}),
            "number": _text(),
            "code": _text(),
            "label": _area(2),
            "value_type": _select(),
            "unit_label": _text(),
            "aggregation": _select(),
            "total_rule": _select(),
            "percent_mode": _select(),
            "percent_base": _select(),
            "percent_max": forms.NumberInput(attrs={"class": "form-control"}),
            "not_above": _select(),
            "rate_numerator": _select(),
            "rate_denominator": _select(),
            "source_metric": _text(),
            "done_metric": _text(),
        }

    def __init__(self, *args, table=None, **kwargs):
        super().__init__(*args, **kwargs)
        table = table or getattr(self.instance, "table", None)
        siblings = DataElement.objects.filter(table=table).order_by("order")
        for name in ("percent_base", "not_above", "rate_numerator", "rate_denominator"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = siblings


ElementFormSet = forms.inlineformset_factory(
    AppendixTable, DataElement, form=ElementForm, fk_name="table", extra=1, can_delete=True
)
