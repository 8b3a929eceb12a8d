"""Turning an uploaded file into an `ImportPreview`: rows, milestones, matched units, unmatched names, errors.

`read_plan_file` writes nothing; `par.plans.actions.do_import_plan` takes its preview and writes everything in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from par.orgunits.groups import UnitGroup
from par.orgunits.models import Unit
from par.plans.importing.docx import read_docx
from par.plans.importing.matching import Performers, UnitMatcher, committee_name, parse_performers
from par.plans.importing.rows import (
    APPENDIX_NUMBERS,
    AREA_DEFAULT_NAMES,
    Issue,
    ParsedFile,
    PlanHeader,
    RawRow,
)
from par.plans.importing.xlsx import read_xlsx
from par.plans.models import DEFAULT_AREAS, UnitRole
from par.plans.schedule import Schedule, parse_schedule

MAX_FILE_SIZE = 10 * 1024 * 1024
NUMBER_MAX_LENGTH = 20  # PlanTask.number


@dataclass
class PreviewRow:
    """A task as it will be imported: its raw row plus what the importer understood."""

    raw: RawRow
    schedule: Schedule
    lead_units: list[Unit] = field(default_factory=list)
    coordinating_units: list[Unit] = field(default_factory=list)
    lead_groups: list[str] = field(default_factory=list)
    coordinating_groups: list[str] = field(default_factory=list)
    unmatched: list[tuple[str, str, str]] = field(default_factory=list)  # (key, name as written, role)
    # Every name in the document's order: (role, matched unit or None, key, name as written).
    written: list[tuple[str, Unit | None, str, str]] = field(default_factory=list)

    area_name: str = ""

    @property
    def lead_group_labels(self) -> list[str]:
        return [str(UnitGroup(g).label) for g in self.lead_groups]

    @property
    def coordinating_group_labels(self) -> list[str]:
        return [str(UnitGroup(g).label) for g in self.coordinating_groups]

    @property
    def unmatched_lead(self) -> list[str]:
        return [name for _key, name, role in self.unmatched if role == UnitRole.LEAD]

    @property
    def unmatched_coordinating(self) -> list[str]:
        return [name for _key, name, role in self.unmatched if role == UnitRole.COORDINATING]

    @property
    def ref(self) -> str:
        """How the user finds the row in the document: "Cải cách thể chế, TT 3"."""
        return _("%(area)s, no. %(number)s") % {
            "area": self.area_name or AREA_DEFAULT_NAMES.get(self.raw.area_code, self.raw.area_code),
            "number": self.raw.number or "?",
        }


@dataclass
class UnmatchedName:
    """A name no unit matched, with every row it appears in and the closest units, for the user to map."""

    key: str
    name: str
    refs: list[str] = field(default_factory=list)
    suggestions: list[Unit] = field(default_factory=list)


@dataclass
class PreviewArea:
    code: str
    name: str
    rows: list[PreviewRow]

    @property
    def appendix(self) -> str:
        return APPENDIX_NUMBERS.get(self.code, "")


@dataclass
class ImportPreview:
    """Everything an import would create, computed without writing; `errors` block the import."""

    file_name: str
    kind: str
    header: PlanHeader
    province: Unit
    year: int | None
    reference_date: dt.date | None
    area_names: dict[str, str]
    rows: list[PreviewRow]
    unmatched: list[UnmatchedName]
    errors: list[Issue]
    warnings: list[Issue]
    matcher: UnitMatcher | None = None

    @property
    def areas(self) -> list[PreviewArea]:
        """Areas in the plan's order (01–07) with their rows, only those the file has."""
        by_area: dict[str, list[PreviewRow]] = {}
        for row in self.rows:
            by_area.setdefault(row.raw.area_code, []).append(row)
        return [
            PreviewArea(
                code.value, self.area_names.get(code.value, AREA_DEFAULT_NAMES[code]), by_area[code.value]
            )
            for code in DEFAULT_AREAS
            if code.value in by_area
        ]

    @property
    def milestone_count(self) -> int:
        return sum(len(row.schedule.milestones) for row in self.rows)

    def key_of(self, name: str) -> str:
        """The key a user-typed name maps to (mapping keys may be the name as shown or its key)."""
        return self.matcher.canonical(name) if self.matcher else name


