"""Finding each deadline, period, cadence and event in an item's folded text, as tokens with their dates."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from par.plans.schedule.model import (
    _RECURRENCE_ORDER,
    MilestoneKind,
    Recurrence,
    _invalid,
    _unknown_period,
    _vague,
)
from par.plans.schedule.text import (
    _AFTER_EVENT,
    _CADENCE_UNIT,
    _CONTINUOUS,
    _DATE_NUMERIC,
    _DATE_WORDS,
    _DAY_MONTH,
    _ELEMENT_MONTH,
    _ELEMENT_QUARTER,
    _EVENT,
    _HALF_YEAR,
    _MONTH,
    _MONTH_YEAR,
    _QUARTER,
    _RECURRING,
    _ROMAN_VALUES,
    _VAGUE,
    _WHITESPACE,
    _YEAR_PERIOD,
    _Text,
)

# --- Tokens ------------------------------------------------------------------------------------------------


@dataclass
class _Token:
    """One phrase found in an item, in folded positions; what it means depends on its category."""

    start: int
    end: int
    category: str  # "fixed" | "year" | "recurring" | "event" | "problem"
    kind: MilestoneKind | None = None
    due: Callable[[int], date] | None = None  # the deadline, given the year to assume when none is written
    elements: int = 1
    prefix: str = ""
    recurrence: Recurrence | None = None
    months: tuple[int, ...] = ()
    year: int | None = None
    problem: Callable[[str], str] | None = None
    # A list such as "Quý II, Quý III/2022" is several deadlines: each part's end, given the year to assume.
    dues: Callable[[int], list[date]] | None = None
    # "Trong vòng 05 ngày làm việc kể từ …": the number of days and whether they are working days.
    after_days: int | None = None
    working_days: bool = False
    event_start: int = 0

    def deadlines(self, default: int) -> list[date]:
        """Every deadline this phrase names: one per member of a list, one for a range or a single period."""
        if self.dues is not None:
            return self.dues(default)
        return [self.due(default)] if self.due else []

    def written_year(self) -> int | None:
        """The year the phrase itself names (the last one), or None when it takes the year from elsewhere."""
        if self.due is None:
            return None
        try:
            first, second = self.due(2001), self.due(2002)
        except (ValueError, OverflowError):
            return None
        return first.year if first == second else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _sequence_due(
    elements: list[tuple[int, int | None]], default_year: int, end_of: Callable[[int, int], date]
) -> date:
    """The end of the latest period of a list or range such as "Quý I, II/2021" or "tháng 10/2021 - 3".

    A period without a year takes the year written after it ("Quý I, II/2021"; a year earlier if it would
    otherwise come after its neighbour), else the one before it (a year later if it would otherwise go back:
    "tháng 10/2021 - tháng 3" ends in March 2022), else the default year.
    """
    return max(_sequence_ends(elements, default_year, end_of))


def _sequence_ends(
    elements: list[tuple[int, int | None]], default_year: int, end_of: Callable[[int, int], date]
) -> list[date]:
    """The end of each period of a list or range, each with the year `_sequence_due` explains."""
    numbers = [number for number, _ in elements]
    years = [year for _, year in elements]
    for i in range(len(elements) - 2, -1, -1):
        following = years[i + 1]
        if years[i] is None and following is not None:
            later = end_of(following, numbers[i]) > end_of(following, numbers[i + 1])
            years[i] = following - 1 if later else following
    for i in range(len(elements)):
        if years[i] is None:
            previous = years[i - 1] if i else None
            if previous is None:
                years[i] = default_year
            else:
                earlier = end_of(previous, numbers[i]) < end_of(previous, numbers[i - 1])
                years[i] = previous + 1 if earlier else previous
    return [end_of(year or default_year, number) for number, year in zip(numbers, years, strict=True)]


def _elements(
    text: str, pattern: re.Pattern[str], value: Callable[[str], int]
) -> list[tuple[int, int | None]]:
    """The (number, year) pairs of a matched list: each year belongs to the period just before it."""
    return _elements_and_breaks(text, pattern, value)[0]


def _elements_and_breaks(
    text: str, pattern: re.Pattern[str], value: Callable[[str], int]
) -> tuple[list[tuple[int, int | None]], list[int]]:
    """The (number, year) pairs of a matched list, and the indexes of the members that start a new deadline.

    "Quý II, Quý III/2022" and "tháng 6 và tháng 12" list two deadlines; "Quý I - Quý II" and "từ tháng 3 đến
    tháng 6" are one range, due when it ends.
    """
    found: list[tuple[int, int | None]] = []
    breaks: list[int] = []
    previous_end = 0
    for match in pattern.finditer(text):
        if match.group(1):
            gap = text[previous_end : match.start()]
            if found and _LIST_GAP_WORDS.search(gap) and not _RANGE_GAP_WORDS.search(gap):
                breaks.append(len(found))
            found.append((value(match.group(1)), None))
        elif found and found[-1][1] is None:
            found[-1] = (found[-1][0], int(match.group(2)))
        previous_end = match.end()
    return found, breaks


_LIST_GAP_WORDS = re.compile(r",|\bva\b|\bhoac\b|\+|&")
_RANGE_GAP_WORDS = re.compile(r"-|–|—|\bden\b|\btoi\b")


def _list_dues(
    elements: list[tuple[int, int | None]], breaks: list[int], end_of: Callable[[int, int], date]
) -> Callable[[int], list[date]]:
    """The deadline of each member of a list: the end of each part between two list separators."""

    def dues(default: int) -> list[date]:
        ends = _sequence_ends(elements, default, end_of)
        bounds = [0, *breaks, len(ends)]
        return [max(ends[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]

    return dues


def _prefix(match: re.Match[str]) -> str:
    return _WHITESPACE.sub(" ", match.group("pre") or "").strip()


def _fixed(
    match: re.Match[str], kind: MilestoneKind, due: Callable[[int], date], elements: int = 1
) -> _Token:
    return _Token(match.start(), match.end(), "fixed", kind, due, elements, _prefix(match))


def _problem(match: re.Match[str], message: Callable[[str], str]) -> _Token:
    return _Token(match.start(), match.end(), "problem", problem=message)


def _on_date_numeric(match: re.Match[str]) -> _Token | None:
    day, month, year = int(match.group(2)), int(match.group(4)), int(match.group(5))
    return _fixed(match, MilestoneKind.DATE, lambda _default: date(year, month, day))


def _on_date_words(match: re.Match[str]) -> _Token | None:
    written_year = match.group(5) or match.group(6)
    # "6 tháng 6" without "ngày" or a year is too likely a duration to be read as a date.
    if not match.group(2) and not written_year:
        return None
    day, month = int(match.group(3)), int(match.group(4))
    year = int(written_year) if written_year else None
    return _fixed(match, MilestoneKind.DATE, lambda default: date(year or default, month, day))


def _on_half_year(match: re.Match[str]) -> _Token | None:
    count = match.group(2) or "6"
    part = match.group(3) or match.group(4)
    written_year = int(match.group(5)) if match.group(5) else None
    nine = count in ("9", "chin")
    # A bare "6 tháng" is a duration or a report's name, not a deadline; "9 tháng cuối năm" means nothing.
    if (part is None and written_year is None) or (nine and part == "cuoi"):
        return None
    if nine:
        # The nine-month period ends with the third quarter.
        return _fixed(match, MilestoneKind.QUARTER, lambda default: date(written_year or default, 9, 30))
    month, day = (12, 31) if part == "cuoi" else (6, 30)
    return _fixed(match, MilestoneKind.HALF_YEAR, lambda default: date(written_year or default, month, day))


_CADENCES: dict[str, tuple[Recurrence, tuple[int, ...]]] = {
    "ngay": (Recurrence.CONTINUOUS, (12,)),
    "thang": (Recurrence.MONTHLY, tuple(range(1, 13))),
    "quy": (Recurrence.QUARTERLY, (3, 6, 9, 12)),
    "6 thang": (Recurrence.SEMIANNUAL, (6, 12)),
    # The nine-month report falls due once a year.
    "9 thang": (Recurrence.ANNUAL, (9,)),
    "nam": (Recurrence.ANNUAL, (12,)),
}


def _on_recurring(match: re.Match[str]) -> _Token | None:
    recurrences: list[Recurrence] = []
    months: set[int] = set()
    for unit in _CADENCE_UNIT.finditer(match.group(0)):
        key = (
            _WHITESPACE.sub(" ", unit.group(0))
            .replace("sau", "6")
            .replace("chin", "9")
            .replace("ca nam", "nam")
        )
        recurrence, unit_months = _CADENCES[key]
        recurrences.append(recurrence)
        months.update(unit_months)
    if not recurrences:
        return _problem(match, _unknown_period)
    finest = min(recurrences, key=_RECURRENCE_ORDER.index)
    return _Token(match.start(), match.end(), "recurring", recurrence=finest, months=tuple(sorted(months)))


def _on_continuous(match: re.Match[str]) -> _Token | None:
    year = int(match.group(1)) if match.group(1) else None
    return _Token(
        match.start(), match.end(), "recurring", recurrence=Recurrence.CONTINUOUS, months=(12,), year=year
    )


def _on_vague(match: re.Match[str]) -> _Token | None:
    return _problem(match, _vague)


def _on_quarter(match: re.Match[str]) -> _Token | None:
    text = match.group(0)[len(match.group("pre") or "") :]
    elements, breaks = _elements_and_breaks(text, _ELEMENT_QUARTER, _ROMAN_VALUES.__getitem__)
    if not elements:
        return None
    token = _fixed(
        match,
        MilestoneKind.QUARTER,
        lambda default: _sequence_due(elements, default, _quarter_end),
        len(elements),
    )
    token.dues = _list_dues(elements, breaks, _quarter_end)
    return token


def _on_month(match: re.Match[str]) -> _Token | None:
    text = match.group(0)[len(match.group("pre") or "") :]
    elements, breaks = _elements_and_breaks(text, _ELEMENT_MONTH, int)
    if not elements:
        return None
    if any(not 1 <= month <= 12 for month, _ in elements):
        return _problem(match, _invalid)
    token = _fixed(
        match,
        MilestoneKind.MONTH,
        lambda default: _sequence_due(elements, default, _month_end),
        len(elements),
    )
    token.dues = _list_dues(elements, breaks, _month_end)
    return token


def _on_month_year(match: re.Match[str]) -> _Token | None:
    month, year = int(match.group(2)), int(match.group(3))
    # "62/2020" is a decree number, not a month: leave it to the leftover check.
    if not 1 <= month <= 12:
        return None
    return _fixed(match, MilestoneKind.MONTH, lambda _default: _month_end(year, month))


def _on_day_month(match: re.Match[str]) -> _Token | None:
    day, month = int(match.group(2)), int(match.group(4))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return _fixed(match, MilestoneKind.DATE, lambda default: date(default, month, day))


def _on_year(match: re.Match[str]) -> _Token | None:
    years = [int(y) for y in (match.group(2), match.group(3), match.group(5), match.group(6)) if y]
    qualified = bool(match.group(4)) or any(w in _prefix(match).split() for w in ("trong", "cuoi", "het"))
    # A bare "năm" ("Việt Nam", "6 tháng và năm" already read) is no deadline.
    if not years and not qualified:
        return None
    last = max(years) if years else None
    # "cả năm", "hết năm" name the year's end as a deadline of their own ("6 tháng đầu năm và cả năm"), not the
    # year other deadlines fall in.
    whole = len(years) <= 1 and (
        bool(match.group(4)) or (not years and any(w in _prefix(match).split() for w in ("cuoi", "het")))
    )
    return _Token(
        match.start(),
        match.end(),
        "fixed" if whole else "year",
        MilestoneKind.YEAR,
        lambda default: date(last or default, 12, 31),
        max(len(years), 1),
        _prefix(match),
        year=years[0] if years else None,
    )


def _on_after_event(match: re.Match[str]) -> _Token | None:
    days = int(match.group(1))
    if not 0 < days <= 366:
        return None
    return _Token(
        match.start(),
        match.end(),
        "event",
        after_days=days,
        working_days=bool(match.group(2)),
        event_start=match.start("event"),
    )


_SCANNERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Token | None]], ...] = (
    # Most specific first: a full date before its "tháng 11 năm 2021", "6 tháng đầu năm" before "đầu năm", a
    # cadence list before the "năm" in "6 tháng và năm", and a month or quarter before a bare "3-4".
    (_AFTER_EVENT, _on_after_event),
    (_DATE_NUMERIC, _on_date_numeric),
    (_DATE_WORDS, _on_date_words),
    (_HALF_YEAR, _on_half_year),
    (_RECURRING, _on_recurring),
    (_CONTINUOUS, _on_continuous),
    (_VAGUE, _on_vague),
    (_QUARTER, _on_quarter),
    (_MONTH, _on_month),
    (_MONTH_YEAR, _on_month_year),
    (_DAY_MONTH, _on_day_month),
    (_YEAR_PERIOD, _on_year),
)


def _scan(text: _Text) -> list[_Token]:
    """Every phrase of `text` that says when, most specific readings first, then events in what remains."""
    tokens: list[_Token] = []
    masked = text.folded
    for pattern, handler in _SCANNERS:
        for match in pattern.finditer(masked):
            token = handler(match)
            if token is not None:
                tokens.append(token)
        masked = _mask(masked, tokens)
    for match in _EVENT.finditer(masked):
        tokens.append(_Token(match.start(), match.end(), "event"))
    tokens.sort(key=lambda t: t.start)
    # An event runs to the next deadline or the end of the item: "sau khi có văn bản hướng dẫn của Trung ương".
    # A second trigger inside it ("đột xuất theo yêu cầu") is part of the first.
    result: list[_Token] = []
    for i, token in enumerate(tokens):
        if token.category == "event":
            if result and result[-1].category == "event" and token.start < result[-1].end:
                continue
            if token.after_days is not None:
                # Its event already runs to the end of the item ("kể từ ngày nhận được văn bản …").
                result.append(token)
                continue
            following = [t.start for t in tokens[i + 1 :] if t.category != "event"]
            token.end = following[0] if following else len(text.folded)
        result.append(token)
    return result


def _mask(folded: str, tokens: list[_Token]) -> str:
    chars = list(folded)
    for token in tokens:
        chars[token.start : token.end] = "\x00" * (token.end - token.start)
    return "".join(chars)
