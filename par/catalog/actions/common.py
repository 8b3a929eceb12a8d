"""What the catalogue's actions share: the audited fields, the inputs for steps and documents, the lock and the
checks of a version's dates and steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from par.audit.log import snapshot
from par.catalog.importing import VERSION_KEYS
from par.catalog.models import Procedure, ProcedureVersion, ProcessingStep, RequiredDocument, days_display

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
