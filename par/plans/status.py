"""Status of tasks and assignments, derived from dates and progress updates, never typed in."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# A task is "due soon" this many days before its deadline (the sweep notifies then).
DUE_SOON_DAYS = 7


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    CANCELLED = "cancelled", _("Cancelled")


DONE = frozenset({Status.DONE_ON_TIME, Status.DONE_LATE})
OPEN = frozenset({Status.NOT_STARTED, Status.IN_PROGRESS, Status.DUE_SOON, Status.OVERDUE})


def derive_status(
    *,
    today: dt.date,
    due: dt.date | None,
    completed_on: dt.date | None,
    has_updates: bool,
    cancelled: bool = False,
) -> Status:
    """The status of one assignment (or task) on `today`."""
    if cancelled:
        return Status.CANCELLED
    if completed_on is not None:
        return Status.DONE_LATE if due is not None and completed_on > due else Status.DONE_ON_TIME
    if due is not None and today > due:
        return Status.OVERDUE
    if due is not None and (due - today).days <= DUE_SOON_DAYS:
        return Status.DUE_SOON
    return Status.IN_PROGRESS if has_updates else Status.NOT_STARTED


def task_status(lead_statuses: list[Status], *, cancelled: bool) -> Status:
    """A task is done when every lead unit is done (late if any was late); otherwise its worst open status."""
    if cancelled:
        return Status.CANCELLED
    if not lead_statuses:
        return Status.NOT_STARTED
    if all(s in DONE for s in lead_statuses):
        return Status.DONE_LATE if Status.DONE_LATE in lead_statuses else Status.DONE_ON_TIME
    for worst in (Status.OVERDUE, Status.DUE_SOON, Status.IN_PROGRESS):
        if worst in lead_statuses:
            return worst
    return Status.IN_PROGRESS if any(s in DONE for s in lead_statuses) else Status.NOT_STARTED


@dataclass(frozen=True)
class Rollup:
    """Counts by status and the two rates officials quote, with the formula to show beside them."""

    counts: dict[str, int]
    total: int
    due: int
    done: int
    done_on_time: int

    @property
    def completion_rate(self) -> float | None:
        return round(100 * self.done / self.due, 1) if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.done_on_time / self.due, 1) if self.due else None

    @property
    def formula(self) -> str:
        return str(
            _(
                "On-time rate = tasks done on time (%(on_time)s) ÷ tasks due by today (%(due)s); "
                "completion rate = tasks done (%(done)s) ÷ tasks due by today (%(due)s). "
                "Cancelled tasks are left out; a task is done when every lead unit has reported completion."
            )
            % {"on_time": self.done_on_time, "due": self.due, "done": self.done}
        )


def rollup(statuses: list[Status], dues: list[dt.date | None], today: dt.date) -> Rollup:
    """Aggregate task statuses; a task counts as due when its deadline has passed or it is already done."""
    counts = Counter(str(s) for s in statuses)
    due = sum(
        1
        for s, d in zip(statuses, dues, strict=True)
        if s != Status.CANCELLED and (s in DONE or (d is not None and d < today))
    )
    return Rollup(
        counts=dict(counts),
        total=sum(1 for s in statuses if s != Status.CANCELLED),
        due=due,
        done=sum(1 for s in statuses if s in DONE),
        done_on_time=counts.get(Status.DONE_ON_TIME, 0),
    )
