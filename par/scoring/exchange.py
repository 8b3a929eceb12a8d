"""Frameworks as files: YAML and XLSX export and import, and the loader of the frameworks shipped with the
product (par/scoring/frameworks/*.yaml, marked editable: they are starting points to check against the
province's own decision).

XLSX layout (sheet "Tiêu chí"): one row per node; the parent is read from the code ("1.2.a" sits under "1.2").
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from par.documents import xlsx
from par.scoring.actions import NodeInput, do_create_framework
from par.scoring.models import Criterion, IndexFramework, Method

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


def _decimal(value, where: str) -> Decimal:
    try:
        return Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("%(where)s: “%(v)s” is not a number.") % {"where": where, "v": value}
        ) from None


def node_from_dict(data: dict) -> NodeInput:
    code = str(data.get("code", "")).strip()
    if not code or not str(data.get("title", "")).strip():
        raise ValidationError(_("Every criterion needs a code and a title."))
    return NodeInput(
        code=code,
        title=str(data["title"]).strip(),
        max_points=_decimal(data.get("max_points", 0), code),
        method=str(data.get("method") or "").strip(),
        metric_code=str(data.get("metric_code") or "").strip(),
        rule=str(data.get("rule") or "").strip(),
        thresholds=[[float(m), float(p)] for m, p in (data.get("thresholds") or [])],
        evidence_rule=str(data.get("evidence_rule") or "").strip(),
        evidence_required=bool(data.get("evidence_required")),
        guidance=str(data.get("guidance") or "").strip(),
        children=[node_from_dict(c) for c in data.get("children") or []],
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


def parse_yaml(data: bytes) -> dict:
    try:
        parsed = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        raise ValidationError(_("The file is not valid YAML: %(e)s") % {"e": exc}) from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("criteria"), list):
        raise ValidationError(_("The file has no list of criteria."))
    return parsed


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
    """The tree in the XLSX layout above; raises ValidationError naming the row on bad input."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from None
    sheet = book.worksheets[0]
    header_row = None
    flat: list[tuple[str, dict]] = []
    titles = [title for _n, title, _w in XLSX_COLUMNS]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [("" if c is None else str(c).strip()) for c in row[: len(XLSX_COLUMNS)]]
        if header_row is None:
            if cells[:2] == titles[:2]:
                header_row = number
            continue
        if not any(cells):
            continue
        cells += [""] * (len(XLSX_COLUMNS) - len(cells))
        record = {name: cells[i] for i, (name, _t, _w) in enumerate(XLSX_COLUMNS)}
        thresholds = []
        for part in filter(None, (p.strip() for p in record["thresholds"].split(";"))):
            if ":" not in part:
                raise ValidationError(
                    _("Row %(n)s: write thresholds as value:points; value:points.") % {"n": number}
                )
            value, points = part.split(":", 1)
            thresholds.append([float(_decimal(value, str(number))), float(_decimal(points, str(number)))])
        record["thresholds"] = thresholds
        record["evidence_required"] = record["evidence_required"].lower() in {"x", "có", "yes", "1", "true"}
        if record["method"] and record["method"] not in Method.values:
            raise ValidationError(
                _("Row %(n)s: unknown scoring method “%(m)s”.") % {"n": number, "m": record["method"]}
            )
        flat.append((record["code"], record))
    if header_row is None:
        raise ValidationError(_("The first sheet has no header row starting with “Mã”, “Tiêu chí”."))
    if not flat:
        raise ValidationError(_("The workbook lists no criteria."))
    nodes: dict[str, dict] = {}
    roots: list[dict] = []
    for code, record in flat:
        record["children"] = []
        nodes[code] = record
        parent_code = code.rsplit(".", 1)[0] if "." in code else None
        if parent_code is None:
            roots.append(record)
        elif parent_code in nodes:
            nodes[parent_code]["children"].append(record)
        else:
            raise ValidationError(
                _("Criterion %(code)s comes before its parent %(parent)s.")
                % {"code": code, "parent": parent_code}
            )
    return [node_from_dict(r) for r in roots]


def shipped_names() -> list[str]:
    return sorted(p.stem for p in SHIPPED.glob("*.yaml"))


def load_shipped(name: str, *, owner, year: int, self_deadline=None, actor=None) -> IndexFramework:
    """Create the shipped framework `name` for `owner` and `year` (or return the one already there)."""
    data = parse_yaml((SHIPPED / f"{name}.yaml").read_bytes())
    existing = IndexFramework.objects.filter(
        owner=owner, year=year, assessed_kind=data["assessed_kind"]
    ).first()
    if existing is not None:
        return existing
    return create_from_dict(data, owner=owner, year=year, self_deadline=self_deadline, actor=actor)


def create_from_dict(data: dict, *, owner, year: int, self_deadline=None, actor) -> IndexFramework:
    return do_create_framework(
        owner=owner,
        year=year,
        assessed_kind=str(data.get("assessed_kind", "")),
        code=str(data.get("code", "")),
        name=str(data.get("name", "")),
        legal_basis=str(data.get("legal_basis", "")),
        max_total=_decimal(data.get("max_total", 100), "max_total"),
        nodes=[node_from_dict(c) for c in data["criteria"]],
        bands=[(str(b["label"]), _decimal(b["min_percent"], "bands")) for b in data.get("bands") or []]
        or None,
        self_deadline=self_deadline,
        editable=True,
        actor=actor,
    )
