"""Dossiers migrated from an earlier one-stop system: the file format, its checks and the load (decision 0179).

The file is CSV in UTF-8, one dossier a row, with a header naming the columns (`COLUMNS`, in any order; those of
`REQUIRED` must be there). Times are local Asia/Ho_Chi_Minh time written `YYYY-MM-DD HH:MM[:SS]` (or a date alone,
midnight) and stored in UTC. docs/dossier-import.md describes every column.

`load(source, …)` checks every row and writes all of them or none, in the caller's transaction:
- PostgreSQL (`par.dossiers.imports_pg`): the file is streamed with COPY into a temporary table of text columns, the
  checks are one set-based query over it, and one INSERT … SELECT writes the dossiers;
- SQLite: the rows are read and checked in Python and written with batched executemany.
Both report the same errors, in Vietnamese, with the row number a spreadsheet shows (the header is row 1), the
first `MAX_ERRORS` of them and the count of the rest. Codes used twice in the file or already in the database are
refused. Afterwards the shared steps run: `DossierCounter` is moved past imported codes of the form
`<unit code>-<yymmdd>-<nnnn>` so intake never draws one again, and the statistics of the days touched are added
(`add_to_rollups`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from par.core.text import search_key
from par.dossiers.models import Channel, Dossier, DossierCounter, DossierRollup, DossierState, Outcome

S = DossierState
ICT = dt.timezone(dt.timedelta(hours=7))  # Vietnam: UTC+7, no daylight saving since 1975
MAX_ERRORS = 50
BATCH = 2000

COLUMNS = (
    "code",
    "procedure_code",
    "unit_code",
    "channel",
    "state",
    "submitted_at",
    "received_at",
    "appointment_at",
    "resolved_at",
    "returned_at",
    "outcome",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "note",
    "closed_reason",
)
REQUIRED = ("code", "procedure_code", "unit_code", "state", "applicant_name")
TIMES = ("submitted_at", "received_at", "appointment_at", "resolved_at", "returned_at")
# Longest text a column takes (the model's max_length); longer is an error, never cut.
LIMITS = {
    "code": 60,
    "applicant_name": 255,
    "applicant_id_number": 20,
    "applicant_phone": 30,
    "applicant_email": 254,
    "applicant_address": 500,
}
CHANNELS = tuple(Channel.values)
STATES = tuple(S.values)
OUTCOMES = tuple(Outcome.values)
# States reached before complete receipt: only these may lack `received_at`.
BEFORE_RECEIPT = (S.SUBMITTED, S.REFUSED)
# States with a result: these need `resolved_at`, the others must not have one.
RESOLVED = (S.RESULT_READY, S.RETURNED)
TIME_PATTERN = re.compile(
    r"^[12]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])( ([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?)?$"
)


class ImportRejected(ValidationError):
    """The file was refused: `messages` holds the first errors (and a line counting the others), `total` all."""

    def __init__(self, messages: list[str], total: int | None = None) -> None:
        super().__init__(messages)
        self.total = len(messages) if total is None else total


def message(check: str, row: int, value: str = "", column: str = "") -> str:
    """The Vietnamese (active language) text of one failed check of one row."""
    texts = {
        "code_empty": _("Row %(row)s: the dossier code is empty."),
        "code_twice": _("Row %(row)s: the dossier code “%(value)s” appears more than once in the file."),
        "code_taken": _("Row %(row)s: a dossier with the code “%(value)s” already exists."),
        "unit": _("Row %(row)s: no receiving unit has the code “%(value)s”."),
        "procedure": _("Row %(row)s: no procedure of the catalogue has the code “%(value)s”."),
        "channel": _("Row %(row)s: unknown channel “%(value)s”."),
        "state": _("Row %(row)s: unknown state “%(value)s”."),
        "outcome": _("Row %(row)s: unknown outcome “%(value)s”."),
        "time": _("Row %(row)s: %(column)s “%(value)s” is not a date and time (YYYY-MM-DD HH:MM)."),
        "missing": _("Row %(row)s: %(column)s is required."),
        "unexpected": _("Row %(row)s: %(column)s must be empty in the state “%(value)s”."),
        "long": _("Row %(row)s: %(column)s is longer than %(limit)s characters."),
        "order": _("Row %(row)s: the times are out of order (filed, received, result, returned)."),
        "email": _("Row %(row)s: the email “%(value)s” is not valid."),
    }
    return texts[check] % {"row": row, "value": value[:80], "column": column, "limit": LIMITS.get(column, "")}


def reject(errors: list[str], total: int) -> ImportRejected:
    shown = errors[:MAX_ERRORS]
    if total > len(shown):
        shown.append(_("… and %(count)s more errors.") % {"count": total - len(shown)})
    return ImportRejected(shown, total)


# --- The file ---------------------------------------------------------------------------------------------------


@dataclass
class Source:
    """The file being imported: its header, its SHA-256 (computed while it is read) and the rest of its bytes."""

    stream: IO[bytes]
    name: str = ""
    header: list[str] = field(default_factory=list)
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)

    def open(self) -> None:
        """Read and check the header line (UTF-8, an optional byte-order mark, known and required columns)."""
        first = self.stream.readline()
        self.digest.update(first)
        try:
            text = first.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected([_("The file is not text in UTF-8.")]) from None
        self.header = [c.strip().lower() for c in next(csv.reader([text]), [])]
        unknown = [c for c in self.header if c not in COLUMNS]
        missing = [c for c in REQUIRED if c not in self.header]
        twice = sorted({c for c in self.header if self.header.count(c) > 1})
        errors = []
        if unknown:
            errors.append(_("Unknown columns in the header: %(columns)s.") % {"columns": ", ".join(unknown)})
        if missing:
            errors.append(_("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
        if twice:
            errors.append(
                _("Columns named twice in the header: %(columns)s.") % {"columns": ", ".join(twice)}
            )
        if errors:
            raise ImportRejected(errors)

    def blocks(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The bytes after the header, hashed on the way."""
        while block := self.stream.read(size):
            self.digest.update(block)
            yield block

    @property
    def sha256(self) -> str:
        return self.digest.hexdigest()


