"""Reading administrative-unit data into plain specs: the package data for provinces, districts and communes,
and the editable CSV files for departments. No database access here; `actions.do_load_province` writes.

The `vietnamadminunits` data files (MIT) are read directly (its SQLite dataset and its 2025 conversion JSON)
rather than through its address parser, whose import pulls in geocoding libraries and takes most of a second.
These files are not the package's public interface, so its version is pinned exactly in pyproject.toml and
par/orgunits/tests/test_package_data.py checks the shape read here (tables, columns, conversion keys) for that
version. See docs/decisions/0010-org-unit-data-sources.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from par.orgunits.models import REFORM_2025, AdminLevel, LineageKind, UnitKind

# The last day of the pre-reform tree: districts and old communes end here, new communes start the day after.
LEGACY_END = REFORM_2025 - dt.timedelta(days=1)
# Resolution 202/2025/QH15 merged the provinces; the per-province commune resolutions are not in the data.
PROVINCE_LEGAL_BASIS = "Nghị quyết 202/2025/QH15"
DEPARTMENTS_DIR = Path(__file__).resolve().parent / "data" / "departments"
# The national model list of provincial agencies, loaded for a province without its own file (decision 0146).
MODEL_DEPARTMENTS = "model.csv"

# The first day the package's pre-2025 tree is known to hold: its legacy snapshot is the tree of 30/06/2025, after
# the 2023-2025 round of commune mergers (mostly in force on 01/01/2025), and nothing says when each unit began.
HISTORY_FROM = dt.date(2025, 1, 1)
# A unit's natural key: its code and the day it started (None for units that predate the data).
UnitKey = tuple[str, dt.date | None]

NEW_WARD_KINDS = {"Xã": UnitKind.COMMUNE, "Phường": UnitKind.WARD, "Đặc khu": UnitKind.SPECIAL_ZONE}
LEGACY_WARD_KINDS = {"Xã": UnitKind.COMMUNE, "Phường": UnitKind.WARD, "Thị trấn": UnitKind.TOWNSHIP}


class SourceError(Exception):
    """The data files are missing or do not say what the loader expects."""


@dataclass(frozen=True)
class UnitSpec:
    """One unit as the data describes it; `parent` is the parent's natural key."""

    code: str
    valid_from: dt.date | None
    name: str
    short_name: str
    kind: str
    level: str
    parent: UnitKey | None
    valid_to: dt.date | None
    source: str
    # From the national model list: created once, then the administrator's (decision 0146).
    to_confirm: bool = False
    create_only: bool = False

    @property
    def key(self) -> UnitKey:
        """The natural key (code, valid_from)."""
        return (self.code, self.valid_from)


@dataclass(frozen=True)
class LineageSpec:
    """One lineage link as the data describes it, between natural keys."""

    old: UnitKey
    new: UnitKey
    kind: str
    effective_date: dt.date
    legal_basis: str = ""


@dataclass
class ProvincePlan:
    """Everything the loader writes for one current province, parents before children."""

    code: str
    name: str
    units: list[UnitSpec] = field(default_factory=list)
    lineage: list[LineageSpec] = field(default_factory=list)
    legacy_province_codes: list[str] = field(default_factory=list)
    departments_file: Path | None = None


def _data_dir() -> Path:
    """The package's data folder."""
    # find_spec locates the package without running its __init__ (which loads the geocoding stack).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise SourceError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def package_source() -> str:
    """The `source` label written on rows that come from the package, with its version."""
    return f"vietnamadminunits {importlib.metadata.version('vietnamadminunits')}"


# What the loader reads from the package's dataset.db (table → columns) and its converter_2025.json (keys).
_PROVINCE = ("province", "provinceShort", "provinceCode", "provinceKey")
_DISTRICT = ("district", "districtShort", "districtType", "districtCode", "districtKey")
_WARD = ("ward", "wardShort", "wardType", "wardCode", "wardKey")
DATASET_COLUMNS = {
    "admin_units": (*_PROVINCE, *_WARD),
    "admin_units_legacy": (*_PROVINCE, *_DISTRICT, *_WARD),
}
CONVERSION_KEYS = ("DICT_PROVINCE", "DICT_PROVINCE_WARD_NO_DIVIDED", "DICT_PROVINCE_WARD_DIVIDED")


