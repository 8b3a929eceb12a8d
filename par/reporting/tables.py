"""Appendix arithmetic: computed totals and percentages, the validation rules, and number formatting.

Pure functions over `{column: value}` dicts, shared by the form, the actions, the roll-up and the documents, so
that a figure is checked and shown the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from par.orgunits.models import REFORM_2025
from par.reporting.models import (
    LEVEL_COLUMNS,
    NUMBER_COLUMNS,
    TEXT_COLUMNS,
    AppendixTable,
    Column,
    DataElement,
    PercentMode,
    Rank,
    ReportingPeriod,
    TotalRule,
    ValueType,
)

TWO_PLACES = Decimal("0.01")
# What a cell holds: a number, a rank "6/63", the text of a text column, or nothing.
Value = Decimal | Rank | str | None
Row = dict[str, Value]
# The columns a rate row computes: the total and each level, each from the same column of its two rows.
RATE_COLUMNS = (Column.TOTAL, *LEVEL_COLUMNS)


def fmt_number(value: Decimal | None) -> str:
    """Vietnamese number format: 2738 → "2.738", 95.12 → "95,12", 151.00 → "151"; None → ""."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        whole, frac = f"{int(value):,}".replace(",", "."), ""
    else:
        text = f"{value.quantize(TWO_PLACES):,.2f}".rstrip("0")
        whole, frac = text.split(".")
        whole = whole.replace(",", ".")
    return f"{whole},{frac}" if frac else whole


def fmt_cell(element: DataElement, column: str, value) -> str:
    """A cell as printed: numbers formatted, the unit of count after a total, "%" after a percentage."""
    if column not in NUMBER_COLUMNS:
        return str(value or "")
    if value is None:
        return ""
    if isinstance(value, Rank):
        return str(value)
    text = fmt_number(value)
    if column == Column.PERCENT or element.is_rate or element.value_type == ValueType.PERCENT:
        return f"{text}%"
    if element.unit_label and column == Column.TOTAL:
        return f"{text} {element.unit_label}"
    return text


