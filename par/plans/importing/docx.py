"""Reading a plan as offices issue it in Word: the decision page, then appendix tables of tasks.

What real files do, and what the reader does about it:

* The decision header (issuer, "Số: 5476/QĐ-UBND", "Thanh Hóa, ngày 24 tháng 12 năm 2020") and the signature
  block sit in borderless layout tables; a table is a task table only if one of its rows is a task header
  (TT + Nhiệm vụ / Nội dung…). The other tables are read as text for the header.
* The area of a table comes from the heading paragraph before it ("Phụ lục số 02: Cải cách thủ tục hành chính",
  "I. CẢI CÁCH THỂ CHẾ"), or from a section row inside the table; it carries over to the next table (an
  appendix split over pages is often split into tables).
* The header row repeated at page breaks (copied as a real row) is skipped; so are empty rows.
* Merged cells: python-docx returns a merged cell once per grid column it covers, so a task text merged over two
  grid columns is read once, a cell merged down over several rows is read in each of them, and a row merged
  across the whole table is a section heading.
* Columns are found by their header words, in any order; columns the importer has no field for (Kinh phí…) are
  kept in the note.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import docx
from django.utils.translation import gettext as _
from docx.table import Table
from docx.text.paragraph import Paragraph

from par.plans.importing.rows import (
    Column,
    Issue,
    ParsedFile,
    PlanHeader,
    RawRow,
    area_from_heading,
    classify_header,
    clean_cell,
    fold,
    fold_with_origin,
    join_note,
    split_products,
    units_text_of,
)


def read_docx(fileobj) -> ParsedFile:
    """Read the decision page and every task table of a DOCX plan into rows."""
    document = docx.Document(fileobj)
    lines: list[str] = []
    rows: list[RawRow] = []
    areas: dict[str, str] = {}
    errors: list[Issue] = []
    warnings: list[Issue] = []
    area: tuple[str, str] | None = None
    table_number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = clean_cell(block.text)
            lines.extend(text.split("\n"))
            heading = area_from_heading(text) if text else None
            if heading:
                area = (heading[0].value, heading[1])
            continue
        assert isinstance(block, Table)
        grid = _grid(block)
        header_at = next((i for i, row in enumerate(grid) if _is_task_header(row)), None)
        if header_at is None:
            lines.extend(line for row in grid for cell in _distinct(row) for line in cell.split("\n"))
            continue
        table_number += 1
        reader = _TableReader(grid, header_at, table_number, area)
        rows.extend(reader.rows)
        errors.extend(reader.errors)
        warnings.extend(reader.warnings)
        for code, name in reader.areas.items():
            areas.setdefault(code, name)
        area = reader.area
    if not table_number:
        errors.append(Issue("", _not_a_plan(lines)))
    return ParsedFile("docx", parse_header_lines(lines), rows, areas, errors, warnings)


def _not_a_plan(lines: list[str]) -> str:
    """Why the document is refused: it has no task table, so it is not a plan (a report, a letter…)."""
    first = next((fold(line) for line in lines if line.strip()), "")
    if first.startswith(("bao cao", "cong van", "to trinh", "thong bao")) or any(
        fold(line).strip(" *#") == "bao cao" for line in lines[:40]
    ):
        return _(
            "This document is not a PAR plan: it reads as a report or another kind of document, and none of its "
            "tables has the plan's columns (TT, Nhiệm vụ, Cơ quan thực hiện or Thời gian thực hiện). Upload the "
            "plan issued with its decision."
        )
    return _(
        "This document is not a PAR plan: none of its tables has the plan's columns (TT, Nhiệm vụ, Cơ quan thực "
        "hiện or Thời gian thực hiện)."
    )


def _grid(table: Table) -> list[list[tuple[object, str]]]:
    """Each row as (cell identity, cleaned text) per grid column; a merged cell repeats its identity."""
    return [[(cell._tc, clean_cell(cell.text)) for cell in row.cells] for row in table.rows]


def _distinct(row: list[tuple[object, str]]) -> list[str]:
    """The texts of a row with each merged cell once."""
    seen: list[object] = []
    texts = []
    for identity, text in row:
        if any(identity is s for s in seen):
            continue
        seen.append(identity)
        texts.append(text)
    return texts


# A plan's task table says who does each task and when (decision 0135); a report's table of figures ("STT |
# Nhiệm vụ/Tiêu chí | Tổng số | Tỷ lệ %") has a number and a task column too, and is no task table.
_PLAN_COLUMNS = {Column.PERFORMERS, Column.LEAD, Column.COORDINATING, Column.SCHEDULE}


def _is_task_header(row: list[tuple[object, str]]) -> bool:
    columns = {classify_header(text) for text in _distinct(row)}
    return Column.NUMBER in columns and Column.TEXT in columns and bool(columns & _PLAN_COLUMNS)


_ROMAN_OR_LETTER = re.compile(r"^(?:[ivxl]+|[a-z])\.?$")
_TASK_FIELDS = (Column.PRODUCTS, Column.PERFORMERS, Column.LEAD, Column.COORDINATING, Column.SCHEDULE)


class _TableReader:
    """Reads one task table into rows, following section rows and skipping repeated headers."""

    def __init__(self, grid, header_at: int, table_number: int, area: tuple[str, str] | None) -> None:
        self.table_number = table_number
        self.area = area
        self.areas: dict[str, str] = {}
        self.rows: list[RawRow] = []
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.columns: dict[int, str | None] = {}
        self.labels: dict[int, str] = {}
        body_from = self._read_header(grid, header_at)
        for index in range(body_from, len(grid)):
            self._row(grid[index], index + 1)

    def _read_header(self, grid, header_at: int) -> int:
        """Map grid columns to fields; a second header row ("Chủ trì | Phối hợp" under "Cơ quan…") refines it.

        A header cell merged over two grid columns (the task text overflowing into a narrow column) gives one
        field; the body cells under it are merged the same way or hold stray fragments, read by the first.
        """
        header_rows = [grid[header_at]]
        if header_at + 1 < len(grid):
            below = grid[header_at + 1]
            # Cells merged down from the header row repeat its text; only the row's own cells say what it is.
            own = [
                text
                for (identity, text), (above, _t) in zip(below, grid[header_at], strict=False)
                if identity is not above
            ]
            if _is_sub_header(own):
                header_rows.append(below)
        previous: tuple[object, ...] | None = None
        for position in range(len(header_rows[0])):
            identity = tuple(row[position][0] for row in header_rows)
            if previous is not None and all(a is b for a, b in zip(identity, previous, strict=True)):
                continue
            previous = identity
            texts = dict.fromkeys(row[position][1] for row in header_rows)
            label = " ".join(t for t in texts if t)
            self.columns[position] = classify_header(label)
            self.labels[position] = header_rows[0][position][1]
        return header_at + len(header_rows)

    def _where(self, row_number: int) -> str:
        return _("Table %(table)s, row %(row)s") % {"table": self.table_number, "row": row_number}

    def _row(self, grid_row, row_number: int) -> None:
        distinct = [t for t in _distinct(grid_row) if t]
        if not distinct or _is_task_header(grid_row) or _is_sub_header([t for _i, t in grid_row]):
            return  # empty, or the header repeated at a page break
        cells: dict[str, str] = {}
        extras: list[tuple[str, str]] = []
        seen: list[object] = []
        for position, column in self.columns.items():
            identity, text = grid_row[position]
            if any(identity is s for s in seen) or not text:
                continue  # merged across columns: the text belongs to the first column it covers
            seen.append(identity)
            if column is None:
                extras.append((self.labels.get(position, ""), text))
            else:
                cells[column] = f"{cells[column]}\n{text}" if column in cells else text
        number = cells.get(Column.NUMBER, "").strip()
        section = len(distinct) == 1 or (
            _ROMAN_OR_LETTER.match(fold(number)) is not None and not any(cells.get(c) for c in _TASK_FIELDS)
        )
        if section:
            heading = area_from_heading(". ".join(distinct) if number else distinct[0])
            if heading:
                self.area = (heading[0].value, heading[1])
            else:
                self.warnings.append(
                    Issue(
                        self._where(row_number), _("This section row names no reform area; it was skipped.")
                    )
                )
            return
        self._task(cells, extras, row_number)

    def _task(self, cells: dict[str, str], extras, row_number: int) -> None:
        where = self._where(row_number)
        text = cells.get(Column.TEXT, "")
        if not text:
            self.warnings.append(Issue(where, _("A row without task text was skipped.")))
            return
        if self.area is None:
            self.errors.append(
                Issue(
                    where,
                    _(
                        "The reform area of this table is unknown: put a heading such as "
                        "“Phụ lục số 01: Cải cách thể chế” before it."
                    ),
                )
            )
            return
        code, name = self.area
        self.areas.setdefault(code, name)
        lead = "\n".join(cells[c] for c in (Column.PERFORMERS, Column.LEAD) if cells.get(c))
        coordinating = cells.get(Column.COORDINATING, "")
        self.rows.append(
            RawRow(
                area_code=code,
                number=cells.get(Column.NUMBER, "").strip().rstrip("."),
                text=text,
                products=split_products(cells.get(Column.PRODUCTS, "")),
                lead_text=lead,
                coordinating_text=coordinating,
                units_text=units_text_of(lead, coordinating),
                schedule_text=cells.get(Column.SCHEDULE, ""),
                note=join_note(cells.get(Column.NOTE, ""), extras),
                where=where,
            )
        )


def _is_sub_header(texts: list[str]) -> bool:
    """A row such as "| | | Chủ trì | Phối hợp | |" under a merged "Cơ quan thực hiện" header."""
    kinds = {classify_header(t) for t in texts if t}
    return (
        bool(kinds)
        and kinds <= {Column.LEAD, Column.COORDINATING}
        and not any(re.search(r"[0-9]", t) for t in texts)
    )


# --- Decision page ------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\s*s[oố]\s*(?:/\s*k[yý]\s*hi[eệ]u)?\s*:\s*(.+?)\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^\s*([^,]{2,60}),\s*ngay\s+([0-9]{1,2})\s+thang\s+([0-9]{1,2})\s+nam\s+([0-9]{4})")
_SIGNER_TITLE = re.compile(
    r"^\s*(?:(?:kt|tm|tl|q)\s*\.\s*)?((?:pho\s+)?chu\s+tich|(?:pho\s+)?giam\s+doc)\s*$"
)
_TITLE = re.compile(r"(?:^|\bban\s+hanh\s+)(ke\s+hoach\b.*)$")
_YEAR_IN_TITLE = re.compile(r"\bnam\s+([0-9]{4})\b")
_ISSUER = re.compile(r"^(?:uy\s+ban\s+nhan\s+dan|ubnd)\b")


# The line under an appendix's title: "(Ban hành kèm theo Quyết định số 5476 /QĐ-UBND ngày 24 / 12 /2020 của Chủ
# tịch Ủy ban nhân dân tỉnh Thanh Hóa)", often wrapped over two lines, the date also as "ngày 24 tháng 12 năm 2020".
_ANNEX = re.compile(
    r"^[\s(*_]*(?:ban\s+hanh\s+)?kem\s+theo\s+quyet\s+dinh\s+so\s*:?\s*(?P<number>[0-9]+\s*/\s*[^\s,;()]+)"
    r"\s*,?\s*ngay\s+(?:(?P<d>[0-9]{1,2})\s*/\s*(?P<m>[0-9]{1,2})\s*/\s*(?P<y>[0-9]{4})"
    r"|(?P<d2>[0-9]{1,2})\s+thang\s+(?P<m2>[0-9]{1,2})\s+nam\s+(?P<y2>[0-9]{4}))"
    r"(?:\s+cua\s+(?:chu\s+tich\s+)?(?P<issuer>(?:uy\s+ban\s+nhan\s+dan|ubnd)\s+[^()*_]+?))?[\s)*_.]*$"
)


def read_annex_line(text: str) -> tuple[str, dt.date | None, str] | None:
    """The decision number, date and issuer an appendix says it is attached to, or None if `text` is no such line.

    The issuer is the people's committee ("Ủy ban nhân dân tỉnh Thanh Hóa"), also when its chairman signed.
    """
    text = " ".join(text.split())
    folded, origin = fold_with_origin(text)
    match = _ANNEX.match(folded)
    if match is None:
        return None
    number = re.sub(
        r"\s*/\s*", "/", text[origin[match.start("number")] : origin[match.end("number") - 1] + 1]
    )
    day, month, year = (match.group(k) or match.group(f"{k}2") for k in ("d", "m", "y"))
    try:
        date: dt.date | None = dt.date(int(year), int(month), int(day))
    except ValueError:
        date = None
    issuer = ""
    if match.group("issuer"):
        issuer = text[origin[match.start("issuer")] : origin[match.end("issuer") - 1] + 1].strip()
    return number, date, issuer


def parse_header_lines(lines: list[str]) -> PlanHeader:
    """Decision number and date, issuer, title, year and signer from the document's text outside task tables."""
    header = PlanHeader()
    for index, line in enumerate(lines):
        annex = _annex_at(lines, index)
        if annex is not None:
            number, date, issuer = annex
            header.decision_number = header.decision_number or number
            header.decision_date = header.decision_date or date
            header.issuer = header.issuer or issuer
            continue
        folded = fold(line)
        if not header.decision_number and (m := _NUMBER.match(line)) and "/" in m.group(1):
            header.decision_number = re.sub(r"\s*/\s*", "/", m.group(1))
        elif header.decision_date is None and (m := _PLACE_DATE.match(folded)):
            with contextlib.suppress(ValueError):
                header.decision_date = dt.date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
        elif not header.issuer and _ISSUER.match(folded) and line.isupper():
            following = lines[index + 1] if index + 1 < len(lines) else ""
            header.issuer = (
                line if len(line.split()) > 4 or not following.isupper() else f"{line} {following}"
            )
        elif not header.title and (m := _TITLE.search(folded)) and len(line.split()) <= 30:
            header.title = _title(line[_fold_origin(line)[m.start(1)] :], lines[index + 1 : index + 2])
        elif not header.signer and _SIGNER_TITLE.match(folded) and line.isupper():
            header.signer_title, header.signer = _signature(lines, index)
    if header.title and (m := _YEAR_IN_TITLE.search(fold(header.title))):
        header.year = int(m.group(1))
    return header