def read_plan_file(
    uploaded_file, *, province_unit: Unit, year: int | None = None, unit: Unit | None = None
) -> ImportPreview:
    """Read a DOCX or XLSX plan into a preview, matching names against `province_unit`'s units. Writes nothing.

    `year` overrides the year the file states; `unit`, the issuing unit when known, wins ties between units of
    the same name (a district's "Phòng Nội vụ").
    """
    name = getattr(uploaded_file, "name", "") or ""
    parsed, problem = _parse(uploaded_file)
    if parsed is None:
        header = PlanHeader()
        return ImportPreview(
            name, "", header, province_unit, year, None, {}, [], [], [Issue("", problem)], []
        )
    if not parsed.rows and parsed.errors:
        # Nothing was read as a task (not a plan at all): the reason alone, not also "no year", "no tasks".
        return ImportPreview(
            name, parsed.kind, parsed.header, province_unit, year, None, {}, [], [], list(parsed.errors), []
        )
    errors, warnings = list(parsed.errors), list(parsed.warnings)
    plan_year = year or parsed.header.year
    if plan_year is None:
        errors.append(Issue("", _("The plan year is not stated in the file: enter it.")))
    elif not 2000 <= plan_year <= 2100:
        errors.append(Issue("", _("The year must be between 2000 and 2100.")))
        plan_year = None
    reference = parsed.header.decision_date or (dt.date(plan_year, 1, 1) if plan_year else None)
    if not parsed.rows and not errors:
        errors.append(Issue("", _("The file has no tasks.")))
    preview = ImportPreview(
        file_name=name,
        kind=parsed.kind,
        header=parsed.header,
        province=province_unit,
        year=plan_year,
        reference_date=reference,
        area_names=parsed.areas,
        rows=[],
        unmatched=[],
        errors=errors,
        warnings=warnings,
    )
    if plan_year is None or reference is None:
        return preview
    matcher = UnitMatcher(province_unit, reference, prefer=unit)
    preview.matcher = matcher
    unmatched: dict[str, UnmatchedName] = {}
    for raw in parsed.rows:
        row = _preview_row(raw, plan_year, matcher)
        row.area_name = parsed.areas.get(raw.area_code, "")
        preview.rows.append(row)
        for key, written, _role in row.unmatched:
            entry = unmatched.get(key)
            if entry is None:
                entry = unmatched[key] = UnmatchedName(key, written, [], matcher.suggestions(written))
            if row.ref not in entry.refs:
                entry.refs.append(row.ref)
    preview.unmatched = list(unmatched.values())
    preview.errors.extend(_duplicates(preview.rows))
    return preview


def _parse(uploaded_file) -> tuple[ParsedFile | None, str]:
    """Read the file with the reader its content calls for (both formats are zip packages)."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_FILE_SIZE:
        return None, _("The file is larger than 10 MB.")
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as package:
            names = set(package.namelist())
        uploaded_file.seek(0)
        if "word/document.xml" in names:
            return read_docx(uploaded_file), ""
        if "xl/workbook.xml" in names:
            return read_xlsx(uploaded_file), ""
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        pass
    return None, _(
        "The file is neither a Word (.docx) nor an Excel (.xlsx) document. Save it as .docx or .xlsx."
    )


def _preview_row(raw: RawRow, year: int, matcher: UnitMatcher) -> PreviewRow:
    performers = Performers()
    parse_performers(raw.lead_text, default_role=UnitRole.LEAD, knows=matcher.knows, into=performers)
    parse_performers(
        raw.coordinating_text, default_role=UnitRole.COORDINATING, knows=matcher.knows, into=performers
    )
    row = PreviewRow(
        raw=raw,
        schedule=parse_schedule(raw.schedule_text, year),
        lead_groups=list(performers.lead_groups),
        coordinating_groups=list(performers.coordinating_groups),
    )
    for names, units, role in (
        (performers.lead_names, row.lead_units, UnitRole.LEAD),
        (performers.coordinating_names, row.coordinating_units, UnitRole.COORDINATING),
    ):
        for name in names:
            unit = matcher.match(name)
            row.written.append((role, unit, matcher.canonical(name) if unit is None else "", name))
            if unit is None:
                key = matcher.canonical(name)
                if all((k, r) != (key, role) for k, _n, r in row.unmatched):
                    row.unmatched.append((key, name, role))
            elif unit not in units:
                units.append(unit)
    # A unit named as lead is not also coordinating on the same row.
    row.coordinating_units = [u for u in row.coordinating_units if u not in row.lead_units]
    return row


def _duplicates(rows: list[PreviewRow]) -> list[Issue]:
    """Numbers that repeat within an area, or too long to store: the database would refuse them mid-import."""
    issues = []
    counts = Counter((row.raw.area_code, row.raw.number) for row in rows if row.raw.number)
    reported: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.raw.area_code, row.raw.number)
        if row.raw.number and counts[key] > 1 and key not in reported:
            reported.add(key)
            issues.append(
                Issue(
                    row.raw.where,
                    _("Task number %(number)s appears more than once in “%(area)s”.")
                    % {"number": row.raw.number, "area": row.area_name or row.raw.area_code},
                )
            )
        if len(row.raw.number) > NUMBER_MAX_LENGTH:
            issues.append(
                Issue(
                    row.raw.where, _("The task number “%(number)s” is too long.") % {"number": row.raw.number}
                )
            )
    return issues


def read_header(uploaded_file) -> PlanHeader:
    """Only what the file says about the plan (year, issuer, decision), to choose the unit before matching."""
    parsed, _problem = _parse(uploaded_file)
    return parsed.header if parsed is not None else PlanHeader()


def find_issuing_unit(header: PlanHeader, day: dt.date) -> Unit | None:
    """The unit the file names as its issuer (XLSX unit code, or the DOCX issuer line), if exactly one fits.

    "ỦY BAN NHÂN DÂN TỈNH THANH HÓA" is the province, "UBND THỊ XÃ BỈM SƠN" the town; a department's name
    ("SỞ TƯ PHÁP") exists in every province, so it fits none and the caller must name the unit.
    """
    if header.unit_code:
        found = list(Unit.objects.as_of(day).filter(code=header.unit_code.strip())[:2])
        return found[0] if len(found) == 1 else None
    if not header.issuer:
        return None
    wanted = committee_name(header.issuer)
    found = [
        u
        for u in Unit.objects.as_of(day).only("pk", "name", "code", "path")
        if committee_name(u.name) == wanted
    ]
    return found[0] if len(found) == 1 else None
