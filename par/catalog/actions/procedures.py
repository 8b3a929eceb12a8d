"""Fields, procedures and their versions, changed one at a time by an editor."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.audit.updates import audited_update
from par.catalog.access import require_catalog_editor
from par.catalog.actions.common import (
    FIELD_FIELDS,
    PROCEDURE_FIELDS,
    PROCEDURE_INPUTS,
    VERSION_FIELDS,
    DocumentInput,
    StepInput,
    _bump,
    _check_no_overlap,
    _close_open_before,
    _lock,
    _version_audit,
    _write_rows,
)
from par.catalog.models import Field, Procedure, ProcedureVersion

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
        return audited_update(
            field,
            {name: value.strip() for name, value in changes.items()},
            actor=actor,
            action="catalog.update_field",
            fields=FIELD_FIELDS,
        )


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
        # The procedure's lock (with its field) serialises it with the writers of its versions (_lock).
        return audited_update(
            Procedure.objects.select_related("field").filter(pk=procedure.pk),
            changes,
            actor=actor,
            action="catalog.update_procedure",
            expected_version=expected_version,
            fields=PROCEDURE_FIELDS,
        )


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
