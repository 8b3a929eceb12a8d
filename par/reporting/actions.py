"""Every change to reports: permission check, change and audit row in one transaction.

Each write locks the report row (select_for_update) and checks the version the writer read, so two people
editing one report never overwrite each other silently: the second gets a ConflictError (HTTP 409).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from par.accounts.models import Membership
from par.audit.log import record_event
from par.core.exceptions import require
from par.notices.actions import do_notify
from par.orgunits.models import Unit
from par.reporting.access import AUTHOR_ROLES, REVIEWER_ROLES, TOP_APPROVER_ROLES, can_author, can_review
from par.reporting.models import (
    COLUMN_OF_LEVEL,
    EDITABLE_STATES,
    NUMBER_COLUMNS,
    Aggregation,
    AppendixTable,
    Column,
    DataElement,
    DataValue,
    PercentMode,
    Rank,
    Report,
    ReportingPeriod,
    ReportState,
    ReportTemplate,
    ReviewAction,
    ReviewStep,
    SectionText,
    Source,
)
from par.reporting.national import emit_report_approved, emit_report_submitted
from par.reporting.sources import child_units, own_values
from par.reporting.submission import missing_sections, missing_sections_message, outside_life_message
from par.reporting.tables import Problems, Value, check_table, figure, fmt_number

Cell = tuple[int, str]  # (element id, column)


def _lock(report: Report, expected_version: int | None) -> Report:
    """The report row locked for this transaction, after checking the version the caller read."""
    locked = Report.objects.select_for_update().select_related("unit", "period").get(pk=report.pk)
    locked.check_version(expected_version)
    return locked


def _bump(report: Report, **fields) -> None:
    for name, value in fields.items():
        setattr(report, name, value)
    report.version += 1
    report.save(update_fields=[*fields, "version", "updated_at"])


def do_create_report(*, unit: Unit, period: ReportingPeriod, actor) -> Report:
    """Open a unit's draft report for a period of its province, on the template version the period names, if the
    unit existed in the period."""
    require(can_author(actor, unit), _("You may not write this unit's report."))
    if not period.covers(unit):
        raise ValidationError(_("This period belongs to another province."))
    if not period.within_life_of(unit):
        raise ValidationError(outside_life_message(unit, period))
    with transaction.atomic():
        # Lock the period, then its template version, in the order the setup actions lock them: a report never
        # starts on a version that is being changed, nor on a period moving to another version.
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        ReportTemplate.objects.select_for_update().get(pk=period.template_id)
        if Report.objects.filter(unit=unit, period=period).exists():
            raise ValidationError(_("This unit already has a report for this period."))
        # The report keeps this version for ever: a version with reports is never edited (decision 0131).
        report = Report.objects.create(unit=unit, period=period, template_id=period.template_id)
        record_event(
            actor=actor,
            action="reporting.create_report",
            obj=report,
            unit=unit,
            after={"period": period.pk, "template": report.template_id},
        )
    return report


def _require_editable(report: Report, actor) -> None:
    require(can_author(actor, report.unit), _("You may not write this unit's report."))
    if report.state not in EDITABLE_STATES:
        raise ValidationError(
            _("This report is %(state)s and cannot be changed.")
            % {"state": report.get_state_display().lower()}
        )


def _rows(
    report: Report, table: AppendixTable
) -> tuple[list[DataElement], dict[int, dict], dict[Cell, DataValue]]:
    elements = list(table.elements.order_by("order"))
    existing = {
        (v.element_id, v.column): v for v in DataValue.objects.filter(report=report, element__table=table)
    }
    rows: dict[int, dict] = {e.pk: {} for e in elements}
    for (element_id, column), value in existing.items():
        rows[element_id][column] = value.value
    return elements, rows, existing


def _stored(element: DataElement, column: str) -> bool:
    """Cells a person types; computed percentages and rates are derived on display and never stored."""
    if element.is_rate and column in NUMBER_COLUMNS:
        return False
    if column == Column.PERCENT:
        return element.percent_mode == PercentMode.ENTERED
    return True


def _audited(value):
    """A cell value as the audit row stores it (a rank as "6/63")."""
    return str(value) if isinstance(value, Rank) else value


def do_save_values(
    report: Report,
    table: AppendixTable,
    *,
    cells: Mapping[Cell, Value],
    reasons: Mapping[int, str] | None = None,
    expected_version: int | None,
    actor,
) -> Report:
    """Save the cells of one appendix; all or nothing: any broken rule writes nothing.

    Changing a live (auto) value needs a reason, kept with the value and shown in the reconciliation view.
    """
    reasons = reasons or {}
    _require_editable(report, actor)
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_editable(report, actor)
        elements, rows, existing = _rows(report, table)
        by_pk = {e.pk: e for e in elements}
        changed: dict[Cell, Value] = {}
        for (element_id, column), value in cells.items():
            element = by_pk.get(element_id)
            if element is None or column not in table.column_keys or not _stored(element, column):
                continue
            old = rows[element_id].get(column)
            if column not in NUMBER_COLUMNS:
                value = str(value or "").strip()
                differs = (old or "") != value
            else:
                differs = old != value
            if differs:
                changed[(element_id, column)] = value
            rows[element_id][column] = value
        problems = Problems()
        for (element_id, column), value in changed.items():
            cell = existing.get((element_id, column))
            if (
                cell is not None
                and cell.auto_number is not None
                and value != cell.auto_number
                and not (reasons.get(element_id) or "").strip()
            ):
                problems.add(
                    table,
                    by_pk[element_id],
                    _("the live value (%(v)s) was changed: give the reason.")
                    % {"v": fmt_number(cell.auto_number)},
                )
        check_table(table, elements, rows, problems)
        if problems:
            raise ValidationError(problems.messages)
        before, after = {}, {}
        for (element_id, column), value in changed.items():
            key = f"{by_pk[element_id].code}.{column}"
            cell = existing.get((element_id, column))
            before[key] = _audited(cell.value) if cell else None
            after[key] = _audited(value)
            cell = cell or DataValue(report=report, element_id=element_id, column=column)
            if isinstance(value, Rank):
                cell.number, cell.rank_of = Decimal(value.position), value.of
            elif column in NUMBER_COLUMNS:
                cell.number, cell.rank_of = figure(value), None
            else:
                cell.text = str(value or "")
            cell.author = actor if getattr(actor, "is_authenticated", False) else None
            if cell.auto_number is not None and cell.number != cell.auto_number:
                cell.source = Source.MANUAL
                cell.reason = (reasons.get(element_id) or "").strip()[:255]
            elif cell.auto_number is not None:
                cell.source, cell.reason = Source.AUTO, ""
            cell.save()
        if changed:
            _bump(report)
            record_event(
                actor=actor,
                action="reporting.save_values",
                obj=report,
                unit=report.unit,
                before=before,
                after=after,
                reason="; ".join(r for r in reasons.values() if r),
            )
    return report


HEADER_FIELDS = ("number", "signed_on", "signer_name", "signer_title", "recipients")


def _check_header(changes: Mapping) -> None:
    if set(changes) - set(HEADER_FIELDS):
        raise ValidationError(
            _("These fields cannot be changed here: %(f)s")
            % {"f": ", ".join(sorted(set(changes) - set(HEADER_FIELDS)))}
        )


def do_save_sections(
    report: Report,
    *,
    texts: Mapping[int, str],
    header: Mapping | None = None,
    expected_version: int | None,
    actor,
) -> Report:
    """Save the narrative sections of a report and, when given, its document details, as one change."""
    header = header or {}
    _check_header(header)
    _require_editable(report, actor)
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_editable(report, actor)
        valid = set(report.template.sections.values_list("pk", flat=True))
        current = {t.section_id: t for t in SectionText.objects.filter(report=report)}
        before: dict = {k: getattr(report, k) for k, v in header.items() if getattr(report, k) != v}
        after: dict = {k: header[k] for k in before}
        for section_id, text in texts.items():
            if section_id not in valid:
                continue
            text = (text or "").strip()
            row = current.get(section_id)
            if row is not None and row.text == text or row is None and not text:
                continue
            before[section_id], after[section_id] = (row.text if row else ""), text
            if row is None:
                SectionText.objects.create(report=report, section_id=section_id, text=text)
            else:
                row.text = text
                row.save(update_fields=["text", "updated_at"])
        if after:
            _bump(report, **{k: v for k, v in after.items() if k in HEADER_FIELDS})
            record_event(
                actor=actor,
                action="reporting.save_sections",
                obj=report,
                unit=report.unit,
                before=before,
                after=after,
            )
    return report


def do_update_header(report: Report, *, changes: dict, expected_version: int | None, actor) -> Report:
    """Change the number and symbol, signing date, signer and recipients of the report document."""
    _check_header(changes)
    _require_editable(report, actor)
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_editable(report, actor)
        before = {k: getattr(report, k) for k in changes}
        _bump(report, **changes)
        record_event(
            actor=actor,
            action="reporting.update_header",
            obj=report,
            unit=report.unit,
            before=before,
            after=changes,
        )
    return report


def do_autofill(report: Report, *, expected_version: int | None = None, actor) -> dict[str, int]:
    """Fill the cells that have a live source with the unit's own figures for the period.

    A value a person overrode keeps their figure; only its live value is refreshed, so the reconciliation view
    shows both. Returns how many cells were filled, kept as overridden, and whose source is not available.
    """
    _require_editable(report, actor)
    counts = {"filled": 0, "kept": 0, "unavailable": 0}
    period, unit = report.period, report.unit
    elements = list(
        DataElement.objects.filter(table__template=report.template)
        .exclude(aggregation=Aggregation.RATE)  # computed from its rows, never filled
        .select_related("table")
    )
    # The live figures are read before the report row is locked, a few grouped queries per measure whatever the
    # number of units below (decision 0136): the lock is held only to write the cells. The template version is
    # frozen once a report uses it (decision 0131), so the cells read here are the ones written below.
    children = list(child_units(unit, period))
    found_by_code = own_values(
        (code for element in elements for code in (element.source_metric, element.done_metric)),
        unit,
        period,
        children,
    )
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_editable(report, actor)
        level_column = COLUMN_OF_LEVEL.get(unit.level)
        existing = {(v.element_id, v.column): v for v in DataValue.objects.filter(report=report)}
        after = {}
        for element in elements:
            keys = element.table.column_keys
            for code, columns in (
                (element.source_metric, [Column.TOTAL, level_column]),
                (element.done_metric, [Column.DONE]),
            ):
                if not code:
                    continue
                found = found_by_code[code]
                if not found.available or found.value is None:
                    counts["unavailable"] += 1
                    continue
                for column in columns:
                    if column is None or column not in keys:
                        continue
                    cell = existing.get((element.pk, column)) or DataValue(
                        report=report, element=element, column=column
                    )
                    keep = cell.pk is not None and cell.source == Source.MANUAL and cell.number is not None
                    cell.auto_number, cell.auto_formula = found.value, found.formula
                    if keep:
                        counts["kept"] += 1
                    else:
                        cell.number, cell.source, cell.reason = found.value, Source.AUTO, ""
                        counts["filled"] += 1
                        after[f"{element.code}.{column}"] = found.value
                    cell.save()
        _bump(report)
        record_event(actor=actor, action="reporting.autofill", obj=report, unit=unit, after=after)
    return counts


def validate_report(report: Report) -> list[str]:
    """Every rule broken anywhere in the report's appendices (empty when it may be submitted)."""
    problems = Problems()
    for table in report.template.tables.order_by("number"):
        if not table.applies_to(report.unit):
            continue
        elements, rows, _existing = _rows(report, table)
        check_table(table, elements, rows, problems)
    return problems.messages


