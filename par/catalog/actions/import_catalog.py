"""The catalogue imported from a workbook, all or nothing (`do_import_catalog`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.catalog.access import require_catalog_editor
from par.catalog.actions.common import DocumentInput, StepInput, _bump, _check_no_overlap, _write_rows
from par.catalog.actions.procedures import _add_version
from par.catalog.importing import ParsedProcedure, ParsedVersion, parse_catalog
from par.catalog.models import Field, Procedure, days_display
from par.catalog.workbook import CatalogRows, RowError


class CatalogImportError(ValidationError):
    """An import refused as a whole; `errors` locates each problem by sheet, row and column."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__([str(e) for e in errors])


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
