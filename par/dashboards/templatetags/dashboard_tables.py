"""A dashboard table's row in one call: the per-unit table has about 220 rows of 15 cells, and an `{% include %}`
per cell cost more than everything else on the page. The output is the markup the cell template gave, numbers
written as `floatformat:"-2"` writes them (`number_text`, tested against it)."""

from __future__ import annotations

import datetime as dt
import html
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeData, SafeString, mark_safe

from par.dashboards.tables import Cell

register = template.Library()
HUNDREDTHS = Decimal("0.01")


def number_text(value: int | Decimal, separator: str) -> str:
    """A whole number as it is; any other to two places, rounded half up, with the language's decimal separator."""
    if isinstance(value, int):  # a bool too, as 1 or 0
        return str(int(value))
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.quantize(HUNDREDTHS, rounding=ROUND_HALF_UP)).replace(".", separator)


def _content(cell: Cell, separator: str) -> str:
    value = cell.value
    if value is None:
        return "—"
    if isinstance(value, int | Decimal):
        text = number_text(value, separator)
    elif isinstance(value, dt.datetime):
        text = date_filter(timezone.localtime(value) if timezone.is_aware(value) else value, "d/m/Y")
    elif isinstance(value, dt.date):
        text = date_filter(value, "d/m/Y")
    else:
        text = str(value) if isinstance(value, SafeData) else html.escape(str(value))  # as Django's escape
    return f'<a href="{html.escape(cell.url)}">{text}</a>' if cell.url else text


@register.simple_tag
def table_row(cells: list[Cell]) -> SafeString:
    """The cells of one row: the first a row header, numbers (and blanks) aligned right. Every value and link is
    escaped here; the markup around them is fixed."""
    separator = get_format("DECIMAL_SEPARATOR")
    parts = []
    for i, cell in enumerate(cells):
        content = _content(cell, separator)
        if i == 0:
            parts.append(f'<th scope="row" class="fw-normal">{content}</th>')
        elif cell.value is None or cell.is_number:
            parts.append(f'<td class="text-end">{content}</td>')
        else:
            parts.append(f"<td>{content}</td>")
    return mark_safe("".join(parts))  # noqa: S308 -- values and links are escaped in _content
