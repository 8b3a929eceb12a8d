"""Turning raw import rows (from XLSX or the demo JSON) into checked values, with an error per bad cell.

Nothing here touches the database: `parse_catalog` checks every cell and the relations between rows of the
file, and `par.catalog.actions.do_import_catalog` then applies the result in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from par.catalog.models import validate_half_days
from par.catalog.workbook import (
    VERSIONS,
    CatalogRows,
    Column,
    RowError,
    SheetRow,
)
from par.core.params import whole_number

# National procedure codes are "d.dddddd"; Excel stores one typed into a number cell as a float.
NATIONAL_CODE_DECIMALS = 6
TRUE_WORDS = {"x", "có", "co", "1", "true", "yes", "đúng"}
FALSE_WORDS = {"0", "không", "khong", "false", "no"}


class CellError(ValueError):
    """A cell value that cannot be converted; the message says what is expected."""


@dataclass
class ParsedDocument:
    row: SheetRow
    position: int
    name: str
    originals: int
    copies: int
    form_template: str


@dataclass
class ParsedStep:
    row: SheetRow
    position: int
    name: str
    actor: str
    days: Decimal


@dataclass
class ParsedVersion:
    row: SheetRow
    code: str
    valid_from: dt.date
    values: dict[str, Any]  # the ProcedureVersion fields
    documents: list[ParsedDocument] = field(default_factory=list)
    steps: list[ParsedStep] = field(default_factory=list)


@dataclass
class ParsedProcedure:
    row: SheetRow
    code: str
    field_code: str
    field_name: str
    values: dict[str, Any]  # the Procedure fields except `field`


@dataclass
class ParsedCatalog:
    procedures: list[ParsedProcedure] = field(default_factory=list)
    versions: list[ParsedVersion] = field(default_factory=list)
    # Codes of procedure rows and keys of version rows that had an error: what depends on them is not checked
    # further, so one mistake is reported once.
    failed_codes: set[str] = field(default_factory=set)
    failed_keys: set[tuple[str, dt.date]] = field(default_factory=set)


# ---- cell converters ---------------------------------------------------------------------------------------


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def to_code(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.{NATIONAL_CODE_DECIMALS}f}"
    return to_text(value)


def to_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = to_text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(_("Enter a date as dd/mm/yyyy."))


def to_days(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise CellError(_("Enter a number of working days, for example 3 or 0,5.")) from None
    if number < 0:
        raise CellError(_("Time limits cannot be negative."))
    try:
        validate_half_days(number)
    except Exception as exc:
        raise CellError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
    return number.quantize(Decimal("0.1"))


def to_time(value: Any) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    text = to_text(value).lower().replace("h", ":").rstrip(":")
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise CellError(_("Enter a time as hh:mm, for example 15:00."))


def to_whole(value: Any, *, message: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError(message)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = to_text(value).replace(".", "").replace(" ", "")
        if whole_number(text) is None:
            raise CellError(message)
        number = int(text)
    if number < 0:
        raise CellError(message)
    return number


def to_flag(value: Any) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    text = to_text(value).casefold()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(_("Enter “x” for yes or leave the cell empty."))


def to_choice(value: Any, choices: type[models.TextChoices]) -> str | None:
    """A stored code, or its label in Vietnamese or English (people type what the dropdown's help shows)."""
    if value in (None, ""):
        return None
    text = to_text(value).casefold()
    for choice in choices:
        if text == choice.value.casefold():
            return choice.value
    for language in ("vi", "en"):
        with translation.override(language):
            for choice in choices:
                if text == str(choice.label).casefold():
                    return choice.value
    codes = ", ".join(c.value for c in choices)
    raise CellError(_("Choose one of: %(codes)s.") % {"codes": codes})


def convert(column: Column, value: Any) -> Any:
    if column.kind == "code":
        return to_code(value)
    if column.kind == "date":
        return to_date(value)
    if column.kind == "days":
        return to_days(value)
    if column.kind == "time":
        return to_time(value)
    if column.kind == "amount":
        return to_whole(value, message=_("Enter a whole number of dong, for example 50000."))
    if column.kind == "int":
        return to_whole(value, message=_("Enter a whole number."))
    if column.kind == "flag":
        return to_flag(value)
    if column.kind == "choice":
        assert column.choices is not None
        return to_choice(value, column.choices)
    return to_text(value)


def _cells(row: SheetRow, errors: list[RowError]) -> dict[str, Any] | None:
    """Every column of the row converted (absent columns get their default); None when a cell is wrong."""
    out: dict[str, Any] = {}
    ok = True
    for column in row.sheet.columns:
        if column.key not in row.values:
            out[column.key] = column.default
            continue
        try:
            value = convert(column, row.values[column.key])
        except CellError as exc:
            errors.append(RowError(row.sheet, row.number, column.key, str(exc)))
            ok = False
            continue
        if column.max_length is not None and isinstance(value, str) and len(value) > column.max_length:
            message = _("At most %(n)d characters (this cell has %(count)d).") % {
                "n": column.max_length,
                "count": len(value),
            }
            errors.append(RowError(row.sheet, row.number, column.key, message))
            ok = False
            continue
        if column.required and value in (None, ""):
            errors.append(RowError(row.sheet, row.number, column.key, _("This cell is required.")))
            ok = False
            continue
        out[column.key] = column.default if value is None and column.default is not None else value
    return out if ok else None


# ---- the whole file ----------------------------------------------------------------------------------------

PROCEDURE_KEYS = (
    "name",
    "at_province",
    "at_commune",
    "responsible_kind",
    "agency",
    "result",
    "is_published",
    "is_demo",
    "source",
)
VERSION_KEYS = (
    "valid_to",
    "legal_days",
    "committed_days",
    "limit_note",
    "cutoff",
    "online_level",
    "fee_text",
    "fee_amount",
    "legal_basis",
    "decision",
)


def parse_catalog(rows: CatalogRows) -> tuple[ParsedCatalog, list[RowError]]:
    """Check every cell and the links between sheets; all problems are returned, none raised."""
    errors: list[RowError] = []
    parsed = ParsedCatalog()
    seen_codes: dict[str, int] = {}
    field_names: dict[str, tuple[str, int]] = {}
    for row in rows.procedures:
        cells = _cells(row, errors)
        if cells is None:
            parsed.failed_codes.add(to_code(row.values.get("code")))
            continue
        code = cells["code"]
        if code in seen_codes:
            errors.append(_duplicate(row, "code", seen_codes[code]))
            continue
        seen_codes[code] = row.number
        known = field_names.setdefault(cells["field_code"], (cells["field_name"], row.number))
        if known[0] != cells["field_name"]:
            message = _("Field %(code)s is named “%(name)s” in row %(row)d.") % {
                "code": cells["field_code"],
                "name": known[0],
                "row": known[1],
            }
            errors.append(RowError(row.sheet, row.number, "field_name", message))
            parsed.failed_codes.add(code)
            continue
        values = {key: cells[key] for key in PROCEDURE_KEYS}
        parsed.procedures.append(ParsedProcedure(row, code, cells["field_code"], cells["field_name"], values))

    versions: dict[tuple[str, dt.date], ParsedVersion] = {}
    for row in rows.versions:
        cells = _cells(row, errors)
        if cells is None:
            failed = _key_of(row)
            if failed is not None:
                parsed.failed_keys.add(failed)
            continue
        key = (cells["code"], cells["valid_from"])
        if key in versions:
            errors.append(_duplicate(row, "valid_from", versions[key].row.number))
            continue
        values = {k: cells[k] for k in VERSION_KEYS}
        versions[key] = ParsedVersion(row, cells["code"], cells["valid_from"], values)
    parsed.versions = list(versions.values())

    _attach(rows.documents, versions, parsed.failed_keys, errors, "documents")
    _attach(rows.steps, versions, parsed.failed_keys, errors, "steps")
    return parsed, errors


def _key_of(row: SheetRow) -> tuple[str, dt.date] | None:
    """The (code, start date) a row refers to, when both cells can be read."""
    try:
        key = (to_code(row.values.get("code")), to_date(row.values.get("valid_from")))
    except CellError:
        return None
    return key if key[0] and key[1] else None  # type: ignore[return-value]


def _attach(
    rows: list[SheetRow], versions: dict, failed_keys: set, errors: list[RowError], kind: str
) -> None:
    """Hang document or step rows on their version (found by code and start date), checking their numbers."""
    positions: dict[tuple, dict[int, int]] = defaultdict(dict)
    for row in rows:
        cells = _cells(row, errors)
        if cells is None:
            continue
        key = (cells["code"], cells["valid_from"])
        version = versions.get(key)
        if version is None and key in failed_keys:
            continue  # the version row's own error is listed
        if version is None:
            message = _("No row in the sheet “%(sheet)s” has this procedure code and start date.") % {
                "sheet": VERSIONS.title
            }
            errors.append(RowError(row.sheet, row.number, "valid_from", message))
            continue
        taken = positions[key]
        if cells["position"] in taken:
            errors.append(_duplicate(row, "position", taken[cells["position"]]))
            continue
        taken[cells["position"]] = row.number
        if kind == "documents":
            version.documents.append(
                ParsedDocument(
                    row,
                    cells["position"],
                    cells["name"],
                    cells["originals"] or 0,
                    cells["copies"] or 0,
                    cells["form_template"],
                )
            )
        else:
            version.steps.append(
                ParsedStep(row, cells["position"], cells["name"], cells["actor"], cells["days"])
            )
    for version in versions.values():
        version.documents.sort(key=lambda d: d.position)
        version.steps.sort(key=lambda s: s.position)


def _duplicate(row: SheetRow, column: str, first: int) -> RowError:
    return RowError(row.sheet, row.number, column, _("Repeats row %(row)d.") % {"row": first})