def parse_number(raw: str) -> Decimal | None:
    """Read a figure typed the Vietnamese way ("2.738", "95,12", "95,12 %") or the plain way ("2738")."""
    text = (raw or "").strip().replace("%", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") == 1 and len(text.split(".")[1]) == 3:
        text = text.replace(".", "")  # 2.738 is a thousands separator, not 2,738
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None


RANK_TEXT = re.compile(r"(\d+)/(\d+)")


def parse_rank(raw: str) -> Rank | None:
    """Read a rank written as officials write it, "6/63" (spaces allowed around the slash)."""
    text = "".join((raw or "").split())
    if not text:
        return None
    match = RANK_TEXT.fullmatch(text)
    if match is None:
        raise ValueError(raw)
    return Rank(int(match[1]), int(match[2]))


def parse_cell(element: DataElement, column: str, raw: str):
    """A typed cell as its row's kind reads it: a rank in the total column of a rank row, else a number (text
    columns as typed). Raises ValueError for what is neither."""
    if column not in NUMBER_COLUMNS:
        return raw
    if element.is_rank and column == Column.TOTAL:
        return parse_rank(raw)
    return parse_number(raw)


def shown_columns(table: AppendixTable, period: ReportingPeriod | None) -> list[dict]:
    """The columns of a table as shown for a period: the district column only before 01/07/2025."""
    columns = table.columns
    if period is not None and period.cutoff >= REFORM_2025:
        columns = [c for c in columns if c["key"] != Column.DISTRICT]
    return columns


def figure(value: object) -> Decimal | None:
    """The number in a cell: None for an empty cell, a rank or a text."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return None


def level_sum(row: Row) -> Decimal | None:
    figures = [f for c in LEVEL_COLUMNS if (f := figure(row.get(c))) is not None]
    return sum(figures, Decimal(0)) if figures else None


def percent(numerator, denominator) -> Decimal | None:
    if (
        not isinstance(numerator, Decimal | int)
        or not isinstance(denominator, Decimal | int)
        or not denominator
    ):
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def complete_row(element: DataElement, row: Row, totals: Mapping[int, Value]) -> Row:
    """The row with what is computed filled in: the total from the levels where none was entered, and the
    percentage where the template computes it. `totals` holds the totals of the other rows (by element id)."""
    row = dict(row)
    if not element.is_additive:
        return row
    levels = level_sum(row)
    if row.get(Column.TOTAL) is None and levels is not None:
        row[Column.TOTAL] = levels
    if element.percent_mode == PercentMode.DONE_OF_TOTAL:
        row[Column.PERCENT] = percent(row.get(Column.DONE), row.get(Column.TOTAL))
    elif element.percent_mode == PercentMode.OF_ELEMENT and element.percent_base_id:
        row[Column.PERCENT] = percent(row.get(Column.TOTAL), totals.get(element.percent_base_id))
    return row


def apply_rates(elements: list[DataElement], rows: dict[int, Row]) -> None:
    """Fill each rate row of `rows` (completed rows by element id) from its numerator and denominator rows:
    per column, numerator ÷ denominator × 100; empty where either is missing or the denominator is 0."""
    for element in elements:
        if not element.is_rate:
            continue
        numerator = rows.get(element.rate_numerator_id or 0) or {}
        denominator = rows.get(element.rate_denominator_id or 0) or {}
        row: Row = {c: v for c, v in (rows.get(element.pk) or {}).items() if c in TEXT_COLUMNS}
        for column in RATE_COLUMNS:
            value = percent(numerator.get(column), denominator.get(column))
            if value is not None:
                row[column] = value
        rows[element.pk] = row


def weighted_share(pairs: list[tuple[Decimal | None, Decimal | None]]) -> Decimal | None:
    """A typed percentage rolled up: Σ figures ÷ Σ (figure ÷ percentage) × 100 over the units' (figure,
    percentage) pairs, i.e. the share of the combined base each unit's percentage implies.

    None (not computable) when a unit gave a figure without its percentage or a percentage without its figure;
    a unit whose figure is 0 adds nothing to either side.
    """
    numerator, base = Decimal(0), Decimal(0)
    for figure, share in pairs:
        if figure is None and share is None or figure == 0:
            continue
        if figure is None or not share:
            return None
        numerator += figure
        base += figure * 100 / share
    return percent(numerator, base) if base else None


@dataclass
class Problems:
    """The validation messages of one appendix, in the user's language."""

    messages: list[str] = field(default_factory=list)

    def add(self, table: AppendixTable, element: DataElement, text: str) -> None:
        self.messages.append(
            _("Appendix %(t)s, row %(n)s (%(label)s): %(text)s")
            % {
                "t": table.number,
                "n": element.number.rstrip("."),
                "label": _short(element.label),
                "text": text,
            }
        )

    def __bool__(self) -> bool:
        return bool(self.messages)


def _short(label: str, limit: int = 60) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _check_kind(table: AppendixTable, element: DataElement, column: str, value, problems: Problems) -> bool:
    """Check one figure against its row's kind (docs/decisions/0134); False when it is not a usable number."""
    if element.is_rank and column != Column.PERCENT:
        if column != Column.TOTAL:
            problems.add(table, element, _("a rank is entered in the total column only."))
        elif not isinstance(value, Rank):
            problems.add(table, element, _("write the rank as n/N, e.g. 6/63."))
        elif not 1 <= value.position <= value.of:
            problems.add(
                table,
                element,
                _("the rank %(v)s must lie between 1 and %(of)s.") % {"v": value, "of": value.of},
            )
        return False
    if isinstance(value, Rank):
        problems.add(table, element, _("%(v)s is a rank; this row takes a number.") % {"v": value})
        return False
    if value < 0:
        problems.add(table, element, _("a figure cannot be negative (%(v)s).") % {"v": fmt_number(value)})
    elif element.is_integer and column != Column.PERCENT and value != value.to_integral_value():
        problems.add(table, element, _("%(v)s is not a whole number.") % {"v": fmt_number(value)})
    elif (
        element.value_type == ValueType.PERCENT
        and column != Column.PERCENT
        and element.percent_max is not None
        and value > element.percent_max
    ):
        problems.add(
            table,
            element,
            _("the percentage (%(p)s%%) cannot exceed %(m)s%%.")
            % {"p": fmt_number(value), "m": fmt_number(element.percent_max)},
        )
    return True


