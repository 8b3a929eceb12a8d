"""The forms of the API token page: issue a token, revoke one."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from par.accounts.models import User
from par.apitokens.models import TokenAccess
from par.orgunits.models import Unit


class UserField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_username()} · {obj}"


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class IssueForm(forms.Form):
    user = UserField(
        label=_("Acts as the account"),
        queryset=User.objects.none(),
        help_text=_("Preferably an account made for the system, with only the roles it needs."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=_("System or purpose"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=TokenAccess.choices,
        initial=TokenAccess.READ,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    units = UnitsField(
        label=_("Units"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_(
            "The token sees and acts only in these units and the units below them. "
            "Empty: every unit the account may see."
        ),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            is_active=True, is_superuser=False
        ).order_by("username")
        cast(forms.ModelMultipleChoiceField, self.fields["units"]).queryset = Unit.objects.order_by("path")
        # The longest validity is enforced by do_issue_api_token; the field only tells the browser and the user.
        longest = settings.PAR_API_TOKEN_MAX_DAYS
        days = self.fields["days"]
        days.initial = settings.PAR_API_TOKEN_DAYS
        days.widget.attrs["max"] = longest
        days.help_text = _("At most %(days)d days.") % {"days": longest}


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
