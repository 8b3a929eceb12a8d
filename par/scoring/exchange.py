"""Frameworks as files: YAML and XLSX export and import, and the loader of the frameworks shipped with the
product (par/scoring/frameworks/*.yaml, marked editable: they are starting points to check against the
province's own decision).

XLSX layout (sheet "Tiêu chí"): one row per node; the parent is read from the code ("1.2.a" sits under "1.2").

Reading is strict (docs/decisions/0105): a file with an unknown key or column, a criterion without a code or a title,
a code used twice or a value of the wrong kind is refused whole, with every problem named, before anything is
written; whether the points add up is checked by the action that writes the tree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from par.documents import xlsx
from par.scoring.actions import NodeInput, do_create_framework
from par.scoring.models import AssessedKind, Criterion, IndexFramework, Method

SHIPPED = Path(__file__).resolve().parent / "frameworks"
XLSX_COLUMNS = [
    ("code", "Mã", 8),
    ("title", "Tiêu chí", 60),
    ("max_points", "Điểm tối đa", 10),
    ("method", "Phương thức chấm", 14),
    ("metric_code", "Số liệu tự động", 28),
    ("rule", "Quy tắc tính điểm", 12),
    ("thresholds", "Ngưỡng (giá trị:điểm; …)", 22),
    ("evidence_required", "Bắt buộc kiểm chứng", 10),
    ("evidence_rule", "Tài liệu kiểm chứng", 36),
    ("guidance", "Hướng dẫn chấm điểm", 50),
]
FRAMEWORK_KEYS = ("code", "name", "assessed_kind", "legal_basis", "max_total", "bands", "criteria")
BAND_KEYS = ("label", "min_percent")
NODE_KEYS = (*(name for name, _t, _w in XLSX_COLUMNS), "children")
# What only a leaf (a criterion scored directly) carries: a criterion with sub-criteria is scored through them, and
# neither the tree nor the export keeps these on it.
LEAF_KEYS = ("method", "metric_code", "rule", "thresholds", "evidence_required", "evidence_rule")
# The lengths of the columns the values go to: a longer value is refused here, not by the database.
NODE_LENGTHS = {"code": 30, "title": 500, "metric_code": 80}
HEADER_LENGTHS = {"code": 60, "name": 255, "legal_basis": 255}
MAX_POINTS = Decimal("9999.99")  # the largest value of the points columns (6 digits, 2 decimals)
UNKNOWN = "?"  # the parent of sub-criteria whose criterion has no code (already reported)


@dataclass
class FrameworkFile:
    """A framework read from a file: header, classification bands and criteria tree, all checked."""

    code: str
    name: str
    assessed_kind: str
    legal_basis: str
    max_total: Decimal
    bands: list[tuple[str, Decimal]] | None
    nodes: list[NodeInput]


def _decimal(value, where: str) -> Decimal:
    try:
        return Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(where)s: “%(v)s” is not a number.") % {"where": where, "v": value}
        ) from None


def _text(value) -> str | None:
    """A text value as written (a number as its digits; nothing as ""), or None for lists, mappings, yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        return None
    return str(value).strip()


def _unknown_key(where: str, key, value, known: tuple[str, ...]) -> str:
    if value is None:
        # `{title: Kế hoạch kịp thời, đầy đủ, max_points: 1}`: in a {…} mapping YAML ends an unquoted text at its
        # first comma and reads the rest as a key without a value.
        return _(
            "%(where)s: “%(key)s” was read as a key without a value; a text that contains a comma must be "
            "written in quotes."
        ) % {"where": where, "key": key}
    return _("%(where)s: unknown key “%(key)s” (the keys are %(keys)s).") % {
        "where": where,
        "key": key,
        "keys": ", ".join(known),
    }


