"""Background work of dossiers: the daily due-soon and overdue notices to the responsible officers, and the
notices to online applicants of each change of their dossier."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from par.accounts.models import Membership, Role, User
from par.dossiers.models import OPEN_STATES, Dossier
from par.notices.actions import do_notify

# A step due within this many calendar days is "due soon".
DUE_SOON_DAYS = 1
KIND_DUE_SOON = "dossiers.due_soon"
KIND_OVERDUE = "dossiers.overdue"


def open_dossiers_due(today: dt.date) -> list[Dossier]:
    """Open dossiers whose current step is due by tomorrow or is overdue (indexed by state and due date)."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    return list(
        Dossier.objects.filter(
            state__in=OPEN_STATES, current_step__finished_at__isnull=True, current_step__due_date__lte=soon
        )
        .select_related("procedure", "current_step__unit", "current_step__assignee")
        .order_by("current_step__due_date", "pk")
    )


def sweep(today: dt.date) -> dict[str, int]:
    """Tell the assignee of each late or nearly due step (else the processing officers of the step's unit)."""
    rows = open_dossiers_due(today)
    # The query selects dossiers by their current step's due date: each has one.
    due = [(d, d.current_step) for d in rows if d.current_step is not None]
    officers: defaultdict[int, list[User]] = defaultdict(list)
    unassigned_units = {step.unit_id for _d, step in due if step.assignee_id is None}
    for m in Membership.objects.filter(
        unit__in=unassigned_units, role=Role.PROCESSING_OFFICER, user__is_active=True
    ).select_related("user"):
        if m.user not in officers[m.unit_id]:
            officers[m.unit_id].append(m.user)
    sent = {"dossiers": len(rows), "notices": 0}
    # Notices are stored as text, in the site's language whoever runs the sweep.
    with translation.override(settings.LANGUAGE_CODE):
        for d, step in due:
            kind = KIND_OVERDUE if step.due_date < today else KIND_DUE_SOON
            values = {"code": d.code, "step": step.name, "due": step.due_date.strftime("%d/%m/%Y")}
            if kind == KIND_OVERDUE:
                title = _("Overdue since %(due)s: dossier %(code)s") % values
            else:
                title = _("Due on %(due)s: dossier %(code)s") % values
            body = _("Step “%(step)s” of dossier %(code)s is due on %(due)s.") % values
            body += "\n" + d.procedure.name
            users = [step.assignee] if step.assignee_id else officers[step.unit_id]
            created = do_notify(
                users,
                kind=kind,
                key=f"{kind}:{d.pk}:{step.sequence}:{step.due_date.isoformat()}",
                title=title,
                body=body,
                url=reverse("dossiers:detail", args=[d.pk]),
                unit=step.unit,
            )
            sent["notices"] += len(created)
    return sent


@task()
def sweep_dossier_deadlines() -> dict[str, int]:
    """The daily dossier deadline sweep, run by the database worker."""
    return sweep(timezone.localdate())


@task()
def notify_applicant(dossier_id: int, sequence: int) -> dict[str, int]:
    """Tell an online applicant of a change of the dossier (event `sequence`), queued after its commit."""
    from par.dossiers import applicant_notices

    return applicant_notices.send(dossier_id, sequence)


@task()
def emit_daily_dossier_statistics() -> bool:
    """Yesterday's dossier statistics into the sync outbox (decision 0171), run daily by the database worker."""
    from par.dossiers.actions.statistics import do_emit_daily_statistics

    return do_emit_daily_statistics(timezone.localdate() - dt.timedelta(days=1))
