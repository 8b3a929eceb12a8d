"""Parse the free-text schedule ("thời gian thực hiện") of a PAR plan task into dated milestones.

Officials type the schedule cell of a plan table by hand: "Quý III/2021.", "Thường xuyên trong năm.",
"- Kế hoạch khảo sát: quý I/2021. - Báo cáo kết quả khảo sát: tháng 11/2021.", "Ngay sau khi các bộ, ngành
hướng dẫn thực hiện.". `parse_schedule` turns such a cell into milestones while keeping the text as written, and
reports in Vietnamese whatever it could not read instead of guessing or dropping it.

Readings chosen where the text is open to more than one (the tests pin each of them):

* A named period is due on its last day: "Quý III/2021" → 30/09/2021, "tháng 6" → 30/06, "Năm 2021" → 31/12.
* "Trước 31/12/2020" / "trước ngày 15/11" is due on that very date, not the day before: in plan tables "trước"
  means "by" (the plans ask for reports "trước ngày 15/12" and accept them on the 15th). The same inclusive
  reading applies to periods: "trước tháng 6" is due 30/06.
* A list or a range of periods collapses to one milestone at the end of the latest one: "Quý I - Quý II/2021",
  "Quý I, II", "từ tháng 3 đến tháng 6" → the end of the last period. A task that is legitimately under way in
  quarter II must not show as overdue on 1 April.
* A period without a year belongs to the plan year (the `year` argument), or to the year the same item names
  ("Trong năm 2022, chậm nhất tháng 10" → 31/10/2022). A bare "năm X" next to a finer deadline is that context,
  not a second milestone.
* Recurring work gets one RECURRING milestone per occurrence in the year: quarterly at each quarter end, monthly
  at each month end, "6 tháng" at 30/06 and 31/12; continuous work ("thường xuyên") gets one at 31/12.
* "đột xuất" (ad hoc, on request) and "sau khi …" are event triggers. An item timed only by an event gets an
  EVENT milestone without a date; an event beside a dated or recurring deadline is kept in `event_trigger` only.
* "đầu năm", "giữa tháng 6", "định kỳ" without a period, a start without an end ("từ quý II", "sau tháng 6") and
  impossible dates ("31/02/2021") give no milestone and a warning.
"""

from __future__ import annotations

import calendar
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from enum import StrEnum

from par.core.text import fold_with_origin

__all__ = [
    "MILESTONE_KIND_LABELS",
    "RECURRENCE_LABELS",
    "Milestone",
    "MilestoneKind",
    "Recurrence",
    "Schedule",
    "format_due",
    "parse_schedule",
]


class MilestoneKind(StrEnum):
    """How precisely the text named a milestone's deadline."""

    DATE = "date"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    RECURRING = "recurring"
    EVENT = "event"

    @property
    def label(self) -> str:
        """The Vietnamese name shown to officials."""
        return MILESTONE_KIND_LABELS[self]


class Recurrence(StrEnum):
    """How often recurring work falls due."""

    CONTINUOUS = "continuous"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"

    @property
    def label(self) -> str:
        """The Vietnamese name shown to officials."""
        return RECURRENCE_LABELS[self]


MILESTONE_KIND_LABELS: dict[MilestoneKind, str] = {
    MilestoneKind.DATE: "Ngày",
    MilestoneKind.MONTH: "Tháng",
    MilestoneKind.QUARTER: "Quý",
    MilestoneKind.HALF_YEAR: "6 tháng",
    MilestoneKind.YEAR: "Năm",
    MilestoneKind.RECURRING: "Định kỳ",
    MilestoneKind.EVENT: "Theo sự kiện",
}

RECURRENCE_LABELS: dict[Recurrence, str] = {
    Recurrence.CONTINUOUS: "Thường xuyên",
    Recurrence.MONTHLY: "Hàng tháng",
    Recurrence.QUARTERLY: "Hàng quý",
    Recurrence.SEMIANNUAL: "6 tháng một lần",
    Recurrence.ANNUAL: "Hàng năm",
}

