"""Forms of the dossier pages; the actions check every rule again."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from par.catalog.models import Procedure
from par.core.params import whole_number
from par.dossiers.models import Channel, ReturnMethod


class ApplicantForm(forms.Form):
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=Procedure.objects.none())
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=255)
    applicant_id_number = forms.CharField(label=_("Identity number"), max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    applicant_email = forms.EmailField(label=_("Email"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=500, required=False)

    def __init__(self, *args, procedures=None, **kwargs):
        super().__init__(*args, **kwargs)
        procedure = cast(forms.ModelChoiceField, self.fields["procedure"])
        procedure.queryset = procedures if procedures is not None else Procedure.objects.none()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        self.fields["procedure"].widget.attrs["class"] = "form-select"


class CheckedDocuments(forms.Field):
    """The checklist documents the clerk ticked, as their ids; the page draws the boxes from the checklist."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> set[int]:
        return {n for n in (whole_number(x) for x in (value or [])) if n is not None}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the type and size checks are the action's (par.documents.uploads)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class CounterIntakeForm(ApplicantForm):
    """The clerk files a dossier for the applicant and records the completeness check."""

    DECISIONS = [
        ("receive", _("Complete and valid: receive and print the receipt")),
        ("supplement", _("Incomplete: request a supplement")),
        ("refuse", _("Not eligible: refuse")),
    ]
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(Channel.COUNTER, Channel.COUNTER.label), (Channel.POSTAL, Channel.POSTAL.label)],
    )
    decision = forms.ChoiceField(label=_("Completeness check"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("What is missing, or why it is refused"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    documents = CheckedDocuments(required=False)
    missing_reason = forms.CharField(
        label=_("Why the dossier is complete without a document of the checklist"),
        help_text=_("Only when a document of the checklist is not checked off: say why it is not needed."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # The form metaclass takes declared fields off the class (see OnlineIntakeForm).
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Scanned documents (postal dossiers: PDF, images, Word)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].widget.attrs["class"] = "form-select"
        self.fields["decision"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") in ("supplement", "refuse") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say what is missing or why the dossier is refused."))
        if data.get("files") and data.get("channel") != Channel.POSTAL:
            self.add_error(
                "files",
                _("Scanned files are attached to dossiers received by post: choose the postal channel."),
            )
        return data


class OnlineIntakeForm(ApplicantForm):
    """The public online form: the procedures offered online, the applicant, and the uploaded documents."""

    # The form metaclass takes declared fields off the class, so this field does not replace BaseForm.files at
    # run time; the stubs see a class attribute of another type.
    files = MultipleFileField(label=_("Documents (PDF, images, Word)"), required=False)  # type: ignore[assignment]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["class"] = "form-control"
        # The list offers only the procedures filed online (decision 0108); anything else posted is one of those
        # that must be filed at the desk or by post.
        self.fields["procedure"].error_messages["invalid_choice"] = _(
            "This procedure cannot be filed online: choose one from the list, or file it at the one-stop desk "
            "or by post."
        )
        self.fields["files"].help_text = _("At most %(files)d files, %(mb)d MB in all.") % {
            "files": settings.PAR_PUBLIC_UPLOAD_MAX_FILES,
            "mb": settings.PAR_PUBLIC_UPLOAD_MAX_MB,
        }


class IdListField(forms.Field):
    """A list of ids from repeated inputs (checkboxes), each a whole number."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str | int):
            value = [value]
        ids = [whole_number(v) for v in value]
        if None in ids:
            raise forms.ValidationError(_("Reload the page: a choice was not understood."))
        return ids


class ActionForm(forms.Form):
    """One form for every transition: the fields each action needs, all optional here."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note or reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    assignee = forms.IntegerField(label=_("Officer"), required=False)
    unit = forms.IntegerField(label=_("Agency of the next step"), required=False)
    position = forms.IntegerField(label=_("Step"), required=False)
    new_date = forms.DateField(
        label=_("New appointment date"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    method = forms.ChoiceField(
        label=pgettext_lazy("return method", "Returned"), choices=ReturnMethod.choices, required=False
    )
    number = forms.CharField(label=_("Number and symbol of the result"), max_length=100, required=False)
    documents = IdListField(label=_("Documents checked off"), required=False)
    missing_reason = forms.CharField(
        label=_("Why the dossier is complete without a document of the checklist"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
