"""Importing a plan: stage the uploaded file, then create the plan and all its tasks from the preview, all or
nothing (permission check, change and audit rows in one transaction)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.core.exceptions import require
from par.orgunits.models import Unit
from par.plans.access import can_manage_plan
from par.plans.actions.plan import TaskInput, do_add_task, do_create_plan
from par.plans.importing import staging
from par.plans.models import DEFAULT_AREAS, ReformPlan, UnitRole


def do_import_plan(preview, *, mapping: dict[str, int | None], unit: Unit, year: int, actor) -> ReformPlan:
    """Create a plan and all its tasks from an import preview, all or nothing.

    `mapping` says what each unmatched name becomes: a unit id, or None to keep the name only in the task's text.
    Refused (ValidationError, nothing written) when the file had errors, a name is left unmapped, a mapped unit
    is outside the province or not in force on the plan's date, or the unit already has a plan for the year.
    """
    # Imported here: the importing package reads files and is needed by this action only.
    from par.orgunits.querysets import subtree_q
    from par.plans.importing.rows import AREA_DEFAULT_NAMES

    require(
        actor is None or can_manage_plan(actor, ReformPlan(unit=unit, year=year)),
        _("You may not create plans for this unit."),
    )
    if preview.errors:
        raise ValidationError([str(issue) for issue in preview.errors])
    if year != preview.year:
        raise ValidationError(
            _("The file was read for %(read)s, not %(year)s: read it again with the right year.")
            % {"read": preview.year, "year": year}
        )
    if not unit.path.startswith(preview.province.path):
        raise ValidationError(
            _("%(unit)s is not in %(province)s.") % {"unit": unit, "province": preview.province}
        )
    chosen = {preview.key_of(name): target for name, target in mapping.items()}
    missing = [entry.name for entry in preview.unmatched if entry.key not in chosen]
    if missing:
        raise ValidationError(
            _("Choose a unit for these names, or choose to keep them only in the text: %(names)s")
            % {"names": "; ".join(missing)}
        )
    ids = {target for target in chosen.values() if target is not None}
    targets = Unit.objects.as_of(preview.reference_date).filter(subtree_q(preview.province.path), pk__in=ids)
    units_by_id = {u.pk: u for u in targets}
    if set(units_by_id) != ids:
        raise ValidationError(
            _("A chosen unit is not a unit of %(province)s in force on %(date)s.")
            % {"province": preview.province, "date": preview.reference_date.strftime("%d/%m/%Y")}
        )
    if ReformPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s already has a PAR plan for %(year)s; nothing was imported. Open that plan instead.")
            % {"unit": unit, "year": year}
        )
    header = preview.header
    with transaction.atomic():
        plan = do_create_plan(
            unit=unit,
            year=year,
            title=(header.title or _("Public administration reform plan %(year)s") % {"year": year})[:255],
            decision_number=header.decision_number[:60],
            decision_date=header.decision_date,
            signer=header.signer[:120],
            signer_title=header.signer_title[:120],
            areas=[
                (code.value, (preview.area_names.get(code.value) or AREA_DEFAULT_NAMES[code])[:200])
                for code in DEFAULT_AREAS
            ],
            actor=actor,
        )
        for row in preview.rows:
            data = _task_input_of(row, chosen, units_by_id)
            try:
                do_add_task(plan, data, actor=actor)
            except ValidationError as exc:
                raise ValidationError(
                    _("%(where)s (%(ref)s): %(error)s")
                    % {"where": row.raw.where, "ref": row.ref, "error": " ".join(exc.messages)}
                ) from exc
        record_event(
            actor=actor,
            action="plans.import_plan",
            obj=plan,
            unit=unit,
            after={
                "file": preview.file_name,
                "tasks": len(preview.rows),
                "areas": sorted({row.raw.area_code for row in preview.rows}),
                "mapping": {entry.name: chosen[entry.key] for entry in preview.unmatched},
            },
        )
    return plan


def _task_input_of(row, chosen: dict[str, int | None], units_by_id: dict[int, Unit]) -> TaskInput:
    """The TaskInput of a preview row, with the user's choices for its unmatched names."""
    lead: list[Unit] = []
    coordinating: list[Unit] = []
    kept: list[dict[str, str]] = []
    # The names in the order the document writes them: a mapped name takes its place among the matched ones.
    for role, unit, key, written in row.written:
        target = unit if unit is not None else units_by_id.get(chosen.get(key) or 0)
        if target is None:
            if all(k["name"] != written or k["role"] != role for k in kept):
                kept.append({"name": written, "role": role})
            continue
        into = lead if role == UnitRole.LEAD else coordinating
        if target not in into:
            into.append(target)
    return TaskInput(
        area_code=row.raw.area_code,
        number=row.raw.number,
        text=row.raw.text,
        products=list(row.raw.products),
        lead_units=lead,
        coordinating_units=[u for u in coordinating if u not in lead],
        lead_groups=list(row.lead_groups),
        coordinating_groups=list(row.coordinating_groups),
        units_text=row.raw.units_text,
        schedule_text=row.raw.schedule_text,
        note=row.raw.note,
        named_in_text=kept,
    )


def do_stage_plan_import(*, unit: Unit, year: int | None, upload, actor) -> str:
    """Keep an uploaded plan file for its preview and confirm; returns its token. Nothing is imported yet, so
    no row and no audit event: the import itself is audited by `do_confirm_plan_import`."""
    require(can_manage_plan(actor, ReformPlan(unit=unit)), _("You may not import plans for this unit."))
    return staging.write(actor, unit, year, upload)


def do_confirm_plan_import(staged: staging.StagedFile, preview, *, mapping, unit: Unit, actor) -> ReformPlan:
    """Import the staged file's plan all or nothing; the file is removed once the import has committed."""
    with transaction.atomic():
        plan = do_import_plan(preview, mapping=mapping, unit=unit, year=preview.year, actor=actor)
        # After commit: a refused or failed import keeps the file, so the official can answer and try again.
        transaction.on_commit(lambda: staging.remove(staged))
    return plan


# --- targets ---
