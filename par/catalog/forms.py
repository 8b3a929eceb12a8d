"""Forms of the catalogue pages. They only check input; the actions check the rules and write."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from par.catalog.actions import DocumentInput, StepInput
from par.catalog.models import PROCEDURE_LEVELS, Field, Procedure, ProcedureVersion, StepActor
from par.core.http import XLSX_TYPE

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
# Largest workbook accepted for import; a province's whole catalogue is well under 1 MB.
MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _styled(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (no template tag library for it)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class ProcedureForm(forms.ModelForm):
    """The procedure's own data; levels are chosen as a list and stored as two flags."""

    levels = forms.MultipleChoiceField(
        label=_("Levels at which it is performed"),
        choices=PROCEDURE_LEVELS,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Procedure
        fields = ["code", "name", "field", "responsible_kind", "agency", "result", "is_published", "is_demo"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["field"]).queryset = Field.objects.order_by("name")
        if self.instance.pk:
            self.fields["levels"].initial = self.instance.levels
            self.fields["expected_version"].initial = self.instance.version
        _styled(self)

    def validate_unique(self):
        pass  # the action checks uniqueness and constraints, inside its transaction

    def action_data(self) -> dict:
        """The cleaned values in the shape do_create_procedure / do_update_procedure take."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        levels = set(self.cleaned_data["levels"])
        data["at_province"] = "province" in levels
        data["at_commune"] = "commune" in levels
        return data


class VersionForm(forms.ModelForm):
    """A version's dates, limits, fees, online level and texts."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ProcedureVersion
        fields = [
            "valid_from",
            "valid_to",
            "legal_days",
            "committed_days",
            "cutoff",
            "online_level",
            "fee_amount",
            "decision",
            "limit_note",
            "fee_text",
            "legal_basis",
        ]
        widgets = {
            "valid_from": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "cutoff": forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm"}),
            "limit_note": forms.Textarea(attrs={"rows": 2}),
            "fee_text": forms.Textarea(attrs={"rows": 2}),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to"):
            cast(forms.DateField, self.fields[name]).input_formats = DATE_INPUTS
        for name in ("legal_days", "committed_days"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            if self.initial.get(name) is not None:
                self.initial[name] = plain(self.initial[name])
        _styled(self)

    def validate_unique(self):
        pass  # overlaps and constraints depend on the other versions: the action checks them under a lock

    def action_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StepForm(forms.Form):
    name = forms.CharField(label=_("Step"), max_length=255)
    actor = forms.ChoiceField(label=_("Performed by"), choices=StepActor.choices)
    days = forms.DecimalField(
        label=_("Time limit (working days)"), min_value=0, max_digits=4, decimal_places=1, localize=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        _styled(self)


class DocumentForm(forms.Form):
    name = forms.CharField(label=_("Document"), max_length=500)
    originals = forms.IntegerField(label=_("Originals"), min_value=0, max_value=99, initial=1)
    copies = forms.IntegerField(label=_("Copies"), min_value=0, max_value=99, initial=0)
    form_template = forms.CharField(label=_("Form or template"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True)
DocumentFormSet = forms.formset_factory(DocumentForm, extra=2, can_delete=True)


def _kept(formset) -> list[dict]:
    """The filled-in rows of a valid formset, in order, without the ones marked for deletion."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def steps_from(formset) -> list[StepInput]:
    return [StepInput(name=d["name"], actor=d["actor"], days=d["days"]) for d in _kept(formset)]


def documents_from(formset) -> list[DocumentInput]:
    return [
        DocumentInput(
            name=d["name"], originals=d["originals"], copies=d["copies"], form_template=d["form_template"]
        )
        for d in _kept(formset)
    ]


def plain(days: Decimal) -> Decimal:
    """3.0 → 3 and 2.5 → 2.5, so forms show what people type (normalize() would turn 10 into 1E+1)."""
    whole = days.to_integral_value()
    return whole if days == whole else days


def step_initial(version: ProcedureVersion | None) -> list[dict]:
    if version is None:
        return []
    return [{"name": s.name, "actor": s.actor, "days": plain(s.days)} for s in version.steps.all()]


def document_initial(version: ProcedureVersion | None) -> list[dict]:
    if version is None:
        return []
    return [
        {"name": d.name, "originals": d.originals, "copies": d.copies, "form_template": d.form_template}
        for d in version.documents.all()
    ]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_(
            "Use the template: the sheets “Thủ tục”, “Phiên bản”, “Thành phần hồ sơ” and “Quy trình”."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": f".xlsx,{XLSX_TYPE}",
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(n)d MB.") % {"n": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return upload
