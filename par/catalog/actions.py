"""Every change to the procedure catalogue: permission check, the change and its audit row in one transaction.

Writes to a procedure, its versions, steps and documents lock the procedure row (`select_for_update`) so that
two editors cannot both pass the overlap and optimistic-lock checks, and bump `Procedure.version`, the lock
counter of the whole procedure. Only `do_import_catalog` accepts `actor=None` (the import and demo commands).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.catalog.access import require_catalog_editor
from par.catalog.importing import VERSION_KEYS, ParsedProcedure, ParsedVersion, parse_catalog
from par.catalog.models import (
    Field,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
    days_display,
)
from par.catalog.workbook import CatalogRows, RowError

FIELD_FIELDS = ["code", "name"]
PROCEDURE_FIELDS = [
    "code",
    "name",
    "field_id",
    "at_province",
    "at_commune",
    "responsible_kind",
    "agency",
    "result",
    "is_published",
    "is_demo",
    "source",
]
VERSION_FIELDS = ["valid_from", *VERSION_KEYS]
# What a person may set on a procedure (`field` is the Field object; code included, see do_update_procedure).
PROCEDURE_INPUTS = {"field", *PROCEDURE_FIELDS} - {"field_id"}


class CatalogImportError(ValidationError):
    """An import refused as a whole; `errors` locates each problem by sheet, row and column."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__([str(e) for e in errors])


@dataclass
class StepInput:
    """One processing step as a form, the API or an import hands it over."""

    name: str
    actor: str
    days: Decimal


@dataclass
class DocumentInput:
    """One required document as a form, the API or an import hands it over."""

    name: str
    originals: int = 1
    copies: int = 0
    form_template: str = ""


@dataclass
class ImportResult:
    """What an import changed (nothing at all when every count but the unchanged ones is 0)."""

    fields_created: int = 0
    fields_updated: int = 0
    procedures_created: int = 0
    procedures_updated: int = 0
    procedures_unchanged: int = 0
    versions_created: int = 0
    versions_updated: int = 0
    versions_unchanged: int = 0
    versions_closed: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.fields_created,
                self.fields_updated,
                self.procedures_created,
                self.procedures_updated,
                self.versions_created,
                self.versions_updated,
                self.versions_closed,
            )
        )


# ---- helpers -----------------------------------------------------------------------------------------------


def _lock(procedure: Procedure) -> Procedure:
    # The lock serialises every writer of this procedure: overlap checks read sibling versions, and the
    # optimistic-lock check must see the committed counter.
    return Procedure.objects.select_for_update().select_related("field").get(pk=procedure.pk)


def _bump(procedure: Procedure) -> None:
    procedure.version += 1
    procedure.save(update_fields=["version", "updated_at"])


def _day(value: dt.date) -> str:
    return date_format(value, "d/m/Y")


def _overlapping(version: ProcedureVersion) -> ProcedureVersion | None:
    """Another version of the same procedure whose dates overlap `version`'s."""
    others = ProcedureVersion.objects.filter(procedure_id=version.procedure_id).exclude(pk=version.pk)
    if version.valid_to is not None:
        others = others.filter(valid_from__lte=version.valid_to)
    return others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=version.valid_from)).first()


def _check_no_overlap(version: ProcedureVersion) -> None:
    other = _overlapping(version)
    if other is None:
        return
    if other.valid_to is None:
        message = _("These dates overlap the version in force from %(start)s with no end date.") % {
            "start": _day(other.valid_from)
        }
    else:
        message = _("These dates overlap the version in force from %(start)s to %(end)s.") % {
            "start": _day(other.valid_from),
            "end": _day(other.valid_to),
        }
    raise ValidationError({"valid_from": message})


def _close_open_before(version: ProcedureVersion) -> ProcedureVersion | None:
    """End the open-ended version that starts before `version` on the day before `version` starts."""
    previous = (
        ProcedureVersion.objects.filter(
            procedure_id=version.procedure_id, valid_to__isnull=True, valid_from__lt=version.valid_from
        )
        .exclude(pk=version.pk)
        .first()
    )
    if previous is None:
        return None
    previous.valid_to = version.valid_from - dt.timedelta(days=1)
    previous.save(update_fields=["valid_to", "updated_at"])
    return previous