class _Reader:
    """Criteria written as mappings (YAML, or workbook rows) into nodes, collecting every problem, each naming the
    criterion (and its row, for a workbook), so that a bad file is refused whole with all its faults listed."""

    def __init__(self, rows: dict[int, int] | None = None):
        self.problems: list[str] = []
        self.rows = rows or {}  # id(mapping) → its row in the workbook
        self.codes: set[str] = set()

    def fail(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def check(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)

    def where(self, data, code: str, position: int, parent: str | None) -> str:
        row = self.rows.get(id(data))
        if row is not None:
            return _("Row %(row)s (criterion %(code)s)") % {"row": row, "code": code or "?"}
        if code:
            return _("Criterion %(code)s") % {"code": code}
        if parent is None:
            return _("Area number %(n)s") % {"n": position}
        return _("Sub-criterion number %(n)s of %(parent)s") % {"n": position, "parent": parent}

    def nodes(self, items, parent: str | None = None) -> list[NodeInput]:
        if not isinstance(items, list):
            if parent is None:
                self.fail(_("The file has no list of criteria."))
            else:
                self.fail(_("Criterion %(code)s: its sub-criteria must be a list.") % {"code": parent})
            return []
        nodes = [self.node(item, position, parent) for position, item in enumerate(items, start=1)]
        return [node for node in nodes if node is not None]

    def node(self, data, position: int, parent: str | None) -> NodeInput | None:
        if not isinstance(data, dict):
            self.fail(
                _("%(where)s: write a criterion as keys and values (code, title, max_points…).")
                % {"where": self.where(data, "", position, parent)}
            )
            return None
        raw_code = data.get("code")
        code = _text(raw_code) or ""
        where = self.where(data, code, position, parent)
        self.code(raw_code, code, parent, where)
        for key, value in data.items():
            if key not in NODE_KEYS:
                self.fail(_unknown_key(where, key, value, NODE_KEYS))
        title = _text(data.get("title"))
        if title is None:
            self.fail(_("%(where)s: the title must be text.") % {"where": where})
        elif not title:
            self.fail(_("%(where)s has no title.") % {"where": where})
        texts: dict[str, str] = {}
        for key in ("method", "metric_code", "rule", "evidence_rule", "guidance"):
            text = _text(data.get(key))
            if text is None:
                self.fail(_("%(where)s: “%(key)s” must be text.") % {"where": where, "key": key})
                text = ""
            texts[key] = text
        lengths = {"code": code, "title": title or "", "metric_code": texts["metric_code"]}
        for key, limit in NODE_LENGTHS.items():
            if len(lengths[key]) > limit:
                self.fail(
                    _("%(where)s: “%(key)s” is longer than %(n)s characters.")
                    % {"where": where, "key": key, "n": limit}
                )
        evidence_required = data.get("evidence_required")
        if evidence_required is not None and not isinstance(evidence_required, bool):
            self.fail(_("%(where)s: “evidence_required” is true or false.") % {"where": where})
        children = self.nodes(data.get("children") or [], code or UNKNOWN)
        if children:
            misplaced = [key for key in LEAF_KEYS if data.get(key) not in (None, "", [], False)]
            if misplaced:
                self.fail(
                    _(
                        "%(where)s has sub-criteria and is scored through them; move %(keys)s to its sub-criteria."
                    )
                    % {"where": where, "keys": ", ".join(misplaced)}
                )
        return NodeInput(
            code=code,
            title=title or "",
            max_points=self.max_points(data.get("max_points"), where),
            method=texts["method"],
            metric_code=texts["metric_code"],
            rule=texts["rule"],
            thresholds=self.thresholds(data.get("thresholds"), where),
            evidence_rule=texts["evidence_rule"],
            evidence_required=evidence_required is True,
            guidance=texts["guidance"],
            children=children,
        )

    def code(self, raw, code: str, parent: str | None, where: str) -> None:
        if isinstance(raw, float):
            # YAML reads 1.10 as the number 1.1: unquoted, the code would change without anyone noticing.
            self.fail(
                _(
                    "%(where)s: write the code in quotes so that it is read as text (1.10 unquoted is read as "
                    "the number 1.1)."
                )
                % {"where": where}
            )
        elif not code:
            self.fail(_("%(where)s has no code.") % {"where": where})
            return
        if code in self.codes:
            self.fail(_("Code %(code)s appears twice.") % {"code": code})
        self.codes.add(code)
        # The workbook finds a row's parent from its code, so the tree must say the same.
        if parent != UNKNOWN and (code.rsplit(".", 1)[0] if "." in code else None) != parent:
            if parent is None:
                self.fail(_("%(where)s: an area's code has no dot.") % {"where": where})
            else:
                self.fail(
                    _(
                        "%(where)s sits under %(parent)s: its code must be %(parent)s, a dot and its own number."
                    )
                    % {"where": where, "parent": parent}
                )

    def max_points(self, value, where: str) -> Decimal:
        if value is None or value == "":
            self.fail(_("%(where)s: the maximum points are missing.") % {"where": where})
            return Decimal(0)
        try:
            points = Decimal(str(value).replace(",", "."))
        except (InvalidOperation, ValueError):
            points = None
        if isinstance(value, bool) or points is None or not points.is_finite():
            self.fail(_("%(where)s: “%(v)s” is not a number.") % {"where": where, "v": value})
            return Decimal(0)
        # Stored with two decimals: 0,125 would silently become 0,12.
        if points != points.quantize(Decimal("0.01")) or abs(points) > MAX_POINTS:
            self.fail(
                _("%(where)s: the points have at most two decimals and are below 10 000 (“%(v)s”).")
                % {"where": where, "v": value}
            )
            return Decimal(0)
        return points.quantize(Decimal("0.01"))

    def thresholds(self, value, where: str) -> list[list[float]]:
        if value is None or value == "" or value == []:
            return []
        pairs = []
        for pair in value if isinstance(value, list) else [None]:
            if isinstance(pair, list | tuple) and len(pair) == 2 and all(_text(v) for v in pair):
                try:
                    pairs.append([float(_decimal(pair[0], where)), float(_decimal(pair[1], where))])
                    continue
                except ValidationError:
                    pass
            self.fail(_("%(where)s: write the thresholds as [[value, points], …].") % {"where": where})
            return []
        return pairs

    def bands(self, value) -> list[tuple[str, Decimal]] | None:
        if value is None or value == []:
            return None
        if not isinstance(value, list):
            self.fail(_("The classification bands must be a list."))
            return None
        bands = []
        for number, band in enumerate(value, start=1):
            where = _("Classification band %(n)s") % {"n": number}
            if not isinstance(band, dict):
                self.fail(_("%(where)s needs a label and a minimum percentage.") % {"where": where})
                continue
            for key, item in band.items():
                if key not in BAND_KEYS:
                    self.fail(_unknown_key(where, key, item, BAND_KEYS))
            label = _text(band.get("label"))
            if not label or band.get("min_percent") in (None, ""):
                self.fail(_("%(where)s needs a label and a minimum percentage.") % {"where": where})
                continue
            try:
                bands.append((label, _decimal(band["min_percent"], where)))
            except ValidationError as exc:
                self.fail(exc.messages[0])
        return bands


def read_framework(data: dict) -> FrameworkFile:
    """A whole framework from a mapping (a parsed YAML file); ValidationError lists every problem."""
    reader = _Reader()
    for key, value in data.items():
        if key not in FRAMEWORK_KEYS:
            reader.fail(_unknown_key(_("The top of the file"), key, value, FRAMEWORK_KEYS))
    header: dict[str, str] = {}
    for key, limit in HEADER_LENGTHS.items():
        text = _text(data.get(key))
        if text is None or len(text) > limit:
            reader.fail(_("“%(key)s” must be a text of at most %(n)s characters.") % {"key": key, "n": limit})
            text = ""
        header[key] = text
    if not header["code"] or not header["name"]:
        reader.fail(_("The framework needs a code and a name."))
    assessed_kind = _text(data.get("assessed_kind")) or ""
    if assessed_kind not in AssessedKind.values:
        reader.fail(_("Unknown kind of assessed unit: %(k)s") % {"k": assessed_kind})
    max_total = Decimal(100)  # the scale of every index (docs/decisions/0060) unless the file says otherwise
    if data.get("max_total") is not None:
        max_total = reader.max_points(data["max_total"], "max_total")
    bands = reader.bands(data.get("bands"))
    nodes = reader.nodes(data.get("criteria"))
    reader.check()
    return FrameworkFile(
        code=header["code"],
        name=header["name"],
        assessed_kind=assessed_kind,
        legal_basis=header["legal_basis"],
        max_total=max_total,
        bands=bands,
        nodes=nodes,
    )


def framework_to_dict(framework: IndexFramework) -> dict:
    nodes = list(framework.criteria.order_by("order"))
    by_parent: dict[int | None, list[Criterion]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)

    def as_dict(node: Criterion) -> dict:
        data: dict = {"code": node.code, "title": node.title, "max_points": float(node.max_points)}
        if node.is_leaf:
            data["method"] = node.method
            for name in ("metric_code", "rule", "evidence_rule", "guidance"):
                if getattr(node, name):
                    data[name] = getattr(node, name)
            if node.thresholds:
                data["thresholds"] = node.thresholds
            if node.evidence_required:
                data["evidence_required"] = True
        elif node.guidance:
            data["guidance"] = node.guidance
        children = by_parent.get(node.pk, [])
        if children:
            data["children"] = [as_dict(c) for c in children]
        return data

    return {
        "code": framework.code,
        "name": framework.name,
        "assessed_kind": framework.assessed_kind,
        "legal_basis": framework.legal_basis,
        "max_total": float(framework.max_total),
        "bands": [{"label": b.label, "min_percent": float(b.min_percent)} for b in framework.bands.all()],
        "criteria": [as_dict(n) for n in by_parent.get(None, [])],
    }


def to_yaml(framework: IndexFramework) -> bytes:
    return yaml.safe_dump(framework_to_dict(framework), allow_unicode=True, sort_keys=False).encode()


class _DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key, line: int):
        super().__init__(f"{key} twice")
        self.key, self.line = key, line


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing a key written twice in one mapping (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, str | int | float) and key in seen:
                    raise _DuplicateKeyError(key, key_node.start_mark.line + 1)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(data: bytes) -> dict:
    """The mapping in a YAML file, refused when it is not YAML, repeats a key or has no list of criteria."""
    try:
        parsed = yaml.load(data, Loader=_StrictLoader)  # noqa: S506 (a safe loader)
    except _DuplicateKeyError as exc:
        raise ValidationError(
            _("Line %(line)s: the key “%(key)s” is written twice.") % {"line": exc.line, "key": exc.key}
        ) from None
    except yaml.YAMLError as exc:
        raise ValidationError(_("The file is not valid YAML: %(e)s") % {"e": exc}) from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("criteria"), list):
        raise ValidationError(_("The file has no list of criteria."))
    return parsed