def file_error(row: int | None, detail: str = "") -> ImportRejected:
    if row is None:
        return ImportRejected([_("The file cannot be read as CSV in UTF-8.")])
    return ImportRejected(
        [
            _("Row %(row)s: the row cannot be read as CSV in UTF-8 (%(detail)s).")
            % {"row": row, "detail": detail}
        ]
    )


# --- Reference data, shared by both engines ------------------------------------------------------------------------


@dataclass
class VersionSpan:
    """A procedure's version for dossiers received in [day_from, day_to)."""

    procedure_code: str
    procedure_id: int
    version_id: int
    day_from: dt.date
    day_to: dt.date
    legal_days: Decimal
    committed_days: Decimal


def version_spans() -> list[VersionSpan]:
    """Every procedure's versions as consecutive spans covering all days: a dossier takes the version in force on
    its day of receipt (of filing when it was never received), the closest earlier one in a gap, the first one
    before it."""
    from par.catalog.models import ProcedureVersion

    spans: list[VersionSpan] = []
    rows = ProcedureVersion.objects.order_by("procedure__code", "valid_from", "pk").values_list(
        "procedure__code", "procedure_id", "pk", "valid_from", "legal_days", "committed_days"
    )
    by_code: dict[str, list[tuple]] = {}
    for row in rows:
        by_code.setdefault(row[0], []).append(row)
    for code, versions in by_code.items():
        for i, (_code, procedure_id, pk, _valid_from, legal, committed) in enumerate(versions):
            start = dt.date.min if i == 0 else versions[i][3]
            end = versions[i + 1][3] if i + 1 < len(versions) else dt.date.max
            if start < end:
                spans.append(VersionSpan(code, procedure_id, pk, start, end, legal, committed))
    return spans


# --- SQLite: rows read and checked in Python -----------------------------------------------------------------------


def parse_time(text: str) -> dt.datetime | None:
    """Local `YYYY-MM-DD[ HH:MM[:SS]]` as an aware UTC moment; None when not such a moment (empty is handled apart)."""
    if not TIME_PATTERN.match(text):
        return None
    try:
        local = dt.datetime.fromisoformat(text if len(text) > 10 else f"{text} 00:00")
    except ValueError:  # 31 February and the like
        return None
    return local.replace(tzinfo=ICT).astimezone(dt.UTC)


