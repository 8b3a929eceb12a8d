"""Preparing a schedule cell (markup, bullets, items) and the patterns read on its folded text."""

from __future__ import annotations

import html
import re
import unicodedata

from par.core.text import fold_with_origin

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
# "Trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản", "trong thời hạn 10 ngày kể từ ngày ký", "chậm nhất
# 15 ngày sau khi …": a deadline counted from an event, unknown until the event happens.
_AFTER_EVENT = re.compile(
    r"\b(?:(?:trong\s+(?:vong|thoi\s+han|thoi\s+gian)|trong|cham\s+nhat|muon\s+nhat|thoi\s+han|sau|han)\s+)?"
    r"(?:khong\s+qua\s+)?0*([0-9]{1,3})\s+ngay(\s+lam\s+viec)?\s*,?\s*"
    r"(?:ke\s+tu|tinh\s+tu|sau\s+khi|sau)\s+(?P<event>(?s:.+))"
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
