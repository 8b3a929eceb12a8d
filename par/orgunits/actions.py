"""Every change to org units: permission check, the change and its audit row in one transaction.

Actions that take a human `actor` refuse `actor=None`; only `do_load_province` accepts it, because the
province loader runs as a system command (manage.py load_units) with nobody signed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.orgunits import sources
from par.orgunits.models import PATH_STEP, LineageKind, Unit, UnitLineage

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

# Fields a person may set through do_create_unit / do_update_unit; path and depth are always derived.
EDITABLE_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "parent",
    "valid_from",
    "valid_to",
    "source",
    "to_confirm",
    "history_from",
]
AUDIT_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "parent_id",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "source",
    "to_confirm",
    "history_from",
]
# Fields the loader owns on the rows it loads (valid_to handled apart, see _sync_units).
LOADED_FIELDS = ["name", "short_name", "kind", "level", "parent_id", "source"]
BATCH = 500


def _require_human(actor) -> None:
    """Refuse a missing actor: only system commands (the loader) may act without a signed-in person."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("This action needs a signed-in user."))


def _require_unit_admin(actor, parent: Unit | None) -> None:
    """A superuser may change any unit; the province PAR officer may change units below their unit.

    The role is read from the actor's memberships by par.accounts.backends (accounts sits above orgunits).
    """
    _require_human(actor)
    if actor.is_superuser:
        return
    if parent is not None and actor.has_perm("orgunits.change_unit", parent):
        return
    raise PermissionDenied(_("You may not change this unit."))


def _set_path(unit: Unit) -> None:
    """Set path and depth from the parent; the unit must already have a pk (its id is the last segment)."""
    unit.path, unit.depth = unit.compute_path()
    unit.save(update_fields=["path", "depth"])


def _rewrite_descendants(old_path: str, new_path: str, depth_delta: int, exclude: Iterable[int] = ()) -> int:
    """Move the paths of every row strictly below `old_path` under `new_path`, in one UPDATE."""
    if old_path == new_path and depth_delta == 0:
        return 0
    # Substr is 1-based: keep everything after the old prefix.
    return (
        Unit.objects.filter(path__startswith=old_path)
        .exclude(path=old_path)
        .exclude(pk__in=list(exclude))
        .update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_delta,
        )
    )


def do_create_unit(
    *,
    code: str,
    name: str,
    kind: str,
    level: str,
    parent: Unit | None = None,
    short_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    source: str = "",
    to_confirm: bool = False,
    history_from: dt.date | None = None,
    actor,
    reason: str = "",
) -> Unit:
    """Create one unit under `parent` (superuser, or PAR officer at or above the parent)."""
    _require_unit_admin(actor, parent)
    with transaction.atomic():
        unit = Unit(
            code=code,
            name=name,
            short_name=short_name,
            kind=kind,
            level=level,
            parent=parent,
            valid_from=valid_from,
            valid_to=valid_to,
            source=source,
            to_confirm=to_confirm,
            history_from=history_from,
        )
        unit.full_clean()
        unit.save()
        # The path ends with the unit's own id, so it can only be set once the row exists.
        _set_path(unit)
        record_event(
            actor=actor,
            action="orgunits.create_unit",
            obj=unit,
            unit=unit,
            after=snapshot(unit, AUDIT_FIELDS),
            reason=reason,
        )
    return unit


