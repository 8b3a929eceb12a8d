"""Report forms and periods: the audited actions by which a province's PAR officer (or an administrator) keeps
its report templates and its reporting calendar (docs/decisions/0130, 0131, 0132).

- A period belongs to a province and names the template version its reports use.
- A template version that a report was started on never changes: its parts can be neither added, changed nor
  deleted. `do_new_template_version` copies it; the province's periods that have no report yet move to the copy.
- The PAR officer of a province manages its periods and its own templates; national models (no province) are
  edited by an administrator only, and a province copies one to make it its own.

The pages of `setup_views` and the admin both save through these functions.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext as _

from par.accounts.access import has_role, token_scope
from par.accounts.models import Role
from par.audit.log import record_event, snapshot
from par.core.exceptions import require
from par.orgunits.models import Unit, UnitKind
from par.reporting import defaults
from par.reporting.frame import default_frames
from par.reporting.models import (
    Aggregation,
    AppendixTable,
    DataElement,
    PeriodDeadline,
    Report,
    ReportingPeriod,
    ReportTemplate,
    TemplateFrame,
    TemplateSection,
)

MANAGER_ROLES = {Role.PAR_OFFICER}
# Fields of a period that stay as they are once a report was started on it: they define what the reports hold.
PERIOD_FIXED_FIELDS = ("province_id", "template_id", "kind", "year", "quarter", "start", "cutoff")
# Fields of a template version that may change while reports use it: they do not change any document.
TEMPLATE_FREE_FIELDS = {"is_active", "updated_at", "created_at"}
# What a default period takes from the rules besides the fields that find it (province, kind, year, quarter).
PERIOD_DEFAULT_FIELDS = ("template", "name", "start", "cutoff", "due_date", "legal_basis")


def can_manage(user, province: Unit | None) -> bool:
    """The province's PAR officer manages its periods and templates; national models need an administrator.

    `None` as user is the system itself (the defaults command, the demo)."""
    if user is None:
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if province is None:
        scope = token_scope(user)
        return user.is_superuser and (scope is None or not scope.read_only)
    return has_role(user, province, MANAGER_ROLES)


def managed_provinces(user):
    """The provinces whose report forms and periods the user manages (every province for an administrator)."""
    provinces = Unit.objects.filter(parent__isnull=True, kind=UnitKind.PROVINCE)
    if user.is_superuser:
        return provinces
    return provinces.filter(memberships__user=user, memberships__role__in=MANAGER_ROLES).distinct()


def template_of(obj) -> ReportTemplate | None:
    """The template version a part belongs to (None for periods and deadlines)."""
    if isinstance(obj, ReportTemplate):
        return obj
    if isinstance(obj, TemplateSection | AppendixTable | TemplateFrame):
        return obj.template
    if isinstance(obj, DataElement):
        return obj.table.template
    return None


def province_of_part(obj) -> Unit | None:
    """The province that owns a template part, period or deadline (None: a national model)."""
    if isinstance(obj, ReportingPeriod):
        return obj.province
    if isinstance(obj, PeriodDeadline):
        return obj.period.province
    template = template_of(obj)
    return template.province if template is not None else None


def in_use(template: ReportTemplate) -> bool:
    """True once any report was started on this version: from then on it never changes."""
    return template.pk is not None and Report.objects.filter(template_id=template.pk).exists()


def _frozen_message() -> str:
    return _(
        "Reports have been started on this template version, so it can no longer change. "
        "Make a new version and change that one."
    )


def _lock_template(template_id: int | None) -> ReportTemplate | None:
    # Report creation locks the period's template row too, so a report cannot start on a version while it is
    # being changed (and the change cannot slip in after the report started).
    if template_id is None:
        return None
    return ReportTemplate.objects.select_for_update().get(pk=template_id)


def _check_template_part(obj, current, *, deleting: bool = False, lock: bool = True) -> None:
    """Refuse any change to a template version that reports use (only `is_active` of the version may change)."""
    templates = {template_of(obj)}
    if current is not None:
        templates.add(template_of(current))
    for template in templates:
        if template is None or template.pk is None:
            continue
        if lock:
            _lock_template(template.pk)
        if not in_use(template):
            continue
        if isinstance(obj, ReportTemplate) and current is not None and not deleting:
            changed = {
                name for name, value in snapshot(obj).items() if snapshot(current).get(name) != value
            } - TEMPLATE_FREE_FIELDS
            if not changed:
                continue
        raise ValidationError(_frozen_message())


def _check_period(period: ReportingPeriod, current: ReportingPeriod | None) -> None:
    """A period belongs to a province, names a template of that province or a national one, and keeps what
    defines its reports once one was started."""
    if period.province_id is None or period.template_id is None:
        return  # the form says the field is required
    province = period.province
    if province.kind != UnitKind.PROVINCE or province.parent_id is not None:
        raise ValidationError(_("A period belongs to a province."))
    template = period.template
    if template.province_id not in (None, period.province_id):
        raise ValidationError(_("The template belongs to another province."))
    if (current is None or current.template_id != period.template_id) and not template.is_active:
        raise ValidationError(_("This template version is no longer offered for new periods."))
    if current is not None and current.reports.exists():
        fixed = [name for name in PERIOD_FIXED_FIELDS if getattr(current, name) != getattr(period, name)]
        if fixed:
            raise ValidationError(
                _(
                    "Reports have been started for this period: its province, template and data window no "
                    "longer change (the name, the deadlines and the legal basis still may)."
                )
            )


def check_part(obj) -> None:
    """The rules `do_save_template_part` applies, for a form to show before anything is saved."""
    current = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
    if isinstance(obj, ReportingPeriod):
        _check_period(obj, current)
    elif not isinstance(obj, PeriodDeadline):
        _check_template_part(obj, current, lock=False)


def do_save_template_part(obj, *, actor):
    """Save a period, deadline, template, section, frame, appendix table or row, with its audit row."""
    province = province_of_part(obj)
    require(can_manage(actor, province), _("You may not edit report templates or periods."))
    with transaction.atomic():
        model = type(obj)
        current = model.objects.select_for_update().get(pk=obj.pk) if obj.pk else None
        if current is not None and province_of_part(current) != province:
            require(
                can_manage(actor, province_of_part(current)),
                _("You may not edit report templates or periods."),
            )
        if isinstance(obj, ReportingPeriod):
            _check_period(obj, current)
        else:
            _check_template_part(obj, current)
        obj.full_clean()
        obj.save()
        record_event(
            actor=actor,
            action=f"reporting.save_{model._meta.model_name}",
            obj=obj,
            unit=province,
            before=snapshot(current) if current is not None else None,
            after=snapshot(obj),
        )
    return obj


def do_delete_template_part(obj, *, actor) -> None:
    """Delete a template part or period that no report uses, with its audit row."""
    province = province_of_part(obj)
    require(can_manage(actor, province), _("You may not edit report templates or periods."))
    with transaction.atomic():
        if not isinstance(obj, ReportingPeriod | PeriodDeadline):
            _check_template_part(obj, obj, deleting=True)
        record_event(
            actor=actor,
            action=f"reporting.delete_{type(obj)._meta.model_name}",
            obj=obj,
            unit=province,
            before=snapshot(obj),
        )
        try:
            with transaction.atomic():
                obj.delete()
        except models.ProtectedError:
            if isinstance(obj, ReportTemplate):
                raise ValidationError(_("Periods name this template: give them another one first.")) from None
            raise ValidationError(_("Reports use this, so it cannot be deleted.")) from None


def do_save_template_parts(saved, deleted=(), *, actor) -> None:
    """Save and delete several parts of one template (a page of sections, frames or rows) all or nothing."""
    with transaction.atomic():
        for obj in deleted:
            do_delete_template_part(obj, actor=actor)
        for obj in saved:
            do_save_template_part(obj, actor=actor)


def do_save_period(
    period: ReportingPeriod, *, deadlines: dict[str, dt.date | None], actor
) -> ReportingPeriod:
    """Save a period and its deadlines by level (an empty one falls back to the province's deadline)."""
    with transaction.atomic():
        period = do_save_template_part(period, actor=actor)
        current = {d.level: d for d in period.deadlines.all()}
        for level, due in deadlines.items():
            row = current.get(level)
            if due is None:
                if row is not None:
                    do_delete_template_part(row, actor=actor)
            elif row is None or row.due_date != due:
                row = row or PeriodDeadline(period=period, level=level)
                row.due_date = due
                do_save_template_part(row, actor=actor)
    return period


def _clone(obj, **changes):
    """A saved copy of `obj` with `changes` (every other concrete field as it is)."""
    model = type(obj)
    values = {
        f.attname: getattr(obj, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in ("created_at", "updated_at")
    }
    values.update(changes)
    return model.objects.create(**values)


def _copy_parts(source: ReportTemplate, target: ReportTemplate) -> None:
    for section in source.sections.all():
        _clone(section, template_id=target.pk)
    for frame in source.frames.all():
        _clone(frame, template_id=target.pk)
    # Rows may point at other rows (a percentage of row 1, not above row 2): copy, then point the copies at
    # the copies.
    self_links = [
        f.attname
        for f in DataElement._meta.concrete_fields
        if f.is_relation and f.related_model is DataElement
    ]
    # A rate must name its two rows (a database constraint), so its copy is "not aggregated" until they exist.
    copies: dict[int, DataElement] = {}
    for table in source.tables.all():
        new_table = _clone(table, template_id=target.pk)
        for element in table.elements.all():
            unlinked = dict.fromkeys(self_links)
            if element.is_rate:
                unlinked["aggregation"] = Aggregation.NONE
            copies[element.pk] = _clone(element, table_id=new_table.pk, **unlinked)
    for old_pk, copy in copies.items():
        original = DataElement.objects.get(pk=old_pk)
        links: dict[str, int | str] = {
            name: copies[getattr(original, name)].pk for name in self_links if getattr(original, name)
        }
        if original.is_rate:
            links["aggregation"] = original.aggregation
        if links:
            DataElement.objects.filter(pk=copy.pk).update(**links)


def do_new_template_version(template: ReportTemplate, *, province: Unit | None, actor) -> ReportTemplate:
    """Copy a template version into a new version of `province` (a national model into a province's own).

    The province's periods that name the old version and have no report yet move to the new one; periods with
    reports keep theirs, so the reports of one period always share one version.
    """
    require(can_manage(actor, province), _("You may not edit report templates or periods."))
    if template.province_id not in (None, getattr(province, "pk", None)):
        raise ValidationError(_("The template belongs to another province."))
    with transaction.atomic():
        # Periods first, then the version: the order in which starting a report locks them.
        waiting = ReportingPeriod.objects.none()
        if province is not None:
            started = Report.objects.filter(period=OuterRef("pk"))
            waiting = ReportingPeriod.objects.select_for_update().filter(
                ~Exists(started), province=province, template=template
            )
        moved = list(waiting.values_list("pk", flat=True))
        _lock_template(template.pk)
        same = ReportTemplate.objects.filter(province=province, code=template.code, year=template.year)
        revision = (same.aggregate(last=Max("revision"))["last"] or 0) + 1
        new = _clone(
            template, province_id=getattr(province, "pk", None), revision=revision, previous_id=template.pk
        )
        _copy_parts(template, new)
        ReportingPeriod.objects.filter(pk__in=moved).update(template=new)
        record_event(
            actor=actor,
            action="reporting.new_template_version",
            obj=new,
            unit=province,
            before={"template": template.pk},
            after={"template": new.pk, "revision": revision, "periods": moved},
        )
    return new


def do_create_periods(*, province: Unit, year: int, template: ReportTemplate, actor) -> list[ReportingPeriod]:
    """Create the province's default periods of a year (quarter I, six months, quarter III, nine months, year)
    on `template`, with the units' deadlines by level; periods that already exist are left as they are."""
    require(can_manage(actor, province), _("You may not edit report templates or periods."))
    probe = ReportingPeriod(province=province, template=template)
    _check_period(probe, None)
    periods = []
    with transaction.atomic():
        for default in defaults.default_periods(year, province=province, template=template):
            period, created = ReportingPeriod.objects.get_or_create(
                province=province,
                kind=default.kind,
                year=year,
                quarter=default.quarter,
                defaults={name: getattr(default, name) for name in PERIOD_DEFAULT_FIELDS},
            )
            periods.append(period)
            if not created:
                continue
            _record_created(period, actor=actor, province=province)
            for deadline in PeriodDeadline.objects.bulk_create(defaults.default_deadlines(period)):
                _record_created(deadline, actor=actor, province=province)
    return periods


def do_install_default_template(year: int = defaults.DEFAULT_YEAR, *, actor) -> tuple[ReportTemplate, bool]:
    """Install the national model for `year` (no province) with its outline, document frame and appendices, if
    it is not there yet; one audit row lists what it holds. Returns (the model, whether it was made now)."""
    require(can_manage(actor, None), _("You may not edit report templates or periods."))
    with transaction.atomic():
        template, created = ReportTemplate.objects.get_or_create(
            province=None,
            code=defaults.DEFAULT_CODE,
            year=year,
            revision=1,
            defaults=defaults.TEMPLATE_FIELDS,
        )
        if not created:
            return template, False
        sections = TemplateSection.objects.bulk_create(defaults.default_sections(template))
        frames = TemplateFrame.objects.bulk_create(default_frames(template))
        rows: dict[int, int] = {}
        for number in defaults.APPENDICES:
            table = defaults.default_table(template, number)
            table.save()
            saved: dict[str, DataElement] = {}
            for element in defaults.default_rows(table, saved):
                element.save()
                saved[element.code] = element
            rows[number] = len(saved)
        record_event(
            actor=actor,
            action="reporting.install_default_template",
            obj=template,
            after={**snapshot(template), "sections": len(sections), "frames": len(frames), "rows": rows},
        )
    return template, True


def _record_created(obj, *, actor, province: Unit | None) -> None:
    record_event(
        actor=actor,
        action=f"reporting.save_{type(obj)._meta.model_name}",
        obj=obj,
        unit=province,
        after=snapshot(obj),
    )
