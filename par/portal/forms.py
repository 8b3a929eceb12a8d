"""The rating form on the public lookup page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