def _notify(report: Report, action: str, *, to_reviewers: bool, comment: str = "") -> None:
    """Tell the level above that a report arrived, or the unit what became of it (in the site's language)."""
    unit = report.unit
    if not to_reviewers:
        who = Q(unit=unit, role__in=AUTHOR_ROLES)
    elif unit.parent_id is None:
        who = Q(unit=unit, role__in=TOP_APPROVER_ROLES)
    else:
        who = Q(unit_id__in=unit.ancestor_ids, role__in=REVIEWER_ROLES)
    users = {m.user for m in Membership.objects.filter(who).select_related("user")}
    with translation.override(settings.LANGUAGE_CODE):
        titles: dict[str, str] = {
            ReviewAction.SUBMIT: _("%(unit)s submitted its report for %(period)s"),
            ReviewAction.RETURN: _("Your report for %(period)s was returned"),
            ReviewAction.APPROVE: _("Your report for %(period)s was approved"),
            ReviewAction.REOPEN: _("Your report for %(period)s was reopened"),
        }
        title = titles[action] % {"unit": unit.name, "period": report.period.name}
        do_notify(
            users,
            kind=f"reporting.{action}",
            key=f"reporting.{action}.{report.pk}.{report.version}",
            title=title,
            body=comment,
            url=reverse("reporting:report_detail", args=[report.pk]),
            unit=unit,
        )