def _check_steps_total(version: ProcedureVersion, days: Sequence[Decimal]) -> None:
    """Steps, when there are any, share out exactly the committed limit (so each delay has an owner)."""
    if not days:
        return
    total = sum(days, Decimal(0))
    if total != version.committed_days:
        raise ValidationError(
            _(
                "The step time limits add up to %(total)s working days, but the committed time limit is "
                "%(committed)s working days."
            )
            % {"total": days_display(total), "committed": days_display(version.committed_days)}
        )


def _row_errors(prefix: str, number: int, exc: ValidationError) -> list[str]:
    return [prefix % {"n": number, "message": message} for message in exc.messages]


def _write_rows(
    version: ProcedureVersion,
    steps: Sequence[StepInput] | None,
    documents: Sequence[DocumentInput] | None,
) -> None:
    """Replace the steps and/or documents of `version` (None keeps that list), checking every row."""
    errors: list[str] = []
    new_steps = [
        ProcessingStep(version=version, position=i, name=s.name.strip(), actor=s.actor, days=s.days)
        for i, s in enumerate(steps or [], start=1)
    ]
    new_documents = [
        RequiredDocument(
            version=version,
            position=i,
            name=d.name.strip(),
            originals=d.originals,
            copies=d.copies,
            form_template=d.form_template.strip(),
        )
        for i, d in enumerate(documents or [], start=1)
    ]
    for row in new_steps:
        try:
            # Positions are assigned here, so the (version, position) constraints cannot fail: skip their
            # queries.
            row.full_clean(exclude=["version"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors += _row_errors(_("Step %(n)d: %(message)s"), row.position, exc)
    for document in new_documents:
        try:
            document.full_clean(exclude=["version"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors += _row_errors(_("Document %(n)d: %(message)s"), document.position, exc)
    if errors:
        raise ValidationError(errors)
    if steps is not None:
        _check_steps_total(version, [s.days for s in new_steps])
        version.steps.all().delete()
        ProcessingStep.objects.bulk_create(new_steps)
    else:
        _check_steps_total(version, list(version.steps.values_list("days", flat=True)))
    if documents is not None:
        version.documents.all().delete()
        RequiredDocument.objects.bulk_create(new_documents)


def _rows_snapshot(version: ProcedureVersion) -> dict:
    return {
        "steps": [snapshot(s, ["name", "actor", "days"]) for s in version.steps.all()],
        "documents": [
            snapshot(d, ["name", "originals", "copies", "form_template"]) for d in version.documents.all()
        ],
    }


def _version_audit(version: ProcedureVersion) -> dict:
    return {**snapshot(version, VERSION_FIELDS), **_rows_snapshot(version)}


# ---- fields ------------------------------------------------------------------------------------------------


def do_create_field(*, code: str, name: str, actor) -> Field:
    """Create a field of procedures (lĩnh vực)."""
    require_catalog_editor(actor)
    with transaction.atomic():
        field = Field(code=code.strip(), name=name.strip())
        field.full_clean()
        field.save()
        record_event(
            actor=actor, action="catalog.create_field", obj=field, after=snapshot(field, FIELD_FIELDS)
        )
    return field


def do_update_field(field: Field, *, changes: dict, actor) -> Field:
    """Rename a field of procedures or change its code."""
    require_catalog_editor(actor)
    unknown = set(changes) - set(FIELD_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    with transaction.atomic():
        locked = Field.objects.select_for_update().get(pk=field.pk)
        before = snapshot(locked, FIELD_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value.strip())
        locked.full_clean()
        locked.save()
        record_event(
            actor=actor,
            action="catalog.update_field",
            obj=locked,
            before=before,
            after=snapshot(locked, FIELD_FIELDS),
        )
    return locked


# ---- procedures --------------------------------------------------------------------------------------------


def do_create_procedure(*, data: dict, actor) -> Procedure:
    """Add a procedure to the catalogue (its first version is added with do_add_version)."""
    require_catalog_editor(actor)
    unknown = set(data) - PROCEDURE_INPUTS
    if unknown:
        raise ValidationError(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    with transaction.atomic():
        procedure = Procedure(**data)
        procedure.full_clean()
        procedure.save()
        record_event(
            actor=actor,
            action="catalog.create_procedure",
            obj=procedure,
            after=snapshot(procedure, PROCEDURE_FIELDS),
        )
    return procedure


def do_update_procedure(
    procedure: Procedure, *, changes: dict, expected_version: int | None = None, actor
) -> Procedure:
    """Change a procedure's code, name, field, levels, authority, result, publication or demo flag."""
    require_catalog_editor(actor)
    unknown = set(changes) - PROCEDURE_INPUTS
    if unknown:
        raise ValidationError(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = _lock(procedure)
        locked.check_version(expected_version)
        before = snapshot(locked, PROCEDURE_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.version += 1
        locked.full_clean()
        locked.save()
        record_event(
            actor=actor,
            action="catalog.update_procedure",
            obj=locked,
            before=before,
            after=snapshot(locked, PROCEDURE_FIELDS),
        )
    return locked


# ---- versions ----------------------------------------------------------------------------------------------


def do_add_version(
    procedure: Procedure,
    *,
    data: dict,
    steps: Sequence[StepInput] | None = None,
    documents: Sequence[DocumentInput] | None = None,
    expected_version: int | None = None,
    actor,
) -> ProcedureVersion:
    """Add a dated version; the open version before it ends the day before it starts. All or nothing."""
    require_catalog_editor(actor)
    unknown = set(data) - set(VERSION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    with transaction.atomic():
        locked = _lock(procedure)
        locked.check_version(expected_version)
        version, closed = _add_version(locked, data, steps, documents)
        _bump(locked)
        record_event(
            actor=actor,
            action="catalog.add_version",
            obj=version,
            before={"closed": snapshot(closed, ["valid_from", "valid_to"])} if closed else None,
            after=_version_audit(version),
        )
    return version


def _add_version(
    procedure, data, steps, documents, *, checked: bool = False
) -> tuple[ProcedureVersion, ProcedureVersion | None]:
    """Create a version under the caller's lock; `checked`: the import already checked the constraints."""
    version = ProcedureVersion(procedure=procedure, **data)
    # Field checks first, so that a bad date never closes the previous version.
    version.full_clean(validate_constraints=False, validate_unique=False)
    closed = _close_open_before(version)
    _check_no_overlap(version)
    if not checked:
        version.full_clean()
    version.save()
    _write_rows(version, steps, documents)
    return version, closed


def do_update_version(
    version: ProcedureVersion,
    *,
    changes: dict,
    steps: Sequence[StepInput] | None = None,
    documents: Sequence[DocumentInput] | None = None,
    expected_version: int | None = None,
    actor,
) -> ProcedureVersion:
    """Correct a version's dates, limits, fees, online level or texts, and optionally its steps and documents.

    A change of law is a new version (do_add_version), not an edit: dossiers keep the version they were
    received under, so an edit rewrites what they refer to.
    """
    require_catalog_editor(actor)
    unknown = set(changes) - set(VERSION_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    with transaction.atomic():
        locked = _lock(version.procedure)
        locked.check_version(expected_version)
        current = ProcedureVersion.objects.get(pk=version.pk)
        before = _version_audit(current)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean(validate_constraints=False, validate_unique=False)
        _check_no_overlap(current)
        current.full_clean()
        current.save()
        _write_rows(current, steps, documents)
        _bump(locked)
        record_event(
            actor=actor,
            action="catalog.update_version",
            obj=current,
            before=before,
            after=_version_audit(current),
        )
    return current


def do_set_steps_and_documents(
    version: ProcedureVersion,
    *,
    steps: Sequence[StepInput],
    documents: Sequence[DocumentInput],
    expected_version: int | None = None,
    actor,
) -> ProcedureVersion:
    """Replace a version's processing steps and required documents together: all of them or none."""
    return do_update_version(
        version, changes={}, steps=steps, documents=documents, expected_version=expected_version, actor=actor
    )


# ---- import ------------------------------------------------------------------------------------------------


def do_import_catalog(rows: CatalogRows, *, actor, file_name: str = "") -> ImportResult:
    """Create or update fields, procedures, versions, steps and documents from an import: all or nothing.

    Every problem is collected (cell formats, links between sheets, overlaps with versions already in the
    catalogue, step totals) and reported together; when there is any, nothing is written.
    """
    require_catalog_editor(actor, system_allowed=True)
    parsed, errors = parse_catalog(rows)
    errors += _check_parsed(parsed)
    result = ImportResult()
    changed_codes: list[str] = []
    # The rows that passed the cell checks are applied even when others failed, so that problems only the
    # database can reveal (overlaps with versions already in force) are listed in the same report; any error
    # rolls everything back.
    with transaction.atomic():
        fields = _import_fields(parsed.procedures, result)
        procedures: dict[str, Procedure] = {}
        failed: set[str] = set(parsed.failed_codes)
        for item in parsed.procedures:
            procedure = _import_procedure(item, fields[item.field_code], result, errors)
            if procedure is None:
                failed.add(item.code)  # its error is listed; checking its versions would only add noise
            else:
                procedures[item.code] = procedure
        by_code: dict[str, list[ParsedVersion]] = {}
        for parsed_version in parsed.versions:
            by_code.setdefault(parsed_version.code, []).append(parsed_version)
        for code, items in by_code.items():
            if code in failed:
                continue
            procedure = procedures.get(code) or _existing(code)
            if procedure is None:
                message = _("No procedure with this code in the sheet “Thủ tục” or in the catalogue.")
                errors += [RowError(v.row.sheet, v.row.number, "code", message) for v in items]
                continue
            if _import_versions(procedure, items, result, errors):
                changed_codes.append(code)
                _bump(procedure)
        if errors:
            raise CatalogImportError(errors)  # rolls the whole transaction back
        changed_codes += [p.code for p in procedures.values() if getattr(p, "_import_changed", False)]
        summary = asdict(result) | {"codes": sorted(set(changed_codes))}
        if not changed_codes:
            return result  # an import that changed nothing leaves no trace, as a reload of units does
        record_event(
            actor=actor,
            action="catalog.import_catalog",
            object_type="catalog.procedure",
            object_repr=_("Procedure catalogue import"),
            after=summary | {"checksum": _checksum(rows)},
            reason=file_name,
        )
    return result


def _check_parsed(parsed) -> list[RowError]:
    """Row checks that the database would only make without a column; failing rows leave `parsed`."""
    # Dropping them keeps the rest applicable without hitting the check constraints (levels, committed ≤
    # legal, dates) or the step-total rule.
    errors = []
    for p in list(parsed.procedures):
        if not (p.values["at_province"] or p.values["at_commune"]):
            message = _("Choose at least one level at which the procedure is performed.")
            errors.append(RowError(p.row.sheet, p.row.number, "at_province", message))
            parsed.procedures.remove(p)
            parsed.failed_codes.add(p.code)
    for v in list(parsed.versions):
        before = len(errors)
        if v.values["committed_days"] > v.values["legal_days"]:
            message = _("The committed time limit cannot be longer than the legal time limit.")
            errors.append(RowError(v.row.sheet, v.row.number, "committed_days", message))
        if v.values["valid_to"] is not None and v.values["valid_to"] < v.valid_from:
            message = _("The end date must not be before the start date.")
            errors.append(RowError(v.row.sheet, v.row.number, "valid_to", message))
        if v.steps:
            total = sum((s.days for s in v.steps), Decimal(0))
            if total != v.values["committed_days"]:
                first = v.steps[0].row
                message = _(
                    "The step time limits add up to %(total)s working days, but the committed time limit is "
                    "%(committed)s working days."
                ) % {"total": days_display(total), "committed": days_display(v.values["committed_days"])}
                errors.append(RowError(first.sheet, first.number, "days", message))
        if len(errors) > before:
            parsed.versions.remove(v)
    return errors


def _checksum(rows: CatalogRows) -> str:
    payload = [
        [r.number, sorted((k, str(v)) for k, v in r.values.items())]
        for r in (*rows.procedures, *rows.versions, *rows.documents, *rows.steps)
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _existing(code: str) -> Procedure | None:
    return Procedure.objects.select_for_update().filter(code=code).first()


def _import_fields(items: list[ParsedProcedure], result: ImportResult) -> dict[str, Field]:
    wanted = {p.field_code: p.field_name for p in items}
    fields = {f.code: f for f in Field.objects.select_for_update().filter(code__in=wanted)}
    for code, name in wanted.items():
        field = fields.get(code)
        if field is None:
            fields[code] = Field.objects.create(code=code, name=name)
            result.fields_created += 1
        elif field.name != name:
            field.name = name
            field.save(update_fields=["name", "updated_at"])
            result.fields_updated += 1
    return fields


def _apply_errors(item, exc: ValidationError, errors: list[RowError]) -> None:
    """Turn a model ValidationError into errors on the item's row, on the matching column if any."""
    columns = {c.key for c in item.row.sheet.columns}
    for name, messages in exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]:
        column = name if name in columns else ""
        if name == NON_FIELD_ERRORS:
            column = ""
        errors += [RowError(item.row.sheet, item.row.number, column, m) for m in messages]


def _import_procedure(item: ParsedProcedure, field: Field, result, errors) -> Procedure | None:
    procedure = _existing(item.code)
    values = {**item.values, "field": field}
    if procedure is None:
        procedure = Procedure(code=item.code, **values)
        result.procedures_created += 1
    else:
        if procedure.field_id == field.pk and all(getattr(procedure, k) == v for k, v in item.values.items()):
            result.procedures_unchanged += 1
            return procedure
        for name, value in values.items():
            setattr(procedure, name, value)
        procedure.version += 1
        result.procedures_updated += 1
    try:
        # Constraints were checked row by row in _check_parsed, and the code is unique by construction (the
        # row was looked up by it under a lock): skipping their queries keeps a whole-province import fast.
        procedure.full_clean(validate_constraints=False, validate_unique=False)
    except ValidationError as exc:
        _apply_errors(item, exc, errors)
        return None
    procedure.save()
    procedure._import_changed = True  # type: ignore[attr-defined]
    return procedure


def _import_versions(procedure: Procedure, items: list[ParsedVersion], result, errors) -> bool:
    """Apply the file's versions of one procedure, oldest first; True when anything changed."""
    existing = {v.valid_from: v for v in procedure.versions.prefetch_related("steps", "documents")}
    starts = sorted(set(existing) | {i.valid_from for i in items})
    changed = False
    for item in sorted(items, key=lambda i: i.valid_from):
        data = dict(item.values)
        if data["valid_to"] is None:
            # An empty end date means "until the next version starts" (or open when there is none after it).
            later = [s for s in starts if s > item.valid_from]
            data["valid_to"] = later[0] - dt.timedelta(days=1) if later else None
        steps = [StepInput(s.name, s.actor, s.days) for s in item.steps] or None
        documents = [
            DocumentInput(d.name, d.originals, d.copies, d.form_template) for d in item.documents
        ] or None
        try:
            with transaction.atomic():  # a savepoint, so that one bad version leaves the others checkable
                changed |= _import_version(
                    procedure, existing.get(item.valid_from), item, data, steps, documents, result
                )
        except ValidationError as exc:
            _apply_errors(item, exc, errors)
    return changed


def _import_version(procedure, current, item, data, steps, documents, result) -> bool:
    if current is None:
        data = {"valid_from": item.valid_from, **data}
        _version, closed = _add_version(procedure, data, steps, documents, checked=True)
        result.versions_created += 1
        result.versions_closed += closed is not None
        return True
    same_fields = all(getattr(current, k) == v for k, v in data.items())
    same_steps = steps is None or [(s.name, s.actor, s.days) for s in current.steps.all()] == [
        (s.name, s.actor, s.days) for s in steps
    ]
    same_documents = documents is None or [
        (d.name, d.originals, d.copies, d.form_template) for d in current.documents.all()
    ] == [(d.name, d.originals, d.copies, d.form_template) for d in documents]
    if same_fields and same_steps and same_documents:
        result.versions_unchanged += 1
        return False
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean(validate_constraints=False, validate_unique=False)
    _check_no_overlap(current)  # the other constraints were checked row by row in _check_parsed
    current.save()
    _write_rows(current, steps, documents)
    result.versions_updated += 1
    return True
