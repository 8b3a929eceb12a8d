"""The public forms of the portal: the rating on the lookup page, and the applicant's supplement."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from par.dossiers.forms import MultipleFileField
from par.portal.models import ASPECTS

SCALE = [
    (1, _("1 – very dissatisfied")),
    (2, _("2 – dissatisfied")),
    (3, _("3 – neither")),
    (4, _("4 – satisfied")),
    (5, _("5 – very satisfied")),
]


class RatingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=60)
    token = forms.CharField(
        label=_("Security code (printed on the receipt)"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in ASPECTS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=SCALE, coerce=int, widget=forms.RadioSelect
            )
        # Scores first, then the comment and the code.
        self.order_fields([name for name, _label in ASPECTS] + ["comment", "token", "code"])

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label in ASPECTS}


class SupplementForm(forms.Form):
    """The applicant's supplement: the dossier code and security code of the confirmation, and the files."""

    code = forms.CharField(
        label=_("Dossier code"),
        max_length=60,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    token = forms.CharField(
        label=_("Security code (on the confirmation or the receipt)"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    # The form metaclass takes declared fields off the class (see OnlineIntakeForm).
    files = MultipleFileField(label=_("Documents to supplement (PDF, images, Word)"), required=False)  # type: ignore[assignment]
    step = forms.ChoiceField(
        choices=[("show", "show"), ("send", "send")], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("At most %(files)d files, %(mb)d MB in all.") % {
            "files": settings.PAR_PUBLIC_UPLOAD_MAX_FILES,
            "mb": settings.PAR_PUBLIC_UPLOAD_MAX_MB,
        }

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip()