def do_update_unit(unit: Unit, *, changes: dict, actor, reason: str = "") -> Unit:
    """Change fields of a unit; a new parent moves the whole subtree (paths and depths recomputed)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise PermissionDenied(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    _require_unit_admin(actor, unit.parent)
    new_parent = changes.get("parent", unit.parent)
    if "parent" in changes and new_parent != unit.parent:
        _require_unit_admin(actor, new_parent)
    with transaction.atomic():
        # Lock the row: two administrators moving the same unit must not interleave their path rewrites.
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(locked, AUDIT_FIELDS)
        old_path, old_depth = locked.path, locked.depth
        for name, value in changes.items():
            setattr(locked, name, value)
        if new_parent is not None:
            # Read the parent's current path, not the one on a possibly stale instance.
            locked.parent = Unit.objects.get(pk=new_parent.pk)
            if locked.parent.pk == locked.pk or (old_path and locked.parent.path.startswith(old_path)):
                raise ValidationError(
                    {"parent": _("A unit cannot be moved under itself or one of its descendants.")}
                )
        locked.full_clean()
        locked.path, locked.depth = locked.compute_path()
        locked.save()
        moved = _rewrite_descendants(old_path, locked.path, locked.depth - old_depth)
        after = snapshot(locked, AUDIT_FIELDS)
        if after != before:
            record_event(
                actor=actor,
                action="orgunits.update_unit",
                obj=locked,
                unit=locked,
                before=before,
                after={**after, "descendants_moved": moved} if moved else after,
                reason=reason,
            )
    return locked


def do_close_unit(
    unit: Unit,
    valid_to: dt.date,
    successors: Iterable[Unit] = (),
    kind: str = LineageKind.MERGE,
    *,
    actor,
    reason: str = "",
    legal_basis: str = "",
) -> list[UnitLineage]:
    """End a unit on `valid_to` (last valid day) and link it to the units that carry it on from the next day."""
    _require_unit_admin(actor, unit.parent)
    successors = list(successors)
    if kind not in LineageKind.values:
        raise ValidationError({"kind": _("Unknown lineage kind.")})
    if kind in (LineageKind.RENAME, LineageKind.UNCHANGED) and len(successors) != 1:
        raise ValidationError({"successors": _("A rename needs exactly one successor unit.")})
    if kind == LineageKind.SPLIT and len(successors) < 2:
        raise ValidationError({"successors": _("A split needs at least two successor units.")})
    effective = valid_to + dt.timedelta(days=1)
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if locked.valid_to is not None:
            raise ValidationError(
                _("The unit is already closed (valid until the end of %(day)s).")
                % {"day": locked.valid_to.strftime("%d/%m/%Y")}
            )
        if locked.valid_from is not None and valid_to < locked.valid_from:
            raise ValidationError({"valid_to": _("The end date must not be before the start date.")})
        # A closed parent with children still in force would leave those children without a valid parent.
        if locked.children.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to)).exists():
            raise ValidationError(_("Some units below are still in force; move or close them first."))
        for successor in successors:
            if successor.pk == locked.pk:
                raise ValidationError({"successors": _("A unit cannot succeed itself.")})
            if not successor.is_valid_on(effective):
                raise ValidationError(
                    {
                        "successors": _("The successor unit %(name)s is not valid on %(day)s.")
                        % {"name": successor.name, "day": effective.strftime("%d/%m/%Y")}
                    }
                )
        before = {"valid_to": None}
        locked.valid_to = valid_to
        locked.save(update_fields=["valid_to"])
        links = [
            UnitLineage(old=locked, new=s, kind=kind, effective_date=effective, legal_basis=legal_basis)
            for s in successors
        ]
        for link in links:
            link.full_clean()
        UnitLineage.objects.bulk_create(links)
        record_event(
            actor=actor,
            action="orgunits.close_unit",
            obj=locked,
            unit=locked,
            before=before,
            after={
                "valid_to": valid_to,
                "successors": [s.pk for s in successors],
                "kind": kind,
                "legal_basis": legal_basis,
            },
            reason=reason,
        )
    return links


@dataclass
class LoadResult:
    """What one run of the province loader did, by table."""

    province: Unit | None = None
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    lineage_created: int = 0
    lineage_updated: int = 0
    lineage_unchanged: int = 0
    paths_rewritten: int = 0
    departments_file: str = ""
    legacy_provinces: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the run created or updated anything."""
        return bool(self.units_created or self.units_updated or self.lineage_created or self.lineage_updated)

    def counts(self) -> dict:
        """The counts as a JSON-ready dict, for the audit event."""
        data = asdict(self)
        data.pop("province")
        return data