def check_row(row: dict[str, str], n: int, units, spans) -> tuple[list[str], tuple | None]:
    """The errors of one row and, when none, the values to write (in `INSERT_COLUMNS` order, id and import apart)."""
    errors: list[str] = []
    get = row.get
    code, state, outcome = get("code", ""), get("state", ""), get("outcome", "")
    channel = get("channel", "") or Channel.COUNTER
    if not code:
        errors.append(message("code_empty", n))
    for column, limit in LIMITS.items():
        if len(get(column, "")) > limit:
            errors.append(message("long", n, column=column))
    unit_id = units.get(get("unit_code", ""))
    if unit_id is None:
        errors.append(message("unit", n, get("unit_code", "")))
    if channel not in CHANNELS:
        errors.append(message("channel", n, channel))
    if state not in STATES:
        errors.append(message("state", n, state))
    if outcome and outcome not in OUTCOMES:
        errors.append(message("outcome", n, outcome))
    times: dict[str, dt.datetime | None] = {}
    for column in TIMES:
        text = get(column, "")
        times[column] = parse_time(text) if text else None
        if text and times[column] is None:
            errors.append(message("time", n, text, column))
    raw = {column: get(column, "") for column in TIMES}
    errors += _presence(raw, state, outcome, n)
    moments = [m for c in ("submitted_at", "received_at", "resolved_at", "returned_at") if (m := times[c])]
    if moments != sorted(moments):
        errors.append(message("order", n))
    if not get("applicant_name", ""):
        errors.append(message("missing", n, column="applicant_name"))
    email = get("applicant_email", "")
    if email and "@" not in email:
        errors.append(message("email", n, email))
    day = (raw["received_at"] or raw["submitted_at"])[:10]
    span = _span(spans.get(get("procedure_code", ""), []), day)
    if span is None:
        errors.append(message("procedure", n, get("procedure_code", "")))
    if errors:
        return errors, None
    assert span is not None and unit_id is not None
    received, resolved = times["received_at"], times["resolved_at"]
    received_on = dt.date.fromisoformat(raw["received_at"][:10]) if received else None
    resolved_on = dt.date.fromisoformat(raw["resolved_at"][:10]) if resolved else None
    due = dt.date.fromisoformat(raw["appointment_at"][:10]) if raw["appointment_at"] else None
    if resolved_on and not outcome:
        outcome = _outcome(resolved_on, due)
    name = get("applicant_name", "")
    values = (
        code, unit_id, span.procedure_id, span.version_id, channel, state, name, search_key(name)[:255],
        get("applicant_id_number", ""), get("applicant_phone", ""), email, get("applicant_address", ""),
        get("note", ""), times["submitted_at"] or received, received, received_on, span.legal_days,
        span.committed_days, due, due, resolved, resolved_on, outcome, times["returned_at"],
        get("closed_reason", ""),
    )  # fmt: skip
    return [], values


def _presence(raw: dict[str, str], state: str, outcome: str, n: int) -> list[str]:
    """Which times a state needs and which it forbids."""
    errors = []
    if state in STATES and state not in BEFORE_RECEIPT and not raw["received_at"]:
        errors.append(message("missing", n, column="received_at"))
    if not raw["received_at"] and not raw["submitted_at"]:
        errors.append(message("missing", n, column="submitted_at"))
    if raw["received_at"] and not raw["appointment_at"]:
        errors.append(message("missing", n, column="appointment_at"))
    if state in RESOLVED and not raw["resolved_at"]:
        errors.append(message("missing", n, column="resolved_at"))
    if state in STATES and state not in RESOLVED:
        for column, value in (("resolved_at", raw["resolved_at"]), ("outcome", outcome)):
            if value:
                errors.append(message("unexpected", n, state, column))
    if state == S.RETURNED and not raw["returned_at"]:
        errors.append(message("missing", n, column="returned_at"))
    if state in STATES and state != S.RETURNED and raw["returned_at"]:
        errors.append(message("unexpected", n, state, "returned_at"))
    return errors


def _span(spans: list[VersionSpan], day: str) -> VersionSpan | None:
    if not spans:
        return None
    try:
        when = dt.date.fromisoformat(day)
    except ValueError:
        return spans[0]  # the time itself is reported; the procedure is known
    return next((s for s in spans if s.day_from <= when < s.day_to), spans[0])


