"""Forms of petitions: the public submission, follow-up and reopening; the staff's route, answer, publish."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from par.orgunits.models import Unit, UnitKind
from par.petitions.actions import MAX_TIME_LIMIT, default_time_limit
from par.petitions.models import PetitionKind

# Units a citizen can address: the province, its departments and the communes, wards and special zones.
ADDRESSABLE_KINDS = [
    UnitKind.PROVINCE,
    UnitKind.DEPARTMENT,
    UnitKind.COMMUNE,
    UnitKind.WARD,
    UnitKind.SPECIAL_ZONE,
]


class StyledForm(forms.Form):
    """Bootstrap classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


def addressable_units():
    return Unit.objects.as_of(timezone.localdate()).filter(kind__in=ADDRESSABLE_KINDS).order_by("path")


class SubmitForm(StyledForm):
    kind = forms.ChoiceField(label=_("The petition is about"), choices=PetitionKind.choices)
    unit = forms.ModelChoiceField(label=_("Agency concerned"), queryset=Unit.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    dossier_code = forms.CharField(
        label=_("Dossier code"),
        max_length=60,
        required=False,
        help_text=_("Required when the petition is about the handling of a dossier."),
    )
    name = forms.CharField(label=_("Full name or organisation"), max_length=200)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: PDF, Word, Excel, JPEG or PNG."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = addressable_units()


class RouteForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.none())
    time_limit_days = forms.IntegerField(
        label=_("Time limit (working days)"), min_value=1, max_value=MAX_TIME_LIMIT
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            units if units is not None else Unit.objects.none()
        )
        self.fields["time_limit_days"].initial = default_time_limit()


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class PublishForm(StyledForm):
    """The texts the public will read: written by the publisher, never copied from the citizen's submission."""

    public_question = forms.CharField(
        label=_("Question as published"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Rewrite the question without names, addresses, phone numbers or identity numbers."),
    )
    public_answer = forms.CharField(
        label=_("Answer as published"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Edit the answer so that it names no one and carries no address, phone or identity number."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectForm(PublishForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the history; not published."),
    )


class FollowForm(StyledForm):
    code = forms.CharField(label=_("Petition code"), max_length=30)
    secret = forms.CharField(label=_("Secret"), max_length=20, help_text=_("Given to you on submission."))


class ReopenForm(FollowForm):
    reason = forms.CharField(
        label=_("Why you disagree with the answer"), widget=forms.Textarea(attrs={"rows": 4})
    )
