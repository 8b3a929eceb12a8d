"""Lenient form fields for pages whose action checks the rules itself.

A posted value the page cannot read becomes None (or "" for text), and the action's own ValidationError explains
what is missing, in the same words as in the API. The form reads request.POST so that views never do.
"""

from __future__ import annotations

import datetime as dt

from django import forms

from par.core.params import whole_number


class Text(forms.CharField):
    """Text as posted (not stripped: the action decides what blank means); "" when absent."""

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)


class OptionalInteger(forms.CharField):
    """A whole number, or None when absent or unreadable."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> int | None:  # type: ignore[override]
        return whole_number(super().to_python(value))


class OptionalDate(forms.CharField):
    """A date typed dd/mm/yyyy, or None when absent or unreadable."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> dt.date | None:  # type: ignore[override]
        try:
            return dt.datetime.strptime(super().to_python(value) or "", "%d/%m/%Y").date()
        except ValueError:
            return None


def posted(form_class: type[forms.Form], request, **kwargs) -> dict:
    """The cleaned values of a lenient form bound to the request's POST."""
    form = form_class(request.POST, **kwargs)
    form.is_valid()
    return form.cleaned_data


class TextList(forms.Field):
    """Every value posted under the name (checkboxes), as a list of text."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> list[str]:
        return [str(item) for item in value or []]
