from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RetryForm(forms.Form):
    """Nothing to fill: the button's POST carries only the CSRF token."""


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)
