"""The PostgreSQL load of dossier imports (`par.dossiers.imports`, decision 0179): COPY into a staging table, the
checks as one set-based query, one INSERT … SELECT.

Nothing of the file passes through Python but its bytes: the server parses the CSV (COPY … FORMAT csv) into a
temporary table of text columns numbered in file order, so a bad value never aborts the COPY and every row's errors
can be reported. The checks and the typed values are one view over that table: times are matched against
`YYYY-MM-DD[ HH:MM[:SS]]` and the day of the month against the month's length before they are cast (a cast that
could fail is never reached), local days are read from the text itself (a day in Asia/Ho_Chi_Minh is the first
ten characters), units and procedure versions are joined from small temporary tables filled from Python. The
unique index on the dossier code finds codes used twice or already taken while the rows are written; only then,
after the write is rolled back to its savepoint, a grouped query names their rows.
"""

from __future__ import annotations

import re

from django.db import DataError, IntegrityError, transaction

from par.dossiers import imports as f
from par.dossiers.models import Dossier, DossierCounter
from par.orgunits.models import Unit

STAGE = "par_import_rows"
STAGE_COLUMNS = ", ".join(f"{c} text" for c in f.COLUMNS)
# A vowel with its diacritics, upper or lower case, to its bare letter: `search_key` for Vietnamese names, in SQL.
_VOWELS = {
    "a": "àáảãạăằắẳẵặâầấẩẫậ",
    "e": "èéẻẽẹêềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự",
    "y": "ỳýỷỹỵ",
    "d": "đ",
}
FOLD_FROM = "".join(chars + chars.upper() for chars in _VOWELS.values())
FOLD_TO = "".join(bare * (2 * len(chars)) for bare, chars in _VOWELS.items())


def _t(column: str) -> str:
    """The trimmed text of a staged column, '' for NULL."""
    return f"COALESCE(btrim(s.{column}), '')"


def _time(column: str, careful: bool = True) -> str:
    """A staged local time as timestamptz, NULL when empty or not of the shape `YYYY-MM-DD[ HH:MM[:SS]]`.

    Careful, never an error: an impossible moment of the right shape (30 February, 25:00) is NULL too. Not careful
    (the first try, a third of the cost): such a moment makes the cast fail and the whole statement with it.

    The shape is checked with translate (every digit to 9), not a regular expression: five times per row over
    millions of rows, the regex engine cost ten times the rest of the checks. Inside the shape, the fields are
    compared as text with their ranges (the month's length, leap years included) before the one cast."""
    x = _t(column)
    leap = (
        f"(substr({x}, 1, 4)::int % 4 = 0 AND (substr({x}, 1, 4)::int % 100 <> 0 "
        f"OR substr({x}, 1, 4)::int % 400 = 0))"
    )
    last_day = (
        f"CASE substr({x}, 6, 2) WHEN '02' THEN CASE WHEN {leap} THEN '29' ELSE '28' END "
        f"WHEN '04' THEN '30' WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30' ELSE '31' END"
    )
    shape = f"translate({x}, '0123456789', '9999999999')"
    if not careful:
        return (
            f"CASE WHEN {shape} IN ('9999-99-99', '9999-99-99 99:99', '9999-99-99 99:99:99') "
            f"THEN ({x} || ' +07')::timestamptz END"
        )
    fields = (
        f"left({x}, 1) IN ('1', '2') AND substr({x}, 6, 2) BETWEEN '01' AND '12' "
        f"AND substr({x}, 9, 2) BETWEEN '01' AND {last_day} "
        f"AND (length({x}) = 10 OR (substr({x}, 12, 2) <= '23' AND substr({x}, 15, 2) <= '59' "
        f"AND (length({x}) = 16 OR substr({x}, 18, 2) <= '59')))"
    )
    return (
        f"CASE WHEN {shape} IN ('9999-99-99', '9999-99-99 99:99', '9999-99-99 99:99:99') "
        f"THEN CASE WHEN {fields} THEN ({x} || ' +07')::timestamptz END END"
    )


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# (check, SQL true when the row fails it, column named in the message, value shown): in message order.
CHECKS: list[tuple[str, str, str, str]] = [
    ("code_empty", "t.code = ''", "", ""),
    *((("long", f"length(t.{c}) > {n}", c, "")) for c, n in f.LIMITS.items()),
    ("unit", "t.unit_id IS NULL", "", "t.unit_code"),
    ("channel", f"t.channel NOT IN {_in(f.CHANNELS)}", "", "t.channel"),
    ("state", f"t.state NOT IN {_in(f.STATES)}", "", "t.state"),
    ("outcome", f"t.outcome <> '' AND t.outcome NOT IN {_in(f.OUTCOMES)}", "", "t.outcome"),
    *(("time", f"t.raw_{c} <> '' AND t.{c} IS NULL", c, f"t.raw_{c}") for c in f.TIMES),
    (
        "missing",
        f"t.state IN {_in(f.STATES)} AND t.state NOT IN {_in(f.BEFORE_RECEIPT)} AND t.raw_received_at = ''",
        "received_at",
        "",
    ),
    ("missing", "t.raw_received_at = '' AND t.raw_submitted_at = ''", "submitted_at", ""),
    ("missing", "t.raw_received_at <> '' AND t.raw_appointment_at = ''", "appointment_at", ""),
    ("missing", f"t.state IN {_in(f.RESOLVED)} AND t.raw_resolved_at = ''", "resolved_at", ""),
    (
        "unexpected",
        f"t.state IN {_in(f.STATES)} AND t.state NOT IN {_in(f.RESOLVED)} AND t.raw_resolved_at <> ''",
        "resolved_at",
        "t.state",
    ),
    (
        "unexpected",
        f"t.state IN {_in(f.STATES)} AND t.state NOT IN {_in(f.RESOLVED)} AND t.outcome <> ''",
        "outcome",
        "t.state",
    ),
    ("missing", "t.state = 'returned' AND t.raw_returned_at = ''", "returned_at", ""),
    (
        "unexpected",
        f"t.state IN {_in(f.STATES)} AND t.state <> 'returned' AND t.raw_returned_at <> ''",
        "returned_at",
        "t.state",
    ),
    (
        "order",
        "t.submitted_at > t.received_at OR t.submitted_at > t.resolved_at OR t.submitted_at > t.returned_at "
        "OR t.received_at > t.resolved_at OR t.received_at > t.returned_at OR t.resolved_at > t.returned_at",
        "",
        "",
    ),
    ("missing", "t.applicant_name = ''", "applicant_name", ""),
    ("email", "t.applicant_email <> '' AND strpos(t.applicant_email, '@') = 0", "", "t.applicant_email"),
    ("procedure", "t.version_id IS NULL", "", "t.procedure_code"),
]