def _outcome(resolved_on: dt.date, due: dt.date | None) -> str:
    if due is None or resolved_on == due:
        return Outcome.ON_TIME
    return Outcome.EARLY if resolved_on < due else Outcome.LATE


INSERT_COLUMNS = [
    "code",
    "unit_id",
    "procedure_id",
    "procedure_version_id",
    "channel",
    "state",
    "applicant_name",
    "applicant_folded",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "note",
    "submitted_at",
    "received_at",
    "received_on",
    "legal_days",
    "committed_days",
    "due_date",
    "legal_due_date",
    "resolved_at",
    "resolved_on",
    "outcome",
    "returned_at",
    "closed_reason",
]
# Written the same for every imported dossier: (column, value), the import's id and the moment added per load.
CONSTANT_COLUMNS = (
    ("version", 1),
    ("completeness_reason", ""),
    ("due_explanation", ""),
    ("events_count", 0),
)


def _sqlite_rows(
    source: Source, units: dict[str, int], spans
) -> Iterator[tuple[int, list[str], tuple | None]]:
    text = io.TextIOWrapper(io.BufferedReader(_Chain(source)), encoding="utf-8", newline="")
    reader = csv.reader(text)
    n = 1
    try:
        for record in reader:
            n += 1
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(source.header):
                yield n, [file_error(n, _("wrong number of columns")).messages[0]], None
                continue
            row = {c: v.strip() for c, v in zip(source.header, record, strict=True)}
            errors, values = check_row(row, n, units, spans)
            yield n, errors, values
    except (UnicodeDecodeError, csv.Error) as exc:
        raise file_error(n + 1, str(exc)[:80]) from None


class _Chain(io.RawIOBase):
    """The source's remaining bytes as a stream (hashed as they are read)."""

    def __init__(self, source: Source) -> None:
        self._blocks = source.blocks(1 << 16)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            block = next(self._blocks, None)
            if block is None:
                return 0
            self._pending = block
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def load_sqlite(cursor, source: Source, *, first_id: int, import_id: int, units: dict[str, int]) -> int:
    """Check every row in Python, then write them with executemany; returns the number of dossiers."""
    spans: dict[str, list[VersionSpan]] = {}
    for span in version_spans():
        spans.setdefault(span.procedure_code, []).append(span)
    errors: list[str] = []
    total = 0
    rows: list[tuple] = []
    seen: dict[str, list[int]] = {}
    for n, row_errors, values in _sqlite_rows(source, units, spans):
        if values is not None:
            seen.setdefault(values[0], []).append(n)
        total += len(row_errors)
        if len(errors) < MAX_ERRORS:
            errors += row_errors
        if values is not None and not row_errors:
            rows.append(values)
    twice = sorted((n, code) for code, numbers in seen.items() if len(numbers) > 1 for n in numbers)
    taken = {code: seen[code][0] for code in _taken_codes(list(seen))}
    for n, code in twice:
        errors.append(message("code_twice", n, code))
    for code, n in taken.items():
        errors.append(message("code_taken", n, code))
    total += len(twice) + len(taken)
    errors = sorted(errors, key=_row_of)[:MAX_ERRORS]
    if total:
        raise reject(errors, total)
    now = timezone.now()
    constants = (*(v for _c, v in CONSTANT_COLUMNS), now, now, import_id)
    columns = [
        "id",
        *INSERT_COLUMNS,
        *(c for c, _v in CONSTANT_COLUMNS),
        "created_at",
        "updated_at",
        "imported_in_id",
    ]
    sql = (
        f'INSERT INTO "{Dossier._meta.db_table}" ({", ".join(columns)}) '  # noqa: S608 - our names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        cursor.executemany(
            sql,
            [(first_id + start + i, *_sqlite(values), *_sqlite(constants)) for i, values in enumerate(batch)],
        )
    return len(rows)


def _row_of(text: str) -> int:
    found = re.search(r"\d+", text)
    return int(found.group()) if found else 0


def _sqlite(values: Iterable) -> tuple:
    from par.dossiers.bulk import _sqlite_value

    return tuple(_sqlite_value(v) for v in values)


def _taken_codes(codes: list[str]) -> list[str]:
    taken: list[str] = []
    for start in range(0, len(codes), 500):
        taken += Dossier.objects.filter(code__in=codes[start : start + 500]).values_list("code", flat=True)
    return sorted(taken)