def read_yaml(data: bytes) -> FrameworkFile:
    """A framework from a YAML file, checked whole (see the module docstring)."""
    return read_framework(parse_yaml(data))


def to_xlsx(framework: IndexFramework) -> bytes:
    book = xlsx.new_workbook()
    sheet = xlsx.add_sheet(book, "Tiêu chí")
    start = xlsx.write_title(
        sheet, [framework.name, f"Năm {framework.year}", framework.legal_basis], width=len(XLSX_COLUMNS)
    )
    rows = []
    for node in framework.criteria.order_by("order"):
        rows.append(
            [
                node.code,
                node.title,
                float(node.max_points),
                node.method,
                node.metric_code,
                node.rule,
                "; ".join(f"{m}:{p}" for m, p in node.thresholds),
                "x" if node.evidence_required else "",
                node.evidence_rule,
                node.guidance,
            ]
        )
    xlsx.write_table(
        sheet, [xlsx.Col(title, width) for _n, title, width in XLSX_COLUMNS], rows, start_row=start
    )
    bands = xlsx.add_sheet(book, "Xếp loại", landscape=False)
    xlsx.write_table(
        bands,
        [xlsx.Col("Xếp loại", 36), xlsx.Col("Từ (%)", 10)],
        [[b.label, float(b.min_percent)] for b in framework.bands.all()],
    )
    return xlsx.to_bytes(book)