def do_load_province(
    province_code: str,
    *,
    actor=None,
    stdout: SupportsWrite[str] | None = None,
    departments_dir: Path | None = None,
) -> LoadResult:
    """Load or refresh one current province from the package data and its department file (idempotent)."""
    # actor=None is the system command; a person running it must be a superuser (it touches the whole tree).
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a system administrator may load administrative unit data."))
    plan = sources.build_province_plan(province_code, departments_dir)
    result = LoadResult(legacy_provinces=plan.legacy_province_codes)
    if plan.departments_file is not None:
        result.departments_file = plan.departments_file.name
    if result.departments_file == sources.MODEL_DEPARTMENTS and stdout is not None:
        stdout.write(
            _(
                "No department list of its own for province %(code)s: the national model list was loaded, "
                "every agency marked to be confirmed."
            )
            % {"code": province_code}
            + "\n"
        )
    with transaction.atomic():
        units = _sync_units(plan.units, result)
        _sync_lineage(plan.lineage, units, result)
        province = units[plan.units[0].key]
        result.province = province
        # One summarising event per load that changed something: the rows are the detail, the counts the
        # record. A run that changed nothing leaves no trace, so reloading stays a true no-op.
        if not (result.changed or result.paths_rewritten):
            return result
        record_event(
            actor=actor,
            action="orgunits.load_province",
            obj=province,
            unit=province,
            after={**result.counts(), "source": sources.package_source(), "checksum": _plan_checksum(plan)},
            reason=_("Load administrative units of province %(code)s") % {"code": province_code},
        )
    return result


def _existing_units(keys: list[sources.UnitKey]) -> dict[sources.UnitKey, Unit]:
    """The rows already in the database for these natural keys, fetched by code in batches."""
    codes = sorted({code for code, _from in keys})
    found: dict[sources.UnitKey, Unit] = {}
    for start in range(0, len(codes), BATCH):
        for unit in Unit.objects.filter(code__in=codes[start : start + BATCH]):
            found[(unit.code, unit.valid_from)] = unit
    return found