def check_table(
    table: AppendixTable, elements: list[DataElement], rows: dict[int, Row], problems: Problems
) -> dict[int, Row]:
    """Complete every row and check the rules of the template; problems go to `problems`.

    Rules: figures are not negative and whole where counted; a percentage row stays within its ceiling and a rank
    reads n/N with 1 ≤ n ≤ N; the total equals (or is at least) the sum of the levels as the row's rule says
    (counts and amounts only: percentages and ranks never add up); handled ≤ total; a percentage stays within its
    ceiling; a row bounded by another ("disclosed" ≤ "in the set") stays within it.
    """
    completed: dict[int, Row] = {}
    for element in elements:
        row = rows.get(element.pk, {})
        numeric = True
        for column in NUMBER_COLUMNS:
            value = row.get(column)
            if value is not None:
                numeric = _check_kind(table, element, column, value, problems) and numeric
        entered_total = figure(row.get(Column.TOTAL))
        levels = level_sum(row)
        if numeric and element.is_additive and entered_total is not None and levels is not None:
            if element.total_rule == TotalRule.EQUAL and entered_total != levels:
                problems.add(
                    table,
                    element,
                    _("the total (%(t)s) must equal the sum of the levels (%(s)s).")
                    % {"t": fmt_number(entered_total), "s": fmt_number(levels)},
                )
            elif element.total_rule == TotalRule.AT_LEAST and entered_total < levels:
                problems.add(
                    table,
                    element,
                    _("the total (%(t)s) cannot be smaller than the sum of the levels (%(s)s).")
                    % {"t": fmt_number(entered_total), "s": fmt_number(levels)},
                )
        completed[element.pk] = row
    totals = {
        e.pk: complete_row(e, rows.get(e.pk, {}), {}).get(Column.TOTAL) for e in elements if e.is_additive
    }
    for element in elements:
        row = complete_row(element, completed[element.pk], totals)
        completed[element.pk] = row
        if any(isinstance(row.get(c), Rank) for c in (Column.TOTAL, Column.DONE, Column.PERCENT)):
            continue
        total, done, pct = (figure(row.get(c)) for c in (Column.TOTAL, Column.DONE, Column.PERCENT))
        if done is not None and total is not None and done > total:
            problems.add(
                table,
                element,
                _("the number handled (%(d)s) cannot exceed the total (%(t)s).")
                % {"d": fmt_number(done), "t": fmt_number(total)},
            )
        if pct is not None and element.percent_max is not None and pct > element.percent_max:
            problems.add(
                table,
                element,
                _("the percentage (%(p)s%%) cannot exceed %(m)s%%.")
                % {"p": fmt_number(pct), "m": fmt_number(element.percent_max)},
            )
        if element.not_above_id and total is not None:
            bound = figure(totals.get(element.not_above_id))
            if bound is not None and total > bound:
                other = next((e for e in elements if e.pk == element.not_above_id), None)
                problems.add(
                    table,
                    element,
                    _("the total (%(t)s) cannot exceed the total of row %(n)s (%(b)s).")
                    % {
                        "t": fmt_number(total),
                        "n": other.number.rstrip(".") if other else "?",
                        "b": fmt_number(bound),
                    },
                )
    return completed


def _by_pk(elements: list[DataElement]) -> dict[int, DataElement]:
    return {e.pk: e for e in elements}
