"""The dossier work lists: the clerk's desk, the processor's queue, the on-time board and staff search.

Each list reads one page through par.core.lists.work_list (decision 0125): scoped to the user's units, filtered
by the DossierFilter, sorted by a column heading, paged and counted, in the same number of queries however many
dossiers match. Tabs split a list (to check, to return, filed today…) and show their counts, again in one query.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast, NullIf
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from par.accounts.access import visible_units
from par.core.lists import Sort, work_list
from par.core.params import whole_number
from par.dossiers.access import CLERKS, PROCESSORS, STAFF, visible_dossiers
from par.dossiers.filters import DossierFilter
from par.dossiers.models import OPEN_STATES, Dossier, DossierRollup, DossierState
from par.orgunits.models import Unit

S = DossierState
DUE_SOON_DAYS = 2

SORTS = {
    "filed": Sort(_("Filed"), ["submitted_at"]),
    "received": Sort(_("Received"), ["received_at"]),
    "due": Sort(_("Appointment date"), ["due_date"]),
    "code": Sort(_("Dossier code"), ["code"]),
    "procedure": Sort(_("Procedure"), ["procedure__name"]),
    "applicant": Sort(_("Applicant"), ["applicant_folded"]),
    "state": Sort(_("State"), ["state"]),
}
QUEUE_SORTS = {**SORTS, "step_due": Sort(_("Step due"), ["current_step__due_date"])}


def units_with_role(user, roles) -> list[Unit]:
    """The units where the user holds one of `roles` (every staffed unit for a superuser)."""
    if user.is_superuser:
        return list(Unit.objects.filter(memberships__isnull=False).distinct())
    return list(Unit.objects.filter(memberships__user=user, memberships__role__in=roles).distinct())


def _late(today: dt.date) -> Q:
    """Open (the clock runs) and past the appointment date."""
    return Q(state__in=OPEN_STATES, due_date__lt=today)


def _tabs(request, base: QuerySet, tabs: dict[str, tuple[Any, Q]], default: str) -> tuple[str, list, Q]:
    """The tab in force, every tab with its label and count (one query), and the tab's condition."""
    tab = request.GET.get("tab", default)
    tab = tab if tab in tabs else default
    counts = base.order_by().aggregate(**{key: Count("pk", filter=cond) for key, (_l, cond) in tabs.items()})
    entries = [(key, label, counts[key]) for key, (label, _c) in tabs.items()]
    return tab, entries, tabs[tab][1]


def _dossier_list(request, base: QuerySet, condition: Q, units, *, sorts, default_sort, today, extra=None):
    filterset = DossierFilter(request.GET or None, queryset=base.filter(condition), units=units)
    totals = {"overdue": Count("pk", filter=_late(today)), **(extra or {})}
    return work_list(
        request, base, sorts=sorts, default_sort=default_sort, filterset=filterset, totals=totals
    )


@login_required
def desk(request):
    """The clerk's desk: the dossiers of the clerk's units, to check, to return, filed today or all of them."""
    units = units_with_role(request.user, CLERKS)
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    base = Dossier.objects.filter(unit__in=units).select_related("procedure", "unit", "current_step__unit")
    tabs = {
        "check": (
            _("To check (online and awaiting supplement)"),
            Q(state__in=[S.SUBMITTED, S.SUPPLEMENT_REQUESTED]),
        ),
        "return": (_("Results to return"), Q(state=S.RESULT_READY)),
        "today": (_("Filed today"), Q(submitted_at__gte=start)),
        "all": (_("All dossiers"), Q()),
    }
    tab, entries, condition = _tabs(request, base, tabs, "check")
    page = _dossier_list(request, base, condition, units, sorts=SORTS, default_sort="-filed", today=today)
    context = {"list": page, "tab": tab, "tabs": entries, "units": units, "today": today}
    return render(request, "dossiers/desk.html", context)


@login_required
def queue(request):
    """The processor's queue: open dossiers whose current step is at the officer's units, most urgent first."""
    units = units_with_role(request.user, PROCESSORS)
    today = timezone.localdate()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    base = (
        Dossier.objects.filter(state__in=OPEN_STATES, current_step__unit__in=units)
        .filter(Q(current_step__assignee__isnull=True) | Q(current_step__assignee=request.user))
        .select_related("procedure", "unit", "current_step__unit", "current_step__assignee")
    )
    tabs = {
        "all": (_("All"), Q()),
        "overdue": (_("Overdue"), Q(current_step__due_date__lt=today)),
        "soon": (_("Due soon"), Q(current_step__due_date__gte=today, current_step__due_date__lte=soon)),
        "later": (_("Later"), Q(current_step__due_date__gt=soon)),
    }
    tab, entries, condition = _tabs(request, base, tabs, "all")
    page = _dossier_list(
        request, base, condition, units, sorts=QUEUE_SORTS, default_sort="step_due", today=today
    )
    context = {"list": page, "tab": tab, "tabs": entries, "today": today}
    return render(request, "dossiers/queue.html", context)


@login_required
def search(request):
    """Staff search: any dossier the user may see, by code, applicant's name (without accents), ID or phone."""
    today = timezone.localdate()
    query = " ".join(request.GET.get("q", "").split())
    units = units_with_role(request.user, STAFF)
    base = visible_dossiers(request.user).select_related("procedure", "unit", "current_step__unit")
    condition = Q() if query else Q(pk__in=[])  # nothing is listed until something is typed
    page = _dossier_list(request, base, condition, units, sorts=SORTS, default_sort="-filed", today=today)
    return render(request, "dossiers/search.html", {"list": page, "query": query, "today": today})


BOARD_SORTS = {
    "unit": Sort(_("Unit"), ["unit__name"]),
    "received": Sort(_("Received"), ["received"]),
    "late": Sort(_("Late"), ["resolved_late"]),
    "pending": Sort(_("Pending"), ["pending"]),
    "pct": Sort(_("Early or on time (%)"), ["pct"]),
}


@login_required
def board(request):
    """The on-time board: per visible unit, received, resolved early / on time / late, pending, in a year."""
    today = timezone.localdate()
    year = whole_number(request.GET.get("year"))
    year = year if year and 2000 <= year <= 2100 else today.year
    name = " ".join(request.GET.get("unit_name", "").split())
    rollups = DossierRollup.objects.filter(unit__in=visible_units(request.user), day__year=year)
    if name:
        rollups = rollups.filter(unit__name__icontains=name)
    rows = (
        rollups.values("unit", "unit__name")
        .annotate(**{f: Sum(f) for f in DossierRollup.COUNTS})
        .annotate(resolved=F("resolved_early") + F("resolved_on_time") + F("resolved_late"))
        .annotate(
            pct=Cast(F("resolved_early") + F("resolved_on_time"), FloatField())
            * 100
            / NullIf(F("resolved"), 0)
        )
    )
    totals = {f"sum_{f}": Sum(f) for f in (*DossierRollup.COUNTS, "resolved")}
    page = work_list(request, rows, sorts=BOARD_SORTS, default_sort="unit", key="unit", totals=totals)
    return render(request, "dossiers/board.html", {"list": page, "year": year, "unit_name": name})