def _typed_sql(careful: bool) -> str:
    """The staged rows typed and joined, stored once: the checks and the write read plain columns."""
    texts = ", ".join(f"{_t(c)} AS {c}" for c in f.COLUMNS if c not in f.TIMES and c != "channel")
    raws = ", ".join(f"{_t(c)} AS raw_{c}" for c in f.TIMES)
    times = ", ".join(f"{_time(c, careful)} AS {c}" for c in f.TIMES)
    return f"""
        CREATE TEMP TABLE par_import_typed ON COMMIT DROP AS
        SELECT s.row_no, {texts}, COALESCE(NULLIF(btrim(s.channel), ''), 'counter') AS channel, {raws}, {times},
               u.id AS unit_id, v.procedure_id, v.version_id, v.legal_days, v.committed_days
        FROM {STAGE} s
        LEFT JOIN par_import_units u ON u.code = btrim(s.unit_code)
        LEFT JOIN par_import_versions v ON v.procedure_code = btrim(s.procedure_code)
             AND v.day_from COLLATE "C" <= left(COALESCE(NULLIF(btrim(s.received_at), ''), btrim(s.submitted_at)), 10)
             AND left(COALESCE(NULLIF(btrim(s.received_at), ''), btrim(s.submitted_at)), 10) < v.day_to COLLATE "C"
    """  # noqa: S608 - our names


def _prepare(cursor, units: dict[str, int]) -> None:
    # Dropped at commit; an earlier import in the same transaction (tests, a caller's atomic block) left them.
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}, par_import_units, par_import_versions, par_import_typed")
    cursor.execute(
        f"CREATE TEMP TABLE {STAGE} (row_no bigint GENERATED ALWAYS AS IDENTITY, {STAGE_COLUMNS}) ON COMMIT DROP"
    )
    cursor.execute("CREATE TEMP TABLE par_import_units (code text PRIMARY KEY, id bigint) ON COMMIT DROP")
    cursor.executemany("INSERT INTO par_import_units VALUES (%s, %s)", list(units.items()))
    # Days as ISO text: compared (in byte order) with the staged text, so a malformed day never has to be cast.
    cursor.execute(
        "CREATE TEMP TABLE par_import_versions (procedure_code text, procedure_id bigint, version_id bigint, "
        "day_from text, day_to text, legal_days numeric, committed_days numeric) ON COMMIT DROP"
    )
    cursor.executemany(
        "INSERT INTO par_import_versions VALUES (%s, %s, %s, %s, %s, %s, %s)",
        [
            (
                s.procedure_code,
                s.procedure_id,
                s.version_id,
                "" if s.day_from.year == 1 else s.day_from.isoformat(),
                "~" if s.day_to.year == 9999 else s.day_to.isoformat(),  # "~" sorts after every digit
                s.legal_days,
                s.committed_days,
            )
            for s in f.version_spans()
        ],
    )
    cursor.execute("ANALYZE par_import_units")
    cursor.execute("ANALYZE par_import_versions")