# When one cell mixes cadences, the schedule's summary recurrence is the most frequent one: it is the one that
# tells an officer how often to act. Every cadence still has its own milestones.
_RECURRENCE_ORDER = list(Recurrence)


@dataclass(frozen=True)
class Milestone:
    """One deadline read from a schedule: what is due (label), when, and the words it came from."""

    label: str
    due: date | None
    kind: MilestoneKind
    source_text: str


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule cell; `original` is the text exactly as the official typed it."""

    original: str
    milestones: tuple[Milestone, ...]
    recurrence: Recurrence | None
    event_trigger: str | None
    warnings: tuple[str, ...]


def format_due(d: date) -> str:
    """Format a due date the Vietnamese way, dd/mm/yyyy."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# --- Warnings (Vietnamese: they are shown to the official who typed the text) -----------------------------

WARNING_EMPTY = "Chưa ghi thời gian thực hiện."


def _not_understood(text: str) -> str:
    return f"Không hiểu được thời hạn: “{text}”."


def _unknown_period(text: str) -> str:
    return f"Không rõ chu kỳ (hàng tháng, hàng quý, 6 tháng hay hàng năm): “{text}”."


def _vague(text: str) -> str:
    return f"Thời hạn không rõ ràng, cần ghi cụ thể tháng, quý hoặc ngày: “{text}”."


def _start_only(text: str) -> str:
    return f"Chỉ ghi thời điểm bắt đầu, chưa có thời hạn hoàn thành: “{text}”."


def _invalid(text: str) -> str:
    return f"Ngày, tháng hoặc quý không hợp lệ: “{text}”."


# --- Text preparation --------------------------------------------------------------------------------------

# Cells copied from Word or HTML carry list markup ('<ul style="list-style-type: none"> - …' in the 2021 plan of
# Thanh Hóa); block tags separate items, other tags are noise.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|li|p|ul|ol|div|tr|td)\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_WHITESPACE = re.compile(r"\s+")
_LEADING_BULLET = re.compile(r"^[-–—+•*▪●◦]+\s*")
# A bullet inside a line: after a sentence end, or before a "label:" (no digits, so that "Quý I - Quý II/2021"
# stays a range).
_INNER_BULLET = re.compile(r"(?<=[.;!?])\s+[-–—+•*▪●◦]\s+|\s+[-–—+•▪●◦]\s+(?=[^:;0-9/]{1,120}:(?![0-9]))")
_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+|;(?=\S)|\n")
# A colon that introduces the time of a named product; "9001:2015" and "15:00" are not such colons.
_LABEL_COLON = re.compile(r":(?![0-9])|(?<![0-9]):")


def _clean(text: str) -> str:
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub(" ", text)
    return unicodedata.normalize("NFC", html.unescape(text))


def _split_items(text: str) -> list[str]:
    """Split a cell into items: bullets, then lines, sentences or ';' parts that start a new "label:"."""
    # A line break starts an item only before a bullet: text copied from a PDF or a narrow Word column wraps in
    # the middle of a phrase ("Thường xuyên\ntrong năm").
    blocks: list[str] = []
    for line in text.splitlines():
        line = _WHITESPACE.sub(" ", line).strip()
        if not line:
            continue
        if not blocks or _LEADING_BULLET.match(line):
            blocks.append(_LEADING_BULLET.sub("", line))
        else:
            blocks[-1] = f"{blocks[-1]}\n{line}"
    items: list[str] = []
    for block in blocks:
        for bullet in _INNER_BULLET.split(block):
            bullet = _LEADING_BULLET.sub("", bullet.strip())
            first = len(items)
            for piece in _SENTENCE_BREAK.split(bullet):
                piece = piece.strip()
                if not piece:
                    continue
                # "các sở, ban, ngành cấp tỉnh; UBND cấp huyện" is one item: a piece only starts a new item when
                # it names its own product ("Báo cáo kết quả: tháng 11/2021").
                if len(items) > first and not _LABEL_COLON.search(piece):
                    items[-1] = f"{items[-1]} {piece}"
                else:
                    items.append(piece)
    return items