def parse_xlsx(data: bytes) -> list[NodeInput]:
    """The tree in the XLSX layout above; ValidationError lists every problem, naming its row and criterion."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from None
    sheet = book.worksheets[0]
    header_row = None
    titles = [title for _n, title, _w in XLSX_COLUMNS]
    problems: list[str] = []
    records: list[tuple[int, dict]] = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [("" if c is None else str(c).strip()) for c in row]
        cells += [""] * (len(XLSX_COLUMNS) - len(cells))
        if header_row is None:
            if cells[:2] == titles[:2]:
                header_row = number
                problems += _header_problems(cells)
            continue
        if not any(cells):
            continue
        for index in range(len(XLSX_COLUMNS), len(cells)):
            if cells[index]:
                problems.append(
                    _("Row %(n)s: column %(col)s has a value but is not a column of the criteria sheet.")
                    % {"n": number, "col": get_column_letter(index + 1)}
                )
        # The cells as text; thresholds, evidence_required and children become lists and a flag below.
        record: dict[str, Any] = {name: cells[i] for i, (name, _t, _w) in enumerate(XLSX_COLUMNS)}
        thresholds: list[list[str] | None] = []
        for part in filter(None, (p.strip() for p in record["thresholds"].split(";"))):
            value, _sep, points = part.partition(":")
            thresholds.append([value, points] if _sep else None)
        record["thresholds"] = thresholds
        if None in thresholds:
            problems.append(_("Row %(n)s: write thresholds as value:points; value:points.") % {"n": number})
            record["thresholds"] = []
        record["evidence_required"] = record["evidence_required"].lower() in {"x", "có", "yes", "1", "true"}
        if record["method"] and record["method"] not in Method.values:
            problems.append(
                _("Row %(n)s: unknown scoring method “%(m)s”.") % {"n": number, "m": record["method"]}
            )
        records.append((number, record))
    if header_row is None:
        raise ValidationError(_("The first sheet has no header row starting with “Mã”, “Tiêu chí”."))
    if not records and not problems:
        raise ValidationError(_("The workbook lists no criteria."))
    reader = _Reader(rows={id(record): number for number, record in records})
    reader.problems = problems
    nodes: dict[str, dict] = {}
    first_row: dict[str, int] = {}
    roots: list[dict] = []
    for number, record in records:
        code = record["code"]
        record["children"] = []
        if code in first_row:
            reader.fail(
                _("Row %(n)s: code %(code)s is already used on row %(first)s.")
                % {"n": number, "code": code, "first": first_row[code]}
            )
            continue
        if code:
            first_row[code] = number
            nodes[code] = record
        parent_code = code.rsplit(".", 1)[0] if "." in code else None
        if parent_code is None:
            roots.append(record)
        elif parent_code in nodes:
            nodes[parent_code]["children"].append(record)
        else:
            reader.fail(
                _("Criterion %(code)s comes before its parent %(parent)s.")
                % {"code": code, "parent": parent_code}
            )
    for record in nodes.values():
        if not record["children"]:
            del record["children"]
    result = reader.nodes(roots)
    reader.check()
    return result


def _header_problems(cells: list[str]) -> list[str]:
    """The header row must name the columns of XLSX_COLUMNS in order, and nothing else."""
    problems = []
    for index, cell in enumerate(cells):
        column = get_column_letter(index + 1)
        if index < len(XLSX_COLUMNS):
            expected = XLSX_COLUMNS[index][1]
            if cell != expected:
                problems.append(
                    _("Column %(col)s is headed “%(found)s”; the criteria sheet has “%(title)s” there.")
                    % {"col": column, "found": cell, "title": expected}
                )
        elif cell:
            problems.append(
                _(
                    "Column %(col)s “%(found)s” is not a column of the criteria sheet (the columns are %(titles)s)."
                )
                % {"col": column, "found": cell, "titles": ", ".join(t for _n, t, _w in XLSX_COLUMNS)}
            )
    return problems


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def load_shipped(name: str, *, owner, year: int, self_deadline=None, actor=None) -> IndexFramework:
    """Create the shipped framework `name` for `owner` and `year` (or return the one already there)."""
    data = read_yaml((SHIPPED / f"{name}.yaml").read_bytes())
    existing = IndexFramework.objects.filter(owner=owner, year=year, assessed_kind=data.assessed_kind).first()
    if existing is not None:
        return existing
    return create_framework(data, owner=owner, year=year, self_deadline=self_deadline, actor=actor)


def create_framework(data: FrameworkFile, *, owner, year: int, self_deadline=None, actor) -> IndexFramework:
    """A new framework for `owner` and `year` from a file read with `read_yaml` (the tree checked by the action)."""
    return do_create_framework(
        owner=owner,
        year=year,
        assessed_kind=data.assessed_kind,
        code=data.code,
        name=data.name,
        legal_basis=data.legal_basis,
        max_total=data.max_total,
        nodes=data.nodes,
        bands=data.bands,
        self_deadline=self_deadline,
        editable=True,
        actor=actor,
    )
