"""Helpers for tests: a small unit tree and named personas, built without the full province loader."""

from __future__ import annotations

import datetime as dt

from par.orgunits.models import AdminLevel, Unit, UnitKind


def make_unit(
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    *,
    level: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Unit:
    """Create a unit with its materialised path set, as the loader and actions do."""
    if level is None:
        levels: dict[str, str] = {
            UnitKind.PROVINCE: AdminLevel.PROVINCE,
            UnitKind.DEPARTMENT: AdminLevel.PROVINCE,
            UnitKind.DISTRICT: AdminLevel.DISTRICT,
        }
        level = levels.get(kind, AdminLevel.COMMUNE)
    unit = Unit.objects.create(
        code=code, name=name, kind=kind, level=level, parent=parent, valid_from=valid_from, valid_to=valid_to
    )
    unit.path, unit.depth = unit.compute_path()
    unit.save(update_fields=["path", "depth"])
    return unit
