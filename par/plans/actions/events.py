"""Deadlines counted from an event ("Trong vòng 05 ngày làm việc kể từ …"): recording the day the event happened
gives the milestone its due date, counted on the working calendar of the plan's unit (decision 0113)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.calendars.models import WorkCalendar
from par.calendars.services import calendar_for_unit, rules_for
from par.calendars.workdays import OutsideCalendarError, add_working_days, next_working_day
from par.core.exceptions import ConflictError, require
from par.orgunits.models import Unit
from par.plans.access import can_record_event
from par.plans.models import Milestone, PlanTask


def due_after_event(event_date: dt.date, days: int, *, working_days: bool, unit: Unit) -> dt.date:
    """The day a limit of `days` (working) days after `event_date` ends, on the working calendar of `unit`.

    The day of the event is not counted (Civil Code 2015, Art. 147(2)), as for a dossier's time limit; a limit in
    calendar days whose last day is a day off ends on the next working day (Art. 148(5))."""
    try:
        calendar = calendar_for_unit(unit)
    except WorkCalendar.DoesNotExist:
        raise ValidationError(
            _("No working calendar is set up, so the working days cannot be counted.")
        ) from None
    # Generously far: weekends, Tết and the public holidays of a year.
    reach = event_date + dt.timedelta(days=days * 7 // 5 + 45)
    rules = rules_for(calendar, range(event_date.year, reach.year + 1))
    try:
        if working_days:
            return add_working_days(event_date, days, rules)
        return next_working_day(event_date + dt.timedelta(days=days), rules)
    except OutsideCalendarError as exc:
        raise ValidationError(
            _(
                "The working calendar has no days off for %(year)s yet, so the deadline cannot be counted; "
                "ask the administrator to add that year."
            )
            % {"year": exc.year}
        ) from None


def do_record_event(
    milestone: Milestone, *, event_date: dt.date, expected_version: int | None, actor
) -> Milestone:
    """Record the day the event of a deadline counted from an event happened; the due date follows from it."""
    task = milestone.task
    require(
        actor is None or can_record_event(actor, task),
        _("Only a lead unit of the task or the PAR officer may record the event."),
    )
    if not milestone.counted_from_event:
        raise ValidationError(_("This deadline is not counted from an event."))
    if event_date > timezone.localdate():
        raise ValidationError({"event_date": _("The event cannot have happened in the future.")})
    with transaction.atomic():
        # The task's row is the lock and carries the version: editing the task parses its schedule again and
        # replaces its milestones, so the two must not interleave.
        locked = PlanTask.objects.select_for_update().select_related("plan__unit").get(pk=task.pk)
        locked.check_version(expected_version)
        if locked.cancelled_at:
            raise ValidationError(_("The task was cancelled; its deadlines no longer change."))
        current = locked.milestones.filter(pk=milestone.pk).first()
        if current is None:
            raise ConflictError(_("The task's schedule was changed meanwhile; open the task again."))
        due = due_after_event(
            event_date, current.after_days or 0, working_days=current.working_days, unit=locked.plan.unit
        )
        before = {"event_date": current.event_date, "due_date": current.due_date}
        if before == {"event_date": event_date, "due_date": due}:
            return current
        current.event_date, current.due_date = event_date, due
        current.full_clean()
        current.save(update_fields=["event_date", "due_date"])
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_event(
            actor=actor,
            action="plans.record_event",
            obj=current,
            unit=locked.plan.unit,
            before=before,
            after={
                "task": locked.pk,
                "after_event": current.after_event,
                "event_date": event_date,
                "due_date": due,
            },
        )
    return current
