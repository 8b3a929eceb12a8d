"""Numbers read from query strings, form fields and API bodies: a bad value is a 400 with a message, never a 500.

`str.isdigit()` is not a test for `int()`: "²" and "٣" are digits to it and make `int()` (or a query on an id)
fail with a 500; a number of 20 digits overflows the database's integers. Read ids and counts with these.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.fields import IntegerField
from rest_framework.parsers import JSONParser
from rest_framework.utils.formatting import lazy_format

# ASCII digits only, at most 18 of them: every value fits the 64-bit integers of ids.
_WHOLE = re.compile(r"[0-9]{1,18}")


# The largest primary key any database here can hold (a signed 64-bit integer).
BIGGEST_ID = 2**63 - 1


def whole_number(raw) -> int | None:
    """`raw` as an int when it is a whole number written in ASCII digits (at most 18), else None."""
    text = str(raw if raw is not None else "").strip()
    return int(text) if _WHOLE.fullmatch(text) else None


def int_param(params, name: str) -> int | None:
    """The whole number in `params[name]` (request.GET or request.POST); None when absent or empty.

    Anything else raises BadRequest, which the 400 page (par.core.errors) shows with its message."""
    raw = params.get(name, "")
    if not str(raw).strip():
        return None
    value = whole_number(raw)
    if value is None:
        raise BadRequest(
            _("The value of “%(name)s” must be a whole number, not “%(value)s”.")
            % {"name": name, "value": raw[:30]}
        )
    return value


class JSONObjectParser(JSONParser):
    """The API's JSON parser: every body this API accepts is an object, so an array or a bare value is refused
    here (400 with a message), before a view reads it as a dict."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object ({…}), not a list or a single value."))
        return data


def read_query(serializer_class, request) -> dict:
    """An API request's query parameters as `serializer_class` reads them (the same serializer documents them
    in the schema, through extend_schema(parameters=[...])): a bad value is a 400 with its message, never an
    empty list or a filter quietly ignored."""
    serializer = serializer_class(data=request.query_params)
    for field in serializer.fields.values():
        # A number past 64 bits names no row on any database (SQLite cannot even bind it): a 400, alike everywhere.
        if isinstance(field, IntegerField) and field.max_value is None:
            field.max_value = BIGGEST_ID
            message = lazy_format(field.error_messages["max_value"], max_value=BIGGEST_ID)
            field.validators.append(MaxValueValidator(BIGGEST_ID, message=message))
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
