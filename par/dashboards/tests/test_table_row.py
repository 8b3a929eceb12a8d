"""A dashboard row is written in one call, with numbers as the `floatformat:"-2"` filter writes them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from par.dashboards.tables import Cell
from par.dashboards.templatetags.dashboard_tables import table_row

NUMBERS = [
    0,
    7,
    1234567,
    True,
    Decimal("0"),
    Decimal("100.00"),
    Decimal("77.27"),
    Decimal("88.5"),
    Decimal("33.335"),
    Decimal("-0.5"),
    Decimal("2.004"),
    Decimal("1E+2"),
    Decimal("12.3456"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_numbers_are_written_as_the_floatformat_filter_writes_them(language):
    with translation.override(language):
        written = [str(table_row([Cell("x"), Cell(n)])) for n in NUMBERS]
        expected = [
            f'<th scope="row" class="fw-normal">x</th><td class="text-end">{floatformat(n, "-2")}</td>'
            for n in NUMBERS
        ]
    assert written == expected


def test_a_row_escapes_its_texts_and_links_and_marks_blanks_and_dates():
    row = table_row(
        [
            Cell("<b>Sở & Ban</b>", "/dashboard/unit/3/?a=1&b=2"),
            Cell(None),
            Cell(dt.date(2026, 3, 31)),
            Cell("text"),
        ]
    )
    assert str(row) == (
        '<th scope="row" class="fw-normal"><a href="/dashboard/unit/3/?a=1&amp;b=2">'
        "&lt;b&gt;Sở &amp; Ban&lt;/b&gt;</a></th>"
        '<td class="text-end">—</td><td>31/03/2026</td><td>text</td>'
    )
