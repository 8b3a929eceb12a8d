"""What every dossier action shares: the row lock and version check, the state check, the step bookkeeping,
and `commit`, which writes the history event, the audit row and the statistics in the action's transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.catalog.models import ProcessingStep, StepActor
from par.dossiers import applicant_notices, clock, rollups
from par.dossiers.models import Dossier, DossierCounter, DossierEvent, DossierState, DossierStep
from par.dossiers.signals import dossier_changed

S = DossierState
AUDIT_FIELDS = [
    "state",
    "received_at",
    "completeness_reason",
    "due_date",
    "legal_due_date",
    "due_at",
    "legal_due_at",
    "extended_due_date",
    "current_step_id",
    "resolved_at",
    "outcome",
    "returned_at",
]


def state_in(d: Dossier, states, message: str | None = None) -> None:
    """Refuse the action unless the dossier is in one of `states`."""
    if d.state not in states:
        raise ValidationError(
            message
            or _("This action is not possible while the dossier is “%(state)s”.")
            % {"state": d.get_state_display()}
        )


def lock(dossier: Dossier, expected_version: int | None) -> Dossier:
    """The dossier's row, locked for the rest of the transaction, refused if changed since it was read."""
    # Lock the row so two officers acting at once cannot both pass the version check.
    locked = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("unit", "procedure", "procedure_version", "current_step__unit")
        .get(pk=dossier.pk)
    )
    locked.check_version(
        expected_version,
        _(
            "Dossier %(code)s was changed by someone else (%(what)s) while you were looking at it. "
            "Reload the page to see the change, then try again."
        )
        % {"code": locked.code, "what": locked.get_state_display()},
    )
    return locked


def now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def open_step(d: Dossier) -> DossierStep:
    """The current step of a dossier in process: every state from receipt to approval has one."""
    if d.current_step is None:
        raise ValidationError(_("This dossier has no step in process."))
    return d.current_step


def received_due(d: Dossier, day: dt.date | None) -> dt.date:
    """`day`, a due date that every dossier received complete has; refuse the action on one not received."""
    if day is None:
        raise ValidationError(_("This dossier has not been received complete yet."))
    return day


def person(actor: Any) -> Any:
    """The user to record as having done something, or None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None


@dataclass
class Change:
    """The dossier before an action changes it: what `commit` compares to write the event, audit and counts."""

    dossier: Dossier
    before_state: str
    before_counts: Counter
    before_audit: dict


def begin(d: Dossier) -> Change:
    return Change(d, d.state, rollups.contributions(d), {f: getattr(d, f) for f in AUDIT_FIELDS})


def commit(
    change: Change,
    *,
    actor,
    action: str,
    at: dt.datetime,
    note: str = "",
    public_note: str = "",
    unit=None,
) -> Dossier:
    """Save the dossier, append its event and audit row, move its statistics and announce it after commit."""
    d = change.dossier
    d.version += 1
    d.events_count += 1
    d.save()
    step = d.current_step
    DossierEvent.objects.create(
        dossier=d,
        sequence=d.events_count,
        at=at,
        actor=person(actor),
        action=action,
        from_state=change.before_state,
        to_state=d.state,
        step_name=step.name if step else "",
        unit=unit or (step.unit if step else d.unit),
        note=note,
        public_note=public_note[:255],
    )
    rollups.apply_delta(change.before_counts, rollups.contributions(d))
    record_event(
        actor=actor,
        action=f"dossiers.{action}",
        obj=d,
        unit=d.unit,
        before=change.before_audit,
        after={f: getattr(d, f) for f in AUDIT_FIELDS},
        reason=note,
    )
    code, pk, sequence = d.code, d.pk, d.events_count
    transaction.on_commit(lambda: dossier_changed.send(sender=Dossier, code=code, dossier_id=pk))
    if applicant_notices.wants_notice(d, change.before_state):
        # Queued once the change is committed: a rolled-back action tells the applicant nothing.
        transaction.on_commit(lambda: _queue_applicant_notice(pk, sequence))
    return d


def _queue_applicant_notice(dossier_id: int, sequence: int) -> None:
    from par.dossiers.tasks import notify_applicant

    notify_applicant.enqueue(dossier_id, sequence)


def next_code(unit, day: dt.date) -> str:
    """`<unit code>-<yymmdd>-<nnnn>`, the daily sequence drawn under a row lock (decision 0070)."""
    counter, _created = DossierCounter.objects.get_or_create(unit=unit, day=day)
    counter = DossierCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{unit.code}-{day:%y%m%d}-{counter.last:04d}"


def start_step(
    d: Dossier,
    catalogue_step: ProcessingStep | None,
    *,
    at: dt.datetime,
    unit=None,
    assignee=None,
    calendar=None,
) -> DossierStep:
    """Open the dossier's next step (the catalogue's, or one "process the dossier" step without a process);
    `calendar`: the step's unit's calendar, when the caller already has it."""
    sequence = (d.steps.order_by("-sequence").values_list("sequence", flat=True).first() or 0) + 1
    days: Decimal
    actor_kind: str
    if catalogue_step is None:
        position, name, actor_kind, days = 1, _("Process the dossier"), StepActor.SPECIALIST, d.committed_days
    else:
        position, name, actor_kind, days = (
            catalogue_step.position,
            catalogue_step.name,
            catalogue_step.actor,
            catalogue_step.days,
        )
    unit = unit or d.unit
    step = DossierStep.objects.create(
        dossier=d,
        sequence=sequence,
        position=position,
        name=name,
        actor_kind=actor_kind,
        days=days,
        unit=unit,
        assignee=assignee,
        started_at=at,
        due_date=clock.step_due(
            started_at=at, days=days, unit=unit, version=d.procedure_version, calendar=calendar
        ),
    )
    d.current_step = step
    return step


def finish_step(d: Dossier, at: dt.datetime) -> None:
    step = d.current_step
    if step is not None and step.finished_at is None:
        step.finished_at = at
        step.outcome = clock.outcome_of(at, step.due_date)
        step.save(update_fields=["finished_at", "outcome"])


def catalogue_steps(d: Dossier) -> list[ProcessingStep]:
    return list(d.procedure_version.steps.order_by("position"))
