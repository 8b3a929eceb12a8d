"""The row model every reader produces, and the text helpers the readers share.

A plan table row, whatever file it came from, becomes a `RawRow`: its reform area, number (TT), task text,
products, the performing-units cell(s) as written, the schedule as written and the note. Nothing here touches
the database.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass, field

from par.core.text import fold, fold_with_origin  # noqa: F401 - the importers read both from here
from par.plans.models import DEFAULT_AREAS, AreaCode

# --- Text ----------------------------------------------------------------------------------------------------


# Cells copied from Word or HTML carry list markup ('<ul style="list-style-type: none"> - …'); a block tag
# separates items, any other tag is noise.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|li|p|ul|ol|div)\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200b]+")


def clean_cell(text: str | None) -> str:
    """A cell's text with markup removed, NFC-normalised, spaces collapsed and empty lines dropped."""
    if not text:
        return ""
    text = _BLOCK_TAG.sub("\n", str(text))
    text = _ANY_TAG.sub(" ", text)
    text = unicodedata.normalize("NFC", html.unescape(text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


_BULLET_CHARS = "-–—+•*▪●◦"
_LEADING_BULLET = re.compile(rf"^[{_BULLET_CHARS}]+\s*")


def split_products(text: str) -> list[str]:
    """Split a "Sản phẩm" cell into products: on line breaks, ";" and "- " bullets.

    A dash inside a line starts a new product only after a sentence end, or, in a cell written as a bulleted
    list, before a capital letter ("- Quyết định … - Báo cáo …"); "giai đoạn 2022 - 2025" stays whole.
    """
    text = clean_cell(text)
    bulleted = bool(_LEADING_BULLET.match(text))
    products: list[str] = []
    for line in text.split("\n"):
        for piece in _split_inner_bullets(line, bulleted):
            for part in piece.split(";"):
                part = _LEADING_BULLET.sub("", part.strip()).strip().rstrip(".,;: ").strip()
                if part:
                    products.append(part)
    return products


def _split_inner_bullets(line: str, bulleted: bool) -> list[str]:
    pieces, start = [], 0
    for match in re.finditer(rf"\s[{_BULLET_CHARS}]\s+(?=\S)", line):
        before = line[: match.start()].rstrip()
        after = line[match.end() :]
        if (before and before[-1] in ".;:") or (bulleted and after[:1].isupper()):
            pieces.append(line[start : match.start()])
            start = match.end()
    pieces.append(line[start:])
    return pieces


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def parse_date(value) -> dt.date | None:
    """A dd/mm/yyyy text (or a date from a spreadsheet cell) as a date; None when empty; ValueError if bad."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value))
    if not match:
        raise ValueError(str(value))
    day, month, year = (int(g) for g in match.groups())
    return dt.date(year, month, day)


# --- Reform areas ----------------------------------------------------------------------------------------------

# Words that name each area in headings and in the XLSX "Lĩnh vực" column, on folded text. Direction comes first:
# "Công tác chỉ đạo, điều hành, tuyên truyền cải cách hành chính" must not read as any other area.
_AREA_WORDS: list[tuple[AreaCode, re.Pattern[str]]] = [
    (AreaCode.DIRECTION, re.compile(r"chi\s+dao|dieu\s+hanh|tuyen\s+truyen")),
    (AreaCode.PROCEDURES, re.compile(r"thu\s+tuc\s+hanh\s+chinh|\btthc\b")),
    (AreaCode.INSTITUTIONS, re.compile(r"\bthe\s+che\b")),
    (AreaCode.ORGANISATION, re.compile(r"to\s+chuc\s+bo\s+may|\bbo\s+may\b")),
    (AreaCode.CIVIL_SERVICE, re.compile(r"\bcong\s+vu\b|doi\s+ngu\s+can\s+bo|can\s+bo\s*,\s*cong\s+chuc")),
    (AreaCode.PUBLIC_FINANCE, re.compile(r"tai\s+chinh\s+cong")),
    (
        AreaCode.E_GOVERNMENT,
        re.compile(r"(?:chinh\s+quyen|chinh\s+phu)\s+(?:dien\s+tu|so)|hien\s+dai\s+hoa|chuyen\s+doi\s+so"),
    ),
]

APPENDIX_NUMBERS: dict[str, str] = {code.value: f"{i:02d}" for i, code in enumerate(DEFAULT_AREAS, start=1)}
# The names the seed plan's appendices use; the XLSX template's area list shows them.
AREA_DEFAULT_NAMES: dict[str, str] = {
    AreaCode.INSTITUTIONS: "Cải cách thể chế",
    AreaCode.PROCEDURES: "Cải cách thủ tục hành chính",
    AreaCode.ORGANISATION: "Cải cách tổ chức bộ máy",
    AreaCode.CIVIL_SERVICE: "Cải cách công vụ",
    AreaCode.PUBLIC_FINANCE: "Cải cách tài chính công",
    AreaCode.E_GOVERNMENT: "Xây dựng và phát triển Chính quyền điện tử",
    AreaCode.DIRECTION: "Công tác chỉ đạo, điều hành, tuyên truyền cải cách hành chính",
}


def area_by_name(text: str) -> AreaCode | None:
    """The area a heading or label names ("Cải cách thủ tục hành chính" → procedures), or None."""
    folded = fold(text)
    for code, pattern in _AREA_WORDS:
        if pattern.search(folded):
            return code
    return None


def area_by_number(number: int) -> AreaCode | None:
    """The area of appendix N in the province's plan layout (01 institutions … 07 direction)."""
    return DEFAULT_AREAS[number - 1] if 1 <= number <= len(DEFAULT_AREAS) else None


_AREA_VALUE_NUMBER = re.compile(r"^\s*(?:phu\s+luc\s*(?:so\s*)?)?0*([1-9][0-9]?)\b")


def area_from_value(value) -> AreaCode | None:
    """The area a spreadsheet cell names: a code ("procedures"), an appendix number ("02", 2) or a name."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return area_by_number(int(value)) if float(value).is_integer() else None
    text = str(value).strip()
    if text in AreaCode.values:
        return AreaCode(text)
    match = _AREA_VALUE_NUMBER.match(fold(text))
    if match:
        return area_by_number(int(match.group(1)))
    return area_by_name(text) if text else None


_APPENDIX_HEADING = re.compile(r"^\s*phu\s+luc(?:\s+so)?\s*0*([0-9]{1,2})\s*[:.\-–—]?\s*")
_NUMBERED_HEADING = re.compile(r"^\s*(?:[ivx]+|[a-z]|[0-9]{1,2})\s*[.):/\-–]\s*")


def area_from_heading(text: str) -> tuple[AreaCode, str] | None:
    """The area and its name from a heading: "Phụ lục số 02: Cải cách thủ tục hành chính", "I. CẢI CÁCH THỂ CHẾ".

    The name decides; the appendix number is used only when the name says nothing. Long lines are prose, not
    headings, whatever words they contain.
    """
    text = clean_cell(text).replace("\n", " ")
    folded, origin = fold_with_origin(text)
    appendix = _APPENDIX_HEADING.match(folded)
    numbered = None if appendix else _NUMBERED_HEADING.match(folded)
    prefix = appendix or numbered
    name_start = (
        origin[prefix.end()] if prefix and prefix.end() < len(origin) else (len(text) if prefix else 0)
    )
    name = text[name_start:].strip().rstrip(".:;").strip()
    if len(name.split()) > (20 if appendix else 14):
        return None
    code = area_by_name(name) if name else None
    if code is None and appendix:
        code = area_by_number(int(appendix.group(1)))
    if code is None:
        return None
    if name.isupper():
        name = name.capitalize()
    return code, name or AREA_DEFAULT_NAMES[code]


# --- Table columns -----------------------------------------------------------------------------------------------


class Column:
    """What a plan table column holds, read from its header."""

    NUMBER = "number"
    AREA = "area"
    TEXT = "text"
    PRODUCTS = "products"
    PERFORMERS = "performers"  # one cell with "Cơ quan chủ trì: …; Cơ quan phối hợp: …"
    LEAD = "lead"
    COORDINATING = "coordinating"
    SCHEDULE = "schedule"
    NOTE = "note"


# Checked in order: "Thời gian thực hiện" is the schedule although it says "thực hiện"; "Cơ quan phối hợp" is the
# coordinating column although it says "cơ quan".
_HEADER_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (Column.NUMBER, re.compile(r"^(?:s\s*\.?\s*tt|tt|so\s+tt|so\s+thu\s+tu)\.?$")),
    (Column.AREA, re.compile(r"^(?:linh\s+vuc|phu\s+luc|noi\s+dung\s+cai\s+cach)")),
    (Column.SCHEDULE, re.compile(r"thoi\s+gian|thoi\s+han|tien\s+do|han\s+hoan\s+thanh")),
    (Column.NOTE, re.compile(r"^ghi\s+chu")),
    (Column.COORDINATING, re.compile(r"phoi\s+hop")),
    (Column.LEAD, re.compile(r"chu\s+tri")),
    (Column.PRODUCTS, re.compile(r"san\s+pham|ket\s+qua")),
    (Column.PERFORMERS, re.compile(r"co\s+quan|don\s+vi|thuc\s+hien|trach\s+nhiem")),
    (Column.TEXT, re.compile(r"nhiem\s+vu|noi\s+dung|cong\s+viec|hoat\s+dong")),
]


def classify_header(text: str) -> str | None:
    """The column a header cell names, or None for a column the importer keeps only in the note (e.g. Kinh phí)."""
    folded = " ".join(fold(clean_cell(text)).replace("\n", " ").split())
    if not folded:
        return None
    for column, pattern in _HEADER_WORDS:
        if pattern.search(folded):
            return column
    return None


# --- Rows ----------------------------------------------------------------------------------------------------------


@dataclass
class Issue:
    """A problem found in the file, with where it is (sheet, row, column or table, row) for the user."""

    where: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # a spreadsheet column letter

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class PlanHeader:
    """What the file says about the plan itself (decision page of a DOCX, header sheet of the XLSX)."""

    year: int | None = None
    unit_code: str = ""
    issuer: str = ""
    title: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    signer: str = ""
    signer_title: str = ""


@dataclass
class RawRow:
    """One task row as written. `lead_text` holds a single performers cell (its labels decide the roles)."""

    area_code: str
    number: str
    text: str
    products: list[str] = field(default_factory=list)
    lead_text: str = ""
    coordinating_text: str = ""
    units_text: str = ""
    schedule_text: str = ""
    note: str = ""
    where: str = ""


@dataclass
class ParsedFile:
    """A file read into rows; `areas` maps each area code met to the name the file gives it, in file order."""

    kind: str
    header: PlanHeader
    rows: list[RawRow]
    areas: dict[str, str]
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def join_note(note: str, extras: list[tuple[str, str]]) -> str:
    """The note cell followed by the columns the importer has no field for ("Kinh phí: Ngân sách thị xã")."""
    parts = [note] if note else []
    parts += [f"{label}: {value}" if label else value for label, value in extras if value]
    return "\n".join(parts)


def units_text_of(lead: str, coordinating: str) -> str:
    """The performing units as written; two separate columns are kept under their own labels."""
    if not coordinating:
        return lead
    parts = [f"Cơ quan chủ trì: {lead}"] if lead else []
    return "\n".join([*parts, f"Cơ quan phối hợp: {coordinating}"])