def _copy(cursor, source: f.Source) -> int:
    """Stream the file's rows into the staging table; returns the rows staged."""
    import psycopg

    columns = ", ".join(source.header)
    try:
        with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN (FORMAT csv, ENCODING 'UTF8')") as copy:
            for block in source.blocks():
                copy.write(block)
    except psycopg.DataError as exc:  # malformed CSV or bytes that are not UTF-8
        line = re.search(r"line (\d+)", str(exc.diag.context or ""))
        detail = (exc.diag.message_primary or "")[:80]
        raise f.file_error(int(line.group(1)) + 1 if line else None, detail) from None
    cursor.execute(f"SELECT count(*) FROM {STAGE}")  # noqa: S608 - our name
    return cursor.fetchone()[0]


def _check(cursor) -> None:
    """One pass over the staged rows: the first MAX_ERRORS failing rows with their failed checks, and the count."""
    flags = ", ".join(f"({sql}) IS TRUE" for _check, sql, _column, _value in CHECKS)
    values = ", ".join(value or "''" for _check, _sql, _column, value in CHECKS)
    any_bad = " OR ".join(f"({sql}) IS TRUE" for _check, sql, _column, _value in CHECKS)
    cursor.execute(
        f"SELECT row_no, count(*) OVER (), ARRAY[{flags}], ARRAY[{values}] FROM par_import_typed t "  # noqa: S608
        f"WHERE {any_bad} ORDER BY row_no LIMIT %s",
        [f.MAX_ERRORS],
    )
    failing = cursor.fetchall()
    if not failing:
        return
    errors: list[str] = []
    total_rows = failing[0][1]
    for row_no, _count, failed, shown in failing:
        for (check, _sql, column, _value), bad, value in zip(CHECKS, failed, shown, strict=True):
            if bad:
                errors.append(f.message(check, row_no + 1, value or "", column))
    extra_rows = total_rows - len(failing)
    raise f.reject(errors, len(errors) + extra_rows)


def _insert(cursor, *, first_id: int, import_id: int, now) -> int:
    table = Dossier._meta.db_table
    columns = ["id", *f.INSERT_COLUMNS, *(c for c, _v in f.CONSTANT_COLUMNS), "created_at", "updated_at"]
    values = [
        "%(base)s + t.row_no",
        "t.code",
        "t.unit_id",
        "t.procedure_id",
        "t.version_id",
        "t.channel",
        "t.state",
        "t.applicant_name",
        # search_key: folded diacritics and case, single spaces (Vietnamese names; decision 0179)
        f"left(btrim(regexp_replace(lower(translate(normalize(t.applicant_name, NFC), '{FOLD_FROM}', "
        f"'{FOLD_TO}')), '\\s+', ' ', 'g')), 255)",
        "t.applicant_id_number",
        "t.applicant_phone",
        "t.applicant_email",
        "t.applicant_address",
        "t.note",
        "COALESCE(t.submitted_at, t.received_at)",
        "t.received_at",
        "CASE WHEN t.received_at IS NOT NULL THEN left(t.raw_received_at, 10)::date END",
        "t.legal_days",
        "t.committed_days",
        "CASE WHEN t.raw_appointment_at <> '' THEN left(t.raw_appointment_at, 10)::date END",
        "CASE WHEN t.raw_appointment_at <> '' THEN left(t.raw_appointment_at, 10)::date END",
        "t.resolved_at",
        "CASE WHEN t.resolved_at IS NOT NULL THEN left(t.raw_resolved_at, 10)::date END",
        "CASE WHEN t.resolved_at IS NULL OR t.outcome <> '' THEN t.outcome "
        "WHEN t.raw_appointment_at = '' OR left(t.raw_resolved_at, 10) = left(t.raw_appointment_at, 10) "
        "THEN 'on_time' WHEN left(t.raw_resolved_at, 10) < left(t.raw_appointment_at, 10) THEN 'early' "
        "ELSE 'late' END",
        "t.returned_at",
        "t.closed_reason",
        *(repr(v) if isinstance(v, str) else str(v) for _c, v in f.CONSTANT_COLUMNS),
        "%(now)s",
        "%(now)s",
    ]
    cursor.execute(
        f'INSERT INTO "{table}" ({", ".join(columns)}, imported_in_id) '  # noqa: S608 - our names
        f"SELECT {', '.join(values)}, %(import)s FROM par_import_typed t ORDER BY t.row_no",
        {"base": first_id - 1, "now": now, "import": import_id},
    )
    return cursor.rowcount