def _annex_at(lines: list[str], index: int) -> tuple[str, dt.date | None, str] | None:
    """The annex line starting at `index`, read with the next line when it wraps ("… ngày 24/12/2020 / của …")."""
    if "kem theo quyet dinh" not in fold(lines[index]):
        return None
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if fold(following).lstrip(" (*_").startswith("cua "):
        joined = read_annex_line(f"{lines[index]} {following}")
        if joined is not None:
            return joined
    return read_annex_line(lines[index])


def _sentence_case(text: str) -> str:
    text = text.strip().rstrip(".")
    return text.capitalize() if text.isupper() else text[:1].upper() + text[1:]


def _title(title: str, following: list[str]) -> str:
    """The plan's title; "KẾ HOẠCH" alone on its line takes its subject from the next line."""
    title = _sentence_case(title)
    if len(title.split()) <= 2 and following and following[0].strip():
        subject = _sentence_case(following[0])
        title = f"{title} {subject[:1].lower()}{subject[1:]}"
    return title


def _fold_origin(line: str) -> list[int]:
    return fold_with_origin(line)[1]


def _signature(lines: list[str], index: int) -> tuple[str, str]:
    """The signer's title and name: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / (signature) / Lê Đức Giang"."""
    title = lines[index]
    for line in lines[index + 1 : index + 8]:
        words = line.split()
        if not words:
            continue  # blank space left for the signature and seal
        if line.isupper():
            if _SIGNER_TITLE.match(fold(line)):
                title = line
            continue
        name_like = 2 <= len(words) <= 6 and all(w[:1].isupper() for w in words)
        name = line if name_like and not re.search(r"[0-9:;]", line) else ""
        return _title_case(title), name
    return _title_case(title), ""


def _title_case(title: str) -> str:
    """ "KT. CHỦ TỊCH" → "Chủ tịch", "PHÓ CHỦ TỊCH" → "Phó Chủ tịch", "GIÁM ĐỐC" → "Giám đốc"."""
    words = title.split(".")[-1].strip().lower().split()
    text = " ".join(words)
    for office in ("chủ tịch", "giám đốc"):
        text = text.replace(office, office.capitalize())
    return text[:1].upper() + text[1:]