# --- Shared steps after the load -----------------------------------------------------------------------------------

CODE = re.compile(r"^(?P<unit>.+)-(?P<day>\d{6})-(?P<n>\d{1,9})$")


def move_counters(cursor, rows: Iterable[tuple[int, str, str, int]]) -> int:
    """Move `DossierCounter` past imported codes of the form `<unit code>-<yymmdd>-<n>` (of the row's own unit),
    so that intake never draws one again; `rows` are (unit id, unit code, yymmdd, largest n)."""
    updates = []
    for unit_id, _unit_code, yymmdd, n in rows:
        try:
            day = dt.datetime.strptime(yymmdd, "%y%m%d").date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
        updates.append((unit_id, day, n))
    if updates:
        cursor.executemany(
            f'INSERT INTO "{DossierCounter._meta.db_table}" (unit_id, day, last) VALUES (%s, %s, %s) '  # noqa: S608
            "ON CONFLICT (unit_id, day) DO UPDATE SET last = "
            f'CASE WHEN EXCLUDED.last > "{DossierCounter._meta.db_table}".last '
            f'THEN EXCLUDED.last ELSE "{DossierCounter._meta.db_table}".last END',
            updates,
        )
    return len(updates)


def counter_candidates_sqlite(cursor, first_id: int, last_id: int) -> list[tuple[int, str, str, int]]:
    from par.orgunits.models import Unit

    cursor.execute(
        f'SELECT d.unit_id, u.code, d.code FROM "{Dossier._meta.db_table}" d '  # noqa: S608 - our names
        f'JOIN "{Unit._meta.db_table}" u ON u.id = d.unit_id WHERE d.id BETWEEN %s AND %s',
        [first_id, last_id],
    )
    best: dict[tuple[int, str, str], int] = {}
    for unit_id, unit_code, code in cursor.fetchall():
        found = CODE.match(code)
        if found and found["unit"] == unit_code:
            key = (unit_id, unit_code, found["day"])
            best[key] = max(best.get(key, 0), int(found["n"]))
    return [(*key, n) for key, n in best.items()]


def add_to_rollups(cursor, first_id: int, last_id: int) -> None:
    """Add the imported dossiers' contributions (`rollups.contributions`, as a grouped query) to the statistics
    of the days they touch: received and pending on the day of receipt, resolved by outcome on the day of result."""
    table = DossierRollup._meta.db_table
    counts = ", ".join(DossierRollup.COUNTS)
    sql = f"""
        INSERT INTO "{table}" (unit_id, procedure_id, day, channel, {counts})
        SELECT unit_id, procedure_id, day, channel, SUM(received), SUM(early), SUM(on_time), SUM(late),
               SUM(pending), SUM(paused)
        FROM (
            SELECT unit_id, procedure_id, received_on AS day, channel, 1 AS received, 0 AS early, 0 AS on_time,
                   0 AS late,
                   CASE WHEN resolved_on IS NULL AND state <> 'withdrawn' THEN 1 ELSE 0 END AS pending,
                   CASE WHEN resolved_on IS NULL AND state = 'supplement_requested' THEN 1 ELSE 0 END AS paused
            FROM "{Dossier._meta.db_table}" WHERE id BETWEEN %s AND %s AND received_on IS NOT NULL
            UNION ALL
            SELECT unit_id, procedure_id, resolved_on, channel, 0,
                   CASE WHEN outcome = 'early' THEN 1 ELSE 0 END, CASE WHEN outcome = 'on_time' THEN 1 ELSE 0 END,
                   CASE WHEN outcome = 'late' THEN 1 ELSE 0 END, 0, 0
            FROM "{Dossier._meta.db_table}"
            WHERE id BETWEEN %s AND %s AND received_on IS NOT NULL AND resolved_on IS NOT NULL
        ) AS c
        WHERE true
        GROUP BY unit_id, procedure_id, day, channel
        ON CONFLICT (unit_id, procedure_id, day, channel) DO UPDATE SET
        {", ".join(f'{c} = "{table}".{c} + EXCLUDED.{c}' for c in DossierRollup.COUNTS)}
    """  # noqa: S608 - our table names
    cursor.execute(sql, [first_id, last_id, first_id, last_id])


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