def _sync_units(specs: list[sources.UnitSpec], result: LoadResult) -> dict[sources.UnitKey, Unit]:
    """Create missing units and update changed ones in bulk, then fix paths; parents come before children."""
    existing = _existing_units([s.key for s in specs])
    units: dict[sources.UnitKey, Unit] = {}
    old_paths = {key: (u.path, u.depth) for key, u in existing.items()}
    to_update: list[Unit] = []
    # Group by depth in the plan so each bulk_create can point at parents created by the previous one.
    generations: dict[int, list[sources.UnitSpec]] = {}
    depth_of: dict[sources.UnitKey, int] = {}
    for spec in specs:
        depth_of[spec.key] = 0 if spec.parent is None else depth_of[spec.parent] + 1
        generations.setdefault(depth_of[spec.key], []).append(spec)
    for depth in sorted(generations):
        new_rows = []
        for spec in generations[depth]:
            parent_id = units[spec.parent].pk if spec.parent else None
            values = {
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "level": spec.level,
                "parent_id": parent_id,
                "source": spec.source,
            }
            unit = existing.get(spec.key)
            if unit is None:
                unit = Unit(
                    code=spec.code,
                    valid_from=spec.valid_from,
                    valid_to=spec.valid_to,
                    to_confirm=spec.to_confirm,
                    # Set once; an administrator who knows more of the province's history moves it (0147).
                    history_from=sources.HISTORY_FROM if spec.parent is None else None,
                    **values,
                )
                new_rows.append(unit)
            elif spec.create_only:
                # A model-list row is the administrator's once created: a reload never undoes a rename.
                result.units_unchanged += 1
            else:
                dirty = False
                for name, value in values.items():
                    if getattr(unit, name) != value:
                        setattr(unit, name, value)
                        dirty = True
                # The data may end a unit; it never reopens one a person closed later with do_close_unit.
                if spec.valid_to is not None and unit.valid_to != spec.valid_to:
                    unit.valid_to = spec.valid_to
                    dirty = True
                if spec.parent is None and unit.history_from is None:
                    unit.history_from = sources.HISTORY_FROM  # a province loaded before the field existed
                    dirty = True
                if dirty:
                    to_update.append(unit)
                else:
                    result.units_unchanged += 1
            units[spec.key] = unit
        # bulk_create returns primary keys on PostgreSQL and on SQLite ≥ 3.35 (RETURNING).
        Unit.objects.bulk_create(new_rows, batch_size=BATCH)
        result.units_created += len(new_rows)
    if to_update:
        Unit.objects.bulk_update(to_update, [*LOADED_FIELDS, "valid_to", "history_from"], batch_size=BATCH)
    result.units_updated = len(to_update)

    # Paths: recomputed top-down for every loaded row; only rows whose path or depth differ are written.
    path_changed: list[Unit] = []
    for spec in specs:
        unit = units[spec.key]
        if spec.parent is None:
            path, depth = str(unit.pk).zfill(PATH_STEP), 0
        else:
            parent = units[spec.parent]
            path, depth = parent.path + str(unit.pk).zfill(PATH_STEP), parent.depth + 1
        if (unit.path, unit.depth) != (path, depth):
            unit.path, unit.depth = path, depth
            path_changed.append(unit)
    if path_changed:
        Unit.objects.bulk_update(path_changed, ["path", "depth"], batch_size=BATCH)
    # Rows added by hand below a moved loaded row (e.g. public-service units of a department) follow it.
    loaded_ids = [u.pk for u in units.values()]
    for key, (old_path, old_depth) in old_paths.items():
        unit = units.get(key)
        if unit is not None and old_path and old_path != unit.path:
            result.paths_rewritten += _rewrite_descendants(
                old_path, unit.path, unit.depth - old_depth, exclude=loaded_ids
            )
    return units


def _sync_lineage(
    specs: list[sources.LineageSpec], units: dict[sources.UnitKey, Unit], result: LoadResult
) -> None:
    """Create missing lineage links and update changed kinds or legal bases, in bulk."""
    old_ids = sorted({units[s.old].pk for s in specs})
    existing: dict[tuple[int, int, dt.date], UnitLineage] = {}
    for start in range(0, len(old_ids), BATCH):
        for link in UnitLineage.objects.filter(old_id__in=old_ids[start : start + BATCH]):
            existing[(link.old_id, link.new_id, link.effective_date)] = link
    to_create: list[UnitLineage] = []
    to_update: list[UnitLineage] = []
    for spec in specs:
        old, new = units[spec.old], units[spec.new]
        found = existing.get((old.pk, new.pk, spec.effective_date))
        if found is None:
            to_create.append(
                UnitLineage(
                    old=old,
                    new=new,
                    kind=spec.kind,
                    effective_date=spec.effective_date,
                    legal_basis=spec.legal_basis,
                )
            )
        elif (found.kind, found.legal_basis) != (spec.kind, spec.legal_basis):
            found.kind, found.legal_basis = spec.kind, spec.legal_basis
            to_update.append(found)
        else:
            result.lineage_unchanged += 1
    UnitLineage.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        UnitLineage.objects.bulk_update(to_update, ["kind", "legal_basis"], batch_size=BATCH)
    result.lineage_created = len(to_create)
    result.lineage_updated = len(to_update)


def _plan_checksum(plan: sources.ProvincePlan) -> str:
    """A short fingerprint of the loaded data, so two audit events show whether the source changed."""
    digest = hashlib.sha256()
    for spec in plan.units:
        digest.update(repr(spec).encode())
    for link in plan.lineage:
        digest.update(repr(link).encode())
    return digest.hexdigest()[:16]