def _step(report: Report, action: str, actor, comment: str = "") -> None:
    ReviewStep.objects.create(
        report=report,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
        at=timezone.now(),
    )


def do_submit_report(
    report: Report, *, expected_version: int | None, actor, now: dt.datetime | None = None
) -> Report:
    """Send the report to the level above; the server's clock dates it. Approved reports below are included.

    Refused while a required section of the template has no text, or an appendix breaks a rule.
    """
    _require_editable(report, actor)
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_editable(report, actor)
        if not report.period.within_life_of(report.unit):
            raise ValidationError(outside_life_message(report.unit, report.period))
        missing = missing_sections(report)
        problems = [missing_sections_message(missing)] if missing else []
        problems += validate_report(report)
        if problems:
            raise ValidationError(problems)
        now = timezone.now()
        _bump(
            report,
            state=ReportState.SUBMITTED,
            submitted_at=now,
            first_submitted_at=report.first_submitted_at or now,
        )
        _step(report, ReviewAction.SUBMIT, actor)
        _notify(report, ReviewAction.SUBMIT, to_reviewers=True)
        included = _include_below(report, actor)
        emit_report_submitted(report)
        record_event(
            actor=actor,
            action="reporting.submit",
            obj=report,
            unit=report.unit,
            after={"state": report.state, "submitted_at": now, "included": included},
        )
    return report