def _duplicates(cursor) -> None:
    """After a unique violation on the code: name the rows whose code is used twice or already taken."""
    table = Dossier._meta.db_table
    cursor.execute(
        f"""
        SELECT row_no, code, kind, count(*) OVER () FROM (
            SELECT s.row_no, s.code AS code, 'code_twice' AS kind,
                   count(*) OVER (PARTITION BY s.code) AS uses
            FROM par_import_typed s
            WHERE s.code IN (SELECT code FROM par_import_typed GROUP BY code HAVING count(*) > 1)
            UNION ALL
            SELECT s.row_no, s.code, 'code_taken', 1 FROM par_import_typed s JOIN "{table}" d ON d.code = s.code
        ) AS dup ORDER BY row_no LIMIT %s
        """,  # noqa: S608 - our names
        [f.MAX_ERRORS],
    )
    found = cursor.fetchall()
    if not found:
        return
    errors = [f.message(kind, row_no + 1, code) for row_no, code, kind, _total in found]
    raise f.reject(errors, found[0][3])


def stage(cursor, source: f.Source, units: dict[str, int]) -> int:
    """Stage the file's rows and check them; returns how many. Raises ImportRejected."""
    _prepare(cursor, units)
    staged = _copy(cursor, source)
    if staged:
        cursor.execute(f"ANALYZE {STAGE}")
        try:
            with transaction.atomic():
                cursor.execute(_typed_sql(careful=False))
        except DataError:  # an impossible time of the right shape: type again, carefully, to name its row
            cursor.execute(_typed_sql(careful=True))
        cursor.execute(f"DROP TABLE {STAGE}")
        _check(cursor)
    return staged


def write(cursor, *, first_id: int, import_id: int, now) -> int:
    """Write the staged dossiers with ids from `first_id` on; a code used twice or taken raises ImportRejected."""
    try:
        with transaction.atomic():
            return _insert(cursor, first_id=first_id, import_id=import_id, now=now)
    except IntegrityError:
        _duplicates(cursor)
        raise


def move_counters(cursor, first_id: int, last_id: int) -> int:
    """`imports.move_counters` in one statement: the largest number per unit and day of the imported codes
    `<unit code>-<yymmdd>-<n>`, a day that is no calendar day skipped. The code's shape is checked with translate
    (every digit to 9), not a regular expression: at 10 M rows the regex alone took minutes."""
    counter = DossierCounter._meta.db_table
    cursor.execute(
        f"""
        INSERT INTO "{counter}" (unit_id, day, last)
        SELECT unit_id, day, n FROM (
            SELECT unit_id, n, CASE WHEN substr(yymmdd, 3, 2) BETWEEN '01' AND '12' AND substr(yymmdd, 5, 2) >= '01'
                THEN CASE WHEN substr(yymmdd, 5, 2)::int <= extract(day from make_date(2000 + left(yymmdd, 2)::int,
                     substr(yymmdd, 3, 2)::int, 1) + interval '1 month' - interval '1 day')
                THEN make_date(2000 + left(yymmdd, 2)::int, substr(yymmdd, 3, 2)::int, substr(yymmdd, 5, 2)::int)
                END END AS day
            FROM (
                SELECT d.unit_id, substr(d.code, length(u.code) + 2, 6) AS yymmdd,
                       max(substr(d.code, length(u.code) + 9)::bigint) AS n
                FROM "{Dossier._meta.db_table}" d JOIN "{Unit._meta.db_table}" u ON u.id = d.unit_id
                CROSS JOIN LATERAL (
                    SELECT translate(substr(d.code, length(u.code) + 2), '0123456789', '9999999999') AS shape
                ) AS c
                WHERE d.id BETWEEN %s AND %s AND left(d.code, length(u.code) + 1) = u.code || '-'
                  AND left(c.shape, 7) = '999999-' AND length(c.shape) BETWEEN 8 AND 16
                  AND ltrim(substr(c.shape, 8), '9') = ''
                GROUP BY 1, 2
            ) AS codes
        ) AS days
        WHERE day IS NOT NULL
        ON CONFLICT (unit_id, day) DO UPDATE SET last = GREATEST("{counter}".last, EXCLUDED.last)
        """,  # noqa: S608 - our names
        [first_id, last_id],
    )
    return cursor.rowcount
