"""Demo procedures: par/catalog/data/demo_procedures.json turned into import rows.

The demo goes through `do_import_catalog` like any workbook, so it is checked by the same rules and running it
again changes nothing. Every row is marked `is_demo` with the source "Dữ liệu minh họa", whatever the file
says, and procedures already in the catalogue as real (non-demo) data are left alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from par.catalog.importing import VERSION_KEYS
from par.catalog.models import DEMO_SOURCE, Procedure
from par.catalog.workbook import DOCUMENTS, PROCEDURES, STEPS, VERSIONS, CatalogRows, SheetRow

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_procedures.json"


def demo_rows(path: Path = DEMO_FILE) -> tuple[CatalogRows, list[str]]:
    """The import rows of the demo file, and the codes skipped because real data already uses them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = data["fields"]
    real = set(Procedure.objects.filter(is_demo=False).values_list("code", flat=True))
    rows = CatalogRows()
    skipped: list[str] = []
    for item in data["procedures"]:
        if item["code"] in real:
            skipped.append(item["code"])
            continue
        rows.procedures.append(_row(PROCEDURES, len(rows.procedures), _procedure_values(item, fields)))
        for version in item["versions"]:
            key = {"code": item["code"], "valid_from": version["valid_from"]}
            values = {k: version[k] for k in VERSION_KEYS} | key
            rows.versions.append(_row(VERSIONS, len(rows.versions), values))
            for position, (name, originals, copies, form) in enumerate(version["documents"], start=1):
                document = key | {
                    "position": position,
                    "name": name,
                    "originals": originals,
                    "copies": copies,
                    "form_template": form,
                }
                rows.documents.append(_row(DOCUMENTS, len(rows.documents), document))
            for position, (name, actor, days) in enumerate(version["steps"], start=1):
                step = key | {"position": position, "name": name, "actor": actor, "days": days}
                rows.steps.append(_row(STEPS, len(rows.steps), step))
    return rows, skipped


def _procedure_values(item: dict, fields: dict[str, str]) -> dict:
    return {
        "code": item["code"],
        "name": item["name"],
        "field_code": item["field"],
        "field_name": fields[item["field"]],
        "at_province": "province" in item["levels"],
        "at_commune": "commune" in item["levels"],
        "responsible_kind": item["responsible_kind"],
        "agency": item["agency"],
        "result": item["result"],
        "is_published": True,
        "is_demo": True,
        "source": DEMO_SOURCE,
    }


def _row(sheet, index: int, values: dict) -> SheetRow:
    # Row numbers as if the file were a workbook (header on row 1), so errors point somewhere findable.
    return SheetRow(sheet, index + 2, values)