def dataset_path() -> Path:
    return _data_dir() / "dataset.db"


def conversion_path() -> Path:
    return _data_dir() / "converter_2025.json"


@cache
def _dataset() -> tuple[list[dict], list[dict]]:
    """(current rows, legacy rows) from the package's SQLite dataset, read once per process."""
    # Read-only URI: the file lives in site-packages and must never be written or locked for writing.
    with sqlite3.connect(f"file:{dataset_path()}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        current, legacy = (
            # Table and column names are the constants above, never user input.
            [dict(r) for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")]  # noqa: S608
            for table, columns in DATASET_COLUMNS.items()
        )
    return current, legacy


@cache
def _conversion() -> dict:
    """The package's old → new commune conversion tables, read once per process."""
    with open(conversion_path(), encoding="utf-8") as fh:
        return json.load(fh)


def current_provinces() -> dict[str, str]:
    """Code → name of the 34 provinces in force since 1 July 2025, ordered by code."""
    current, _legacy = _dataset()
    return dict(sorted({r["provinceCode"]: r["province"] for r in current}.items()))


def _normalise_name(name: str) -> str:
    """A name in NFC, single-spaced and case-folded, for comparing full names."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


def classify_links(
    edges: set[tuple[UnitKey, UnitKey]], names: dict[UnitKey, str]
) -> dict[tuple[UnitKey, UnitKey], str]:
    """The lineage kind of each (old, new) edge, read from the shape of the whole mapping.

    split: the old unit went into several new ones (this edge carries part of it);
    merge: the old unit went whole into a new unit that also took others;
    rename / unchanged: one old unit became exactly one new unit, with a different / the same full name.
    """
    successors: dict[UnitKey, set[UnitKey]] = defaultdict(set)
    predecessors: dict[UnitKey, set[UnitKey]] = defaultdict(set)
    for old, new in edges:
        successors[old].add(new)
        predecessors[new].add(old)
    kinds: dict[tuple[UnitKey, UnitKey], str] = {}
    for old, new in edges:
        if len(successors[old]) > 1:
            kinds[(old, new)] = LineageKind.SPLIT
        elif len(predecessors[new]) > 1:
            kinds[(old, new)] = LineageKind.MERGE
        elif _normalise_name(names[old]) == _normalise_name(names[new]):
            kinds[(old, new)] = LineageKind.UNCHANGED
        else:
            kinds[(old, new)] = LineageKind.RENAME
    return kinds


def build_province_plan(province_code: str, departments_dir: Path | None = None) -> ProvincePlan:
    """The units and lineage to load for the current province `province_code` (e.g. "38")."""
    provinces = current_provinces()
    if province_code not in provinces:
        raise KeyError(province_code)
    current, legacy = _dataset()
    conversion = _conversion()
    source = package_source()

    new_rows = [r for r in current if r["provinceCode"] == province_code]
    new_key = new_rows[0]["provinceKey"]
    legacy_keys = conversion["DICT_PROVINCE"][new_key]
    legacy_rows = [r for r in legacy if r["provinceKey"] in legacy_keys]
    legacy_provinces = {r["provinceKey"]: r for r in legacy_rows}
    if set(legacy_provinces) != set(legacy_keys):
        raise SourceError(f"legacy provinces {legacy_keys} not all found for province {province_code}")

    # A province that kept its borders (Thanh Hóa) is one row over both periods; a merged one starts on
    # 1 July 2025 and its predecessors end the day before (docs/decisions/0012-merged-provinces.md).
    unchanged = legacy_keys == [new_key] and legacy_provinces[new_key]["provinceCode"] == province_code
    province_from = None if unchanged else REFORM_2025
    province_key: UnitKey = (province_code, province_from)
    plan = ProvincePlan(code=province_code, name=provinces[province_code])
    plan.units.append(
        UnitSpec(
            code=province_code,
            valid_from=province_from,
            name=new_rows[0]["province"],
            short_name=new_rows[0]["provinceShort"],
            kind=UnitKind.PROVINCE,
            level=AdminLevel.PROVINCE,
            parent=None,
            valid_to=None,
            source=source,
        )
    )
    names: dict[UnitKey, str] = {}

    # Legacy provinces (merged case only), then their districts, then their communes.
    district_parent: dict[str, UnitKey] = {}
    for key in legacy_keys:
        row = legacy_provinces[key]
        if unchanged:
            district_parent[key] = province_key
            continue
        old_key: UnitKey = (row["provinceCode"], None)
        district_parent[key] = old_key
        plan.legacy_province_codes.append(row["provinceCode"])
        plan.units.append(
            UnitSpec(
                code=row["provinceCode"],
                valid_from=None,
                name=row["province"],
                short_name=row["provinceShort"],
                kind=UnitKind.PROVINCE,
                level=AdminLevel.PROVINCE,
                # Held under the new province so that its history sits in the new province's subtree.
                parent=province_key,
                valid_to=LEGACY_END,
                source=source,
            )
        )
        plan.lineage.append(
            LineageSpec(old_key, province_key, LineageKind.MERGE, REFORM_2025, PROVINCE_LEGAL_BASIS)
        )

    districts: dict[str, dict] = {}
    for row in legacy_rows:
        districts.setdefault(row["districtCode"], row)
    for code, row in sorted(districts.items()):
        names[(code, None)] = row["district"]
        plan.units.append(
            UnitSpec(
                code=code,
                valid_from=None,
                name=row["district"],
                short_name=row["districtShort"],
                kind=UnitKind.DISTRICT,
                level=AdminLevel.DISTRICT,
                parent=district_parent[row["provinceKey"]],
                valid_to=LEGACY_END,
                source=source,
            )
        )

    # Conversion keys: "<province>_<district>_<ward>", with an empty ward for island districts that had no
    # communes (Côn Đảo, Lý Sơn…), which map straight to a special zone.
    old_by_conv: dict[str, UnitKey] = {}
    old_district_of: dict[UnitKey, UnitKey] = {}
    for row in sorted(legacy_rows, key=lambda r: (r["districtCode"], r["wardCode"] or "")):
        conv = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        district_key: UnitKey = (row["districtCode"], None)
        if not row["wardCode"]:
            old_by_conv[conv] = district_key
            continue
        ward_key: UnitKey = (row["wardCode"], None)
        old_by_conv[conv] = ward_key
        old_district_of[ward_key] = district_key
        names[ward_key] = row["ward"]
        kind = LEGACY_WARD_KINDS.get(row["wardType"])
        if kind is None:
            raise SourceError(f"unknown legacy commune type {row['wardType']!r} for {row['wardCode']}")
        plan.units.append(
            UnitSpec(
                code=row["wardCode"],
                valid_from=None,
                name=row["ward"],
                short_name=row["wardShort"],
                kind=kind,
                level=AdminLevel.COMMUNE,
                parent=district_key,
                valid_to=LEGACY_END,
                source=source,
            )
        )

    new_by_key: dict[str, UnitKey] = {}
    for row in sorted(new_rows, key=lambda r: r["wardCode"]):
        new_commune: UnitKey = (row["wardCode"], REFORM_2025)
        new_by_key[row["wardKey"]] = new_commune
        names[new_commune] = row["ward"]
        kind = NEW_WARD_KINDS.get(row["wardType"])
        if kind is None:
            raise SourceError(f"unknown commune type {row['wardType']!r} for {row['wardCode']}")
        plan.units.append(
            UnitSpec(
                code=row["wardCode"],
                valid_from=REFORM_2025,
                name=row["ward"],
                short_name=row["wardShort"],
                kind=kind,
                level=AdminLevel.COMMUNE,
                parent=province_key,
                valid_to=None,
                source=source,
            )
        )

    # Old → new commune edges: whole communes (NO_DIVIDED) and communes split among several (DIVIDED).
    commune_edges: set[tuple[UnitKey, UnitKey]] = set()
    for new_ward, olds in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"][new_key].items():
        for conv in olds:
            commune_edges.add((old_by_conv[conv], new_by_key[new_ward]))
    for conv, targets in conversion["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {}).items():
        for target in targets:
            commune_edges.add((old_by_conv[conv], new_by_key[target["newWardKey"]]))
    unmapped = set(old_by_conv.values()) - {old for old, _new in commune_edges}
    if unmapped:
        raise SourceError(f"old units without a successor: {sorted(unmapped)[:5]}")

    # District → new commune edges, so that successors(district) gives the 2025 communes covering it.
    district_edges = {(old_district_of[old], new) for old, new in commune_edges if old in old_district_of}
    island_edges = {(old, new) for old, new in commune_edges if old not in old_district_of}
    district_edges |= island_edges
    commune_edges -= island_edges

    for edges in (commune_edges, district_edges):
        kinds = classify_links(edges, names)
        for old, new in sorted(edges, key=lambda e: (e[0][0], e[1][0])):
            plan.lineage.append(LineageSpec(old, new, kinds[(old, new)], REFORM_2025))

    departments = read_departments(province_code, province_key, departments_dir)
    if departments is None:
        departments = read_departments(
            province_code, province_key, DEPARTMENTS_DIR, model=True, province_from=province_from
        )
    if departments is not None:
        plan.departments_file, dept_units, dept_lineage = departments
        plan.units.extend(dept_units)
        plan.lineage.extend(dept_lineage)
    return plan


DEPARTMENT_COLUMNS = ["code", "name", "short_name", "valid_from", "valid_to", "successors", "lineage_kind"]
# Optional columns: kind (department, the default, or public_service), parent (code of an agency listed above,
# e.g. the service centre under the PC Office), to_confirm (1 = the row still needs checking).
DEPARTMENT_KINDS = {
    "": UnitKind.DEPARTMENT,
    "department": UnitKind.DEPARTMENT,
    "public_service": UnitKind.PUBLIC_SERVICE,
}


def _parse_date(value: str, where: str) -> dt.date | None:
    """An ISO date from the department file, or None for an empty cell."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise SourceError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def read_departments(
    province_code: str,
    province_key: UnitKey,
    directory: Path | None = None,
    *,
    model: bool = False,
    province_from: dt.date | None = None,
) -> tuple[Path, list[UnitSpec], list[LineageSpec]] | None:
    """Departments of the province from `<directory>/<code>.csv`, or None when there is no file.

    With `model`, the national model list instead: every row to be confirmed and created only once; for a
    province formed on `province_from`, rows that ended before it are left out and the others start with it.
    """
    name = MODEL_DEPARTMENTS if model else f"{province_code}.csv"
    path = (directory or DEPARTMENTS_DIR) / name
    if not path.exists():
        return None
    with open(path, encoding="utf-8", newline="") as fh:
        # Lines starting with '#' are the file's comment header (csv has no comments of its own).
        lines = [line for line in fh if line.strip() and not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    missing = set(DEPARTMENT_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise SourceError(f"{path.name}: missing columns {sorted(missing)}")

    units: list[UnitSpec] = []
    pending: list[tuple[UnitKey, dt.date, list[str], str, str]] = []
    by_suffix: dict[str, list[UnitSpec]] = defaultdict(list)
    for number, row in enumerate(reader, start=2):
        where = f"{path.name} row {number}"
        suffix = row["code"].strip()
        if not re.fullmatch(r"[A-Z0-9]+", suffix):
            raise SourceError(f"{where}: code {suffix!r} must be upper-case letters/digits")
        valid_from = _parse_date(row["valid_from"], where)
        valid_to = _parse_date(row["valid_to"], where)
        if province_from is not None:
            # A province formed by merger has no agencies before its own first day.
            if valid_to is not None and valid_to < province_from:
                continue
            valid_from = max(valid_from or province_from, province_from)
            row = {**row, "successors": ""}
        unit_kind = DEPARTMENT_KINDS.get((row.get("kind") or "").strip())
        if unit_kind is None:
            raise SourceError(f"{where}: unknown kind {row['kind']!r}")
        parent_code = (row.get("parent") or "").strip()
        parent = province_key
        if parent_code:
            found = [s for s in by_suffix.get(parent_code, []) if s.valid_to is None]
            if len(found) != 1:
                raise SourceError(f"{where}: parent {parent_code!r} must be a unit in force listed above")
            parent = found[0].key
        spec = UnitSpec(
            code=f"{province_code}.{suffix}",
            valid_from=valid_from,
            name=row["name"].strip(),
            short_name=row["short_name"].strip(),
            kind=unit_kind,
            level=AdminLevel.PROVINCE,
            parent=parent,
            valid_to=valid_to,
            source=f"orgunits/data/departments/{path.name}",
            to_confirm=model or (row.get("to_confirm") or "").strip() == "1",
            create_only=model,
        )
        if not spec.name:
            raise SourceError(f"{where}: empty name")
        units.append(spec)
        by_suffix[suffix].append(spec)
        successors = [s.strip() for s in row["successors"].split(";") if s.strip()]
        if successors:
            if spec.valid_to is None:
                raise SourceError(f"{where}: successors given but no valid_to")
            kind = row["lineage_kind"].strip() or LineageKind.MERGE
            if kind not in LineageKind.values:
                raise SourceError(f"{where}: unknown lineage_kind {kind!r}")
            effective = spec.valid_to + dt.timedelta(days=1)
            pending.append((spec.key, effective, successors, kind, where))

    lineage = []
    for old, effective, successors, kind, where in pending:
        for suffix in successors:
            # The successor is the row of that code in force on the effective date.
            matches = [
                s
                for s in by_suffix.get(suffix, [])
                if (s.valid_from is None or s.valid_from <= effective)
                and (s.valid_to is None or s.valid_to >= effective)
            ]
            if len(matches) != 1:
                raise SourceError(f"{where}: successor {suffix!r} not found in force on {effective}")
            lineage.append(LineageSpec(old, matches[0].key, kind, effective))
    return path, units, lineage


def _comparable_name(name: str) -> str:
    """Names as both packages spell them: old/new tone placement (Hoà/Hòa), apostrophes and dashes unified."""
    name = _normalise_name(name).replace("’", "'").replace("–", "-")
    for old, new in (("oà", "òa"), ("oá", "óa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa")):
        name = name.replace(old, new)
    for old, new in (("uỳ", "ùy"), ("uý", "úy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy")):
        name = name.replace(old, new)
    return name


def crosscheck_vietnam_provinces(province_code: str) -> list[str]:
    """Differences in commune codes and names between this data and `vietnam-provinces` (a cross-check only).

    vietnam-provinces states no licence, so it is read here, on demand, and never loaded into the database
    (docs/decisions/0010-org-unit-data-sources.md).
    """
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    current, _legacy = _dataset()
    ours = {
        _comparable_name(r["ward"]): (r["wardCode"], r["ward"])
        for r in current
        if r["provinceCode"] == province_code
    }
    theirs: dict[str, tuple[str, str]] = {}
    for province in json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8")):
        if str(province["code"]).zfill(2) == province_code:
            for ward in province["wards"]:
                theirs[_comparable_name(ward["name"])] = (str(ward["code"]).zfill(5), ward["name"])
    lines = []
    for name in sorted(set(ours) | set(theirs)):
        if name not in theirs:
            lines.append(f"{ours[name][0]} {ours[name][1]}: không có trong vietnam-provinces")
        elif name not in ours:
            lines.append(f"{theirs[name][0]} {theirs[name][1]}: chỉ có trong vietnam-provinces")
        elif ours[name][0] != theirs[name][0]:
            lines.append(f"{ours[name][1]}: mã {ours[name][0]} (vietnam-provinces: {theirs[name][0]})")
    return lines