def _include_below(report: Report, actor) -> list[int]:
    """Mark the approved reports below the unit as included in its report (they stay locked)."""
    from par.orgunits.querysets import subtree_q

    below = (
        Report.objects.select_for_update()
        .filter(subtree_q(report.unit.path, "unit__"), period=report.period, state=ReportState.APPROVED)
        .exclude(pk=report.pk)
    )
    ids = list(below.values_list("pk", flat=True))
    for child in Report.objects.filter(pk__in=ids):
        _bump(child, state=ReportState.INCLUDED, included_in=report)
        _step(child, ReviewAction.INCLUDE, actor)
    return ids


def _require_review(report: Report, actor, state: str, message: str) -> None:
    require(can_review(actor, report), _("Only the level above may review this report."))
    if report.state != state:
        raise ValidationError(message)


def do_return_report(report: Report, *, comment: str, expected_version: int | None, actor) -> Report:
    """Send a submitted report back to its unit with the reviewer's comments."""
    comment = (comment or "").strip()
    not_submitted = _("Only a submitted report can be returned.")
    _require_review(report, actor, ReportState.SUBMITTED, not_submitted)
    if not comment:
        raise ValidationError(_("Say what the unit must correct."))
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_review(report, actor, ReportState.SUBMITTED, not_submitted)
        _bump(report, state=ReportState.RETURNED, decided_at=timezone.now(), decided_by=actor)
        _step(report, ReviewAction.RETURN, actor, comment)
        _notify(report, ReviewAction.RETURN, to_reviewers=False, comment=comment)
        record_event(
            actor=actor,
            action="reporting.return",
            obj=report,
            unit=report.unit,
            after={"state": report.state},
            reason=comment,
        )
    return report


def submitted_by(report: Report, user) -> bool:
    """Whether `user` (a person, not the system) ever submitted this report."""
    if not getattr(user, "is_authenticated", False):
        return False
    return report.steps.filter(action=ReviewAction.SUBMIT, actor=user).exists()


def _require_other_person(report: Report, actor) -> None:
    # Four eyes (decision 0143): whoever submitted a report, under any of their memberships, never approves it.
    require(
        not submitted_by(report, actor),
        _("You submitted this report, so you cannot approve it: another reviewer of the level above must."),
    )


def do_approve_report(report: Report, *, expected_version: int | None, actor) -> Report:
    """Approve a submitted report: it is locked and counts in the roll-up above. Never by its submitter."""
    not_submitted = _("Only a submitted report can be approved.")
    _require_review(report, actor, ReportState.SUBMITTED, not_submitted)
    _require_other_person(report, actor)
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_review(report, actor, ReportState.SUBMITTED, not_submitted)
        _require_other_person(report, actor)
        _bump(report, state=ReportState.APPROVED, decided_at=timezone.now(), decided_by=actor)
        _step(report, ReviewAction.APPROVE, actor)
        _notify(report, ReviewAction.APPROVE, to_reviewers=False)
        emit_report_approved(report)
        record_event(
            actor=actor,
            action="reporting.approve",
            obj=report,
            unit=report.unit,
            after={"state": report.state},
        )
    return report


def do_reopen_report(report: Report, *, reason: str, expected_version: int | None, actor) -> Report:
    """Unlock an approved report so that its unit can correct it; the reason is kept and audited."""
    reason = (reason or "").strip()
    message = _("Only an approved report that is not yet included in the report above can be reopened.")
    _require_review(report, actor, ReportState.APPROVED, message)
    if not reason:
        raise ValidationError(_("Give the reason for reopening the report."))
    with transaction.atomic():
        report = _lock(report, expected_version)
        _require_review(report, actor, ReportState.APPROVED, message)
        _bump(report, state=ReportState.RETURNED, decided_at=timezone.now(), decided_by=actor)
        _step(report, ReviewAction.REOPEN, actor, reason)
        _notify(report, ReviewAction.REOPEN, to_reviewers=False, comment=reason)
        record_event(
            actor=actor,
            action="reporting.reopen",
            obj=report,
            unit=report.unit,
            after={"state": report.state},
            reason=reason,
        )
    return report
