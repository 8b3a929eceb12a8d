"""Background work of petitions: the daily sweep of overdue petitions (docs/decisions/0080-petition-time-limit.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from par.accounts.models import Membership, Role
from par.notices.actions import do_notify
from par.petitions.models import OPEN_STATES, Petition

RECIPIENT_ROLES = (Role.UNIT_OFFICER, Role.UNIT_HEAD)
KIND_OVERDUE = "petitions.overdue"


def overdue_petitions(today: dt.date) -> list[Petition]:
    return list(
        Petition.objects.filter(state__in=OPEN_STATES, due_date__lt=today)
        .select_related("unit")
        .order_by("due_date", "pk")
    )


def notice_key(petition: Petition, due: dt.date) -> str:
    """One notice per petition and due date: re-running the sweep sends nothing twice; a reopening does."""
    return f"petitions:overdue:{petition.pk}:{due.isoformat()}"


def sweep(today: dt.date) -> dict[str, int]:
    """Tell the officers and head of each responsible unit about its overdue petitions."""
    rows = overdue_petitions(today)
    recipients: dict[int, dict] = {}
    memberships = Membership.objects.filter(
        unit__in={p.unit_id for p in rows}, role__in=RECIPIENT_ROLES, user__is_active=True
    ).select_related("user")
    for m in memberships:
        recipients.setdefault(m.unit_id, {})[m.user_id] = m.user
    sent = {"petitions": len(rows), "notices": 0}
    # Notices are stored as text, so they are written in the site's language, whoever runs the sweep.
    with translation.override(settings.LANGUAGE_CODE):
        for petition in rows:
            due = petition.due_date
            assert due is not None  # overdue_petitions keeps only petitions with a due date
            values = {
                "code": petition.code,
                "due": due.strftime("%d/%m/%Y"),
                "days": (today - due).days,
            }
            created = do_notify(
                list(recipients.get(petition.unit_id, {}).values()),
                kind=KIND_OVERDUE,
                key=notice_key(petition, due),
                title=_("Petition %(code)s overdue since %(due)s") % values,
                body=petition.subject + "\n" + _("Days overdue: %(days)s") % values,
                url=reverse("petitions:detail", args=[petition.pk]),
                unit=petition.unit,
            )
            sent["notices"] += len(created)
    return sent


@task()
def sweep_petition_deadlines() -> dict[str, int]:
    """The daily sweep, run by the database worker (or inline by the management command)."""
    return sweep(timezone.localdate())