class _Text:
    """A piece of text with its folded form, able to slice the original by folded positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self._origin = fold_with_origin(text)

    def _start(self, position: int) -> int:
        return self._origin[position] if position < len(self._origin) else len(self.text)

    def _end(self, position: int) -> int:
        return self._origin[position - 1] + 1 if position > 0 else 0

    def slice(self, start: int, end: int) -> str:
        return self.text[self._start(start) : self._end(end)] if start < end else ""


# --- Patterns, all on folded text --------------------------------------------------------------------------

_YEAR = r"[1-9][0-9]{3}"
# "/2021", "-2021", ", 2021", " năm 2021", " 2021" after a quarter or month.
_YEAR_SUFFIX = rf"(?:\s*[/\-–—.,]\s*|\s*,?\s*nam\s+|\s+)(?:{_YEAR})(?![0-9])"
# Words that may stand before a deadline; they belong to its source text, not to the label. "tu"/"sau" mark a
# start ("từ", "sau"), which alone is no deadline. At most four ("hoàn thành trước ngày"…): an unbounded run would
# make matching quadratic on pathological text.
_PREFIX = (
    r"(?P<pre>(?:\b(?:truoc|cham\s+nhat|muon\s+nhat|trong|vao|het|cuoi|tu|sau|la|hoan\s+thanh|xong|"
    r"thoi\s+han|han)\s+){0,4})"
)
_ROMAN = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_LIST_SEPARATOR = r"\s*(?:,|-|–|—|va|den|toi|hoac|\+|&)\s*"
_QUARTER_WORD = r"(?:quy|qui|q)\s*\.?\s*"

_DATE_NUMERIC = re.compile(
    _PREFIX
    + rf"(?:ngay\s+)?(?<![0-9/.\-])([0-9]{{1,2}})\s*(?P<sep>[/.\-])\s*([0-9]{{1,2}})\s*(?P=sep)\s*({_YEAR})(?![0-9/])"
)
_DATE_WORDS = re.compile(
    _PREFIX + rf"(ngay\s+)?\b([0-9]{{1,2}})\s+thang\s+([0-9]{{1,2}})(?![0-9])"
    rf"(?:\s*,?\s*nam\s+({_YEAR})|\s*[/\-]\s*({_YEAR}))?(?![0-9])"
)
_HALF_YEAR = re.compile(
    _PREFIX + r"\b(?:(6|sau|9|chin)\s+thang(?:\s+(dau|cuoi))?|nua\s+(dau|cuoi))(?:\s+(?:cua\s+)?nam)?"
    rf"(?:\s*,?\s*(?:nam\s+)?({_YEAR}))?(?![0-9])"
)
# A cadence inside a list: "hàng quý", "quý", "6 tháng", "9 tháng", "cả năm"… but not "quý II" or "tháng 6".
_CADENCE_NOT_PERIOD = r"(?![a-z0-9])(?!\s*[0-9])(?!\s*(?:iv|iii|ii|i)(?![a-z0-9]))"
_CADENCE = (
    rf"(?:(?:hang|moi)\s+(?:quy|thang|nam|ngay)|quy|thang|nam){_CADENCE_NOT_PERIOD}"
    r"|(?:6|sau|9|chin)\s+thang(?:\s+mot\s+lan)?|ca\s+nam"
)
_CADENCE_SEPARATOR = r"\s*(?:,|va|/|-|–|hoac|&)\s*"
_RECURRING = re.compile(
    rf"\bdinh\s+ky(?:\s*,?\s*(?:{_CADENCE})(?:{_CADENCE_SEPARATOR}(?:{_CADENCE}))*)?"
    rf"|\b(?:hang|moi)\s+(?:quy|thang|nam|ngay){_CADENCE_NOT_PERIOD}(?:{_CADENCE_SEPARATOR}(?:{_CADENCE}))*"
    rf"|\b(?:6|sau)\s+thang(?:\s+mot\s+lan)?(?:{_CADENCE_SEPARATOR}(?:{_CADENCE}))+"
    r"|\b(?:6|sau)\s+thang\s+mot\s+lan"
)
_CADENCE_UNIT = re.compile(
    r"(?:6|sau)\s+thang|(?:9|chin)\s+thang|ca\s+nam|\bquy\b|\bthang\b|\bnam\b|\bngay\b"
)
_CONTINUOUS = re.compile(
    r"\b(?:thuong\s+xuyen|lien\s+tuc)(?:\s*(?:,|va)?\s*(?:thuong\s+xuyen|lien\s+tuc))?"
    rf"(?:\s+(?:trong|ca|suot)\s+(?:ca\s+)?nam(?:\s+({_YEAR}))?(?![a-z0-9]))?"
)
_VAGUE = re.compile(
    rf"\b(?:dau|giua)\s+(?:nam|quy|thang)(?:\s*\.?\s*(?:iv|iii|ii|i|[0-9]{{1,2}})(?![a-z0-9]))?(?:{_YEAR_SUFFIX})?"
)
_QUARTER = re.compile(
    _PREFIX + rf"\b{_QUARTER_WORD}{_ROMAN}(?:{_YEAR_SUFFIX})?"
    rf"(?:{_LIST_SEPARATOR}(?:{_QUARTER_WORD})?{_ROMAN}(?:{_YEAR_SUFFIX})?)*"
)
_MONTH = re.compile(
    _PREFIX + rf"\bthang\s*\.?\s*[0-9]{{1,2}}(?![0-9])(?:{_YEAR_SUFFIX})?"
    rf"(?:{_LIST_SEPARATOR}(?:thang\s*\.?\s*)?[0-9]{{1,2}}(?![0-9])(?:{_YEAR_SUFFIX})?)*"
)
_MONTH_YEAR = re.compile(_PREFIX + rf"(?<![0-9/.\-])([0-9]{{1,2}})\s*[/\-]\s*({_YEAR})(?![0-9/])")
_DAY_MONTH = re.compile(
    _PREFIX
    + r"(?:ngay\s+)?(?<![0-9/.\-])([0-9]{1,2})\s*([/.\-])\s*([0-9]{1,2})(?![0-9])(?!\s*[/.\-]\s*[0-9])"
)
_YEAR_PERIOD = re.compile(
    _PREFIX + rf"\b(?:giai\s+doan\s+({_YEAR})\s*[-–—]\s*({_YEAR})(?![0-9])"
    rf"|((?:ca|suot)\s+)?nam(?:\s+({_YEAR})(?![0-9])(?:\s*[-–—]\s*({_YEAR})(?![0-9]))?)?(?![a-z0-9]))"
)
_EVENT = re.compile(
    r"\b(?:ngay\s+)?sau\s+khi\b|\bkhi\s+(?:co|duoc|nhan\s+duoc|can)\b|\bdot\s+xuat\b"
    r"|\btheo\s+(?:yeu\s+cau|de\s+nghi|chi\s+dao|huong\s+dan|tien\s+do)\b"
)
# Time-like words left over once every understood phrase is removed: something was meant and not read.
_LEFTOVER = re.compile(r"[0-9]|\b(?:quy|qui|q)\s*\.?\s*[ivxl]+\b|\bthang\s*[0-9]|\btuan\b|\bdinh\s+ky\b")
_ELEMENT_QUARTER = re.compile(rf"(?:(?<=q)|(?<=q\.)|(?<![a-z0-9]))({_ROMAN})|(?<![0-9])({_YEAR})(?![0-9])")
_ELEMENT_MONTH = re.compile(rf"(?<![0-9])([0-9]{{1,2}})(?![0-9])|(?<![0-9])({_YEAR})(?![0-9])")
# "Quý I đến quý II", "tháng 3 - quý III": a range, due when its end is. "Quý II, quý IV" or "tháng 6 và tháng 12":
# a list, due with its latest member; but "Trong năm 2021, chậm nhất tháng 10" is a deadline inside its year.
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|den|toi|cho\s+den)\s*")
_LIST_GAP = re.compile(r"\s*(?:,|va|hoac|\+|&)\s*")
_ROMAN_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Words that join a label to its deadline ("Báo cáo kết quả thực hiện trong quý IV") and are not the label. Words
# such as "từ", "sau", "hạn" are absorbed by the deadline's own prefix; listing them here would also cut real
# words that fold to the same letters ("điện tử", "gia hạn").
_LABEL_EDGE_WORDS = (
    "cham nhat",
    "muon nhat",
    "thoi han",
    "du kien",
    "trong",
    "truoc",
    "vao",
    "den",
    "toi",
    "va",
    "hoac",
)
_LABEL_EDGE_END = re.compile(
    r"(?:^|\s)(?:" + "|".join(w.replace(" ", r"\s+") for w in _LABEL_EDGE_WORDS) + r")$"
)
_LABEL_EDGE_START = re.compile(r"^(?:va|hoac)(?:\s|$)")
# Labels that name no product: "Thực hiện thường xuyên", "Thời gian: quý II".
_EMPTY_LABELS = {"thuc hien", "hoan thanh", "thoi gian", "thoi han", "thoi gian thuc hien", "tien do"}
_LABEL_PUNCTUATION = " \t-–—+•*▪●◦:;,."


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
    return max(end_of(year or default_year, number) for number, year in zip(numbers, years, strict=True))


def _elements(
    text: str, pattern: re.Pattern[str], value: Callable[[str], int]
) -> list[tuple[int, int | None]]:
    """The (number, year) pairs of a matched list: each year belongs to the period just before it."""
    found: list[tuple[int, int | None]] = []
    for match in pattern.finditer(text):
        if match.group(1):
            found.append((value(match.group(1)), None))
        elif found and found[-1][1] is None:
            found[-1] = (found[-1][0], int(match.group(2)))
    return found


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
    elements = _elements(text, _ELEMENT_QUARTER, _ROMAN_VALUES.__getitem__)
    if not elements:
        return None
    return _fixed(
        match,
        MilestoneKind.QUARTER,
        lambda default: _sequence_due(elements, default, _quarter_end),
        len(elements),
    )


def _on_month(match: re.Match[str]) -> _Token | None:
    text = match.group(0)[len(match.group("pre") or "") :]
    elements = _elements(text, _ELEMENT_MONTH, int)
    if not elements:
        return None
    if any(not 1 <= month <= 12 for month, _ in elements):
        return _problem(match, _invalid)
    return _fixed(
        match,
        MilestoneKind.MONTH,
        lambda default: _sequence_due(elements, default, _month_end),
        len(elements),
    )


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
    return _Token(
        match.start(),
        match.end(),
        "year",
        MilestoneKind.YEAR,
        lambda default: date(last or default, 12, 31),
        max(len(years), 1),
        _prefix(match),
        year=years[0] if years else None,
    )


_SCANNERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Token | None]], ...] = (
    # Most specific first: a full date before its "tháng 11 năm 2021", "6 tháng đầu năm" before "đầu năm", a
    # cadence list before the "năm" in "6 tháng và năm", and a month or quarter before a bare "3-4".
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
            following = [t.start for t in tokens[i + 1 :] if t.category != "event"]
            token.end = following[0] if following else len(text.folded)
        result.append(token)
    return result


def _mask(folded: str, tokens: list[_Token]) -> str:
    chars = list(folded)
    for token in tokens:
        chars[token.start : token.end] = "\x00" * (token.end - token.start)
    return "".join(chars)


# --- Items -------------------------------------------------------------------------------------------------


def _trim(text: str) -> str:
    """A label or trigger without the bullets, punctuation and joining words around it."""
    while True:
        before = text
        text = text.strip(_LABEL_PUNCTUATION)
        # "(Tháng 01/2017)" leaves a lone bracket on each side of the deadline.
        if text.count("(") > text.count(")"):
            text = text.rstrip("(").lstrip("(")
        if text.count(")") > text.count("("):
            text = text.rstrip(")").lstrip(")")
        piece = _Text(text)
        end = _LABEL_EDGE_END.search(piece.folded)
        if end:
            text = piece.slice(0, end.start())
        start = _LABEL_EDGE_START.search(_Text(text).folded)
        if start:
            piece = _Text(text)
            text = piece.slice(start.end(), len(piece.folded))
        if text == before:
            return text


def _clean_label(text: str) -> str:
    label = _trim(text)
    return "" if _WHITESPACE.sub(" ", fold_with_origin(label)[0]) in _EMPTY_LABELS else label


@dataclass
class _ItemResult:
    milestones: list[Milestone]
    recurrences: list[Recurrence]
    triggers: list[str]
    warnings: list[str]


def _leftover_warnings(text: _Text, tokens: list[_Token]) -> list[str]:
    """Warn about each stretch between understood phrases that still looks like a time ("quý V", "30 ngày")."""
    warnings: list[str] = []
    position = 0
    for start, end in [(t.start, t.end) for t in tokens] + [(len(text.folded), len(text.folded))]:
        if start > position and _LEFTOVER.search(text.folded[position:start]):
            warnings.append(_not_understood(_trim(text.slice(position, start)) or text.text))
        position = max(position, end)
    return warnings


def _group_deadlines(tokens: list[_Token], text: _Text) -> list[list[_Token]]:
    """Group deadlines written as one range or list ("Quý I - Quý II/2021", "tháng 6 và tháng 12")."""
    groups: list[list[_Token]] = []
    previous: _Token | None = None
    for token in tokens:
        if token.category not in ("fixed", "year"):
            previous = None
            continue
        gap = text.folded[previous.end : token.start] if previous else ""
        joined = previous is not None and (
            _RANGE_GAP.fullmatch(gap)
            or (_LIST_GAP.fullmatch(gap) and previous.category == token.category == "fixed")
        )
        if joined:
            groups[-1].append(token)
        else:
            groups.append([token])
        previous = token
    return groups


def _parse_item(item: str, plan_year: int, heading: str | None) -> _ItemResult:
    """Read one item of a cell: "[label:] time", e.g. "Báo cáo kết quả khảo sát: tháng 11/2021"."""
    result = _ItemResult([], [], [], [])
    colon = _LABEL_COLON.search(item)
    label: str | None = heading
    fallback_label = ""
    body = _Text(item)
    if colon:
        label = _clean_label(item[: colon.start()])
        body = _Text(item[colon.end() :])
    tokens = _scan(body)
    if colon and not tokens:
        # The time may sit in the label and the unit after the colon: "Báo cáo tổng hợp toàn tỉnh hàng quý: Sở
        # Thông tin và Truyền thông".
        after = body
        body = _Text(item[: colon.start()])
        tokens = _scan(body)
        if tokens:
            result.warnings.extend(_leftover_warnings(after, []))
            label, fallback_label = None, _clean_label(after.text)
    if not tokens:
        result.warnings.append(_not_understood(_trim(item) or item))
        return result
    result.warnings.extend(_leftover_warnings(body, tokens))

    # "năm 2021" beside a finer deadline or a cadence is the year those fall in, not a milestone of its own.
    groups = _group_deadlines(tokens, body)
    has_deadline = any(t.category in ("fixed", "recurring") for t in tokens)
    context = [g for g in groups if has_deadline and all(t.category == "year" for t in g)]
    context_years = [t.year for g in context for t in g if t.year is not None]
    item_year = context_years[0] if context_years else plan_year
    # A bare "năm 2021" inside a product's name stays in its label ("Kế hoạch CCHC năm 2021 trước 31/12/2020");
    # "Trong năm 2022, chậm nhất tháng 10" is all time and names no product.
    in_label = {
        id(t) for g in context for t in g if not t.prefix and body.folded[t.start :].startswith("nam")
    }
    boundaries = [t for t in tokens if id(t) not in in_label]

    def label_before(token: _Token) -> str:
        if label is not None:
            return label
        start = max((t.end for t in boundaries if t.end <= token.start), default=0)
        return _clean_label(body.slice(start, token.start)) or fallback_label

    dated = False
    for group in groups:
        if group in context:
            continue
        first, last = group[0], group[-1]
        source = _trim(body.slice(first.start, last.end))
        if len(group) == 1 and first.elements == 1 and {"tu", "sau"} & set(first.prefix.split()):
            result.warnings.append(_start_only(source))
            continue
        try:
            ends = [(token.due(item_year), token.kind) for token in group if token.due and token.kind]
        except (ValueError, OverflowError):
            result.warnings.append(_invalid(source))
            continue
        due, kind = max(ends, key=lambda pair: pair[0])
        result.milestones.append(Milestone(label_before(first), due, kind, source))
        dated = True

    for token in tokens:
        source = _trim(body.slice(token.start, token.end))
        if token.category == "recurring" and token.recurrence:
            year = token.year or item_year
            try:
                occurrences = [_month_end(year, month) for month in token.months]
            except (ValueError, OverflowError):
                result.warnings.append(_invalid(source))
                continue
            result.recurrences.append(token.recurrence)
            result.milestones.extend(
                Milestone(label_before(token), due, MilestoneKind.RECURRING, source) for due in occurrences
            )
            dated = True
        elif token.category == "problem" and token.problem:
            # "định kỳ" alone says nothing by itself; the whole item shows what is periodic.
            shown = _trim(item) if token.problem is _unknown_period else source
            result.warnings.append(token.problem(shown))

    for token in tokens:
        if token.category == "event":
            trigger = _trim(body.slice(token.start, token.end))
            result.triggers.append(trigger)
            if not dated:
                result.milestones.append(Milestone(label_before(token), None, MilestoneKind.EVENT, trigger))
    return result


def parse_schedule(text: str, year: int) -> Schedule:
    """Parse a plan task's schedule cell into milestones, keeping the text as written.

    `year` is the plan year, assumed wherever the text names a period without its year ("quý I", "tháng 6",
    "Thường xuyên trong năm"). Text that cannot be read yields no milestone and a Vietnamese warning; the
    function never raises on any text. It raises ValueError only for a plan year outside 1..9999.
    """
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f"plan year out of range: {year}")
    original = text
    items = _split_items(_clean(text or ""))
    if not items:
        return Schedule(original, (), None, None, (WARNING_EMPTY,))

    milestones: list[Milestone] = []
    recurrences: list[Recurrence] = []
    triggers: list[str] = []
    warnings: list[str] = []
    heading: str | None = None
    for item in items:
        colon = _LABEL_COLON.search(item)
        if (
            colon
            and not item[colon.end() :].strip(_LABEL_PUNCTUATION)
            and not _scan(_Text(item[: colon.start()]))
        ):
            # "Báo cáo kết quả:" on a line of its own names the product of the bullets under it.
            heading = _clean_label(item[: colon.start()]) or None
            continue
        parsed = _parse_item(item, year, None if colon else heading)
        milestones.extend(parsed.milestones)
        recurrences.extend(parsed.recurrences)
        triggers.extend(parsed.triggers)
        warnings.extend(parsed.warnings)
    if not milestones and not warnings:
        warnings.append(_not_understood(_trim(_clean(text)) or text))

    return Schedule(
        original=original,
        milestones=tuple(dict.fromkeys(milestones)),
        recurrence=min(recurrences, key=_RECURRENCE_ORDER.index) if recurrences else None,
        event_trigger="; ".join(dict.fromkeys(triggers)) or None,
        warnings=tuple(dict.fromkeys(warnings)),
    )
