"""The units of a big task, a page at a time: a province task reaches hundreds of communes (593 in Thanh Hóa).

The page is filtered by the unit's name and by status, sorted by unit, name or next deadline, and counted by
status in one query, so the page takes the same number of queries however many units the task has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from par.plans.models import Assignment, ProgressUpdate
from par.plans.queries import annotate_assignments, assignment_status_q, attach_next_milestones, with_status
from par.plans.status import Status

UNITS_PER_PAGE = 50

SORTS = {
    "unit": (_("Role, then unit"), ["role", "unit__path"]),
    "name": (_("Unit name A–Z"), ["unit__name", "unit__path"]),
    "-name": (_("Unit name Z–A"), ["-unit__name", "-unit__path"]),
    "due": (_("Next deadline"), ["next_due", "unit__path"]),
}


@dataclass
class UnitsPage:
    page: Page
    total: int  # every unit of the task the user sees
    shown: int  # those that match the filter
    counts: list[tuple[Status, int]]  # by status, over every unit the user sees
    q: str
    status: str
    sort: str
    sorts: list[tuple[str, str]]
    statuses: list[tuple[str, str]]

    def query(self, **changes) -> str:
        """The page's query string with some parameters changed (for the pager links)."""
        from urllib.parse import urlencode

        params = {"q": self.q, "status": self.status, "sort": self.sort, **changes}
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _counts(queryset: QuerySet[Assignment], today: dt.date) -> list[tuple[Status, int]]:
    aggregates = {str(s): Count("pk", filter=assignment_status_q(str(s), today)) for s in Status}
    values = annotate_assignments(queryset).aggregate(**aggregates)
    return [(s, values[str(s)]) for s in Status if values[str(s)]]


def task_units_page(request, queryset: QuerySet[Assignment], today: dt.date) -> UnitsPage:
    """One page of the task's assignments the user sees, with the filter, the sort and the totals."""
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    sort = request.GET.get("sort", "unit")
    sort = sort if sort in SORTS else "unit"
    base = annotate_assignments(queryset)
    shown = base
    if q:
        shown = shown.filter(Q(unit__name__icontains=q) | Q(unit__short_name__icontains=q))
    if status:
        shown = shown.filter(assignment_status_q(status, today))
    updates = ProgressUpdate.objects.select_related("author", "milestone").prefetch_related("evidence")
    ordered = (
        shown.select_related("unit")
        .prefetch_related(Prefetch("updates", queryset=updates))
        .order_by(*SORTS[sort][1], "pk")
    )
    page = Paginator(ordered, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = attach_next_milestones(with_status(page.object_list, today))
    counts = _counts(queryset, today)
    return UnitsPage(
        page=page,
        total=sum(n for _, n in counts),
        shown=page.paginator.count,
        counts=counts,
        q=q,
        status=status,
        sort=sort,
        sorts=[(key, str(label)) for key, (label, _fields) in SORTS.items()],
        statuses=[(str(s.value), str(s.label)) for s in Status],
    )
