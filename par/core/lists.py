"""Work lists at volume: one page of rows with its filter, its sort and its totals (decision 0125).

Every staff list (the clerk's desk, the processor's queue, petitions, reports, plan tasks, the overdue boards)
reads its rows through `work_list`:

- **filter**: an optional django-filter FilterSet over the visible rows (the caller scopes the queryset first);
- **sort**: `?sort=key` or `?sort=-key` among the keys the list declares, always ending on the primary key so
  that pages never overlap or skip a row;
- **page**: `?page=N` and `?per_page=` one of PAGE_SIZES; a page number out of range shows the last page;
- **totals**: the number of matching rows plus any aggregates the list asks for, in one query that also serves
  as the pager's count.

A page therefore costs two queries (totals, rows) plus whatever the caller prefetches, however many rows match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Aggregate, Count, QuerySet
from django.utils.functional import Promise

PAGE_SIZES = (20, 50, 100, 200)
PER_PAGE = 50


@dataclass(frozen=True)
class Sort:
    """One way to order a list: its label and the fields it orders by (ascending; `-key` reverses them all)."""

    label: str | Promise
    fields: Sequence[str]

    def order(self, descending: bool) -> list[str]:
        if not descending:
            return list(self.fields)
        return [f[1:] if f.startswith("-") else f"-{f}" for f in self.fields]


@dataclass
class WorkList:
    page: Page
    total: int  # rows matching the filter
    totals: dict[str, Any]  # the list's aggregates over the matching rows
    sort: str  # the sort in force, e.g. "due" or "-due"
    sorts: Mapping[str, Sort]
    per_page: int
    params: dict[str, str] = field(default_factory=dict)  # the request's other query parameters
    filter: Any = None  # the bound FilterSet, when the list has one

    @property
    def rows(self) -> list:
        return list(self.page.object_list)

    @property
    def first(self) -> int:
        return self.page.start_index() if self.total else 0

    @property
    def last(self) -> int:
        return self.page.end_index() if self.total else 0

    def query(self, **changes: Any) -> str:
        """The query string of this list with some parameters changed; changing anything but the page
        starts again from page 1."""
        params = {**self.params, "sort": self.sort, "per_page": str(self.per_page)}
        if "page" not in changes:
            params.pop("page", None)
        params.update({k: str(v) for k, v in changes.items() if v is not None})
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})

    def sort_link(self, key: str) -> tuple[str, str]:
        """The query string that sorts by `key` (reversing it when it is already in force) and the arrow to
        show beside the column's label ("" when the list is not sorted by this column)."""
        if self.sort == key:
            return self.query(sort=f"-{key}"), "▲"
        if self.sort == f"-{key}":
            return self.query(sort=key), "▼"
        return self.query(sort=key), ""

    def pages(self) -> list[tuple[int | None, str]]:
        """The pager's entries: (page number, its query string), with (None, "") where pages are elided."""
        numbers = self.page.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)
        return [(n, self.query(page=n)) if isinstance(n, int) else (None, "") for n in numbers]

    def previous_query(self) -> str:
        return self.query(page=self.page.previous_page_number()) if self.page.has_previous() else ""

    def next_query(self) -> str:
        return self.query(page=self.page.next_page_number()) if self.page.has_next() else ""

    def sizes(self) -> list[tuple[int, str]]:
        """The page sizes on offer, each with the query string that shows it (from page 1)."""
        return [(size, self.query(per_page=size)) for size in PAGE_SIZES]


def read_sort(raw: str, sorts: Mapping[str, Sort], default: str) -> tuple[str, Sort, bool]:
    key = raw.strip()
    descending = key.startswith("-")
    name = key[1:] if descending else key
    if name not in sorts:
        descending = default.startswith("-")
        name = default.lstrip("-")
        key = default
    return key, sorts[name], descending


def read_per_page(raw: str, default: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        return default
    return value if value in PAGE_SIZES else default


def work_list(
    request,
    queryset: QuerySet,
    *,
    sorts: Mapping[str, Sort],
    default_sort: str,
    filterset: Any = None,
    totals: Mapping[str, Aggregate] | None = None,
    per_page: int = PER_PAGE,
    key: str = "pk",
) -> WorkList:
    """One page of `queryset` (already scoped to what the user may see) filtered, sorted and counted.

    `key` identifies a row: it ends every ordering and is what the totals count. A grouped list
    (`values(...).annotate(...)`) names its group's key, since ordering by the primary key would split the groups.
    """
    matching = filterset.qs if filterset is not None else queryset
    sort, chosen, descending = read_sort(request.GET.get("sort", ""), sorts, default_sort)
    size = read_per_page(request.GET.get("per_page", ""), per_page)
    aggregates = matching.order_by().aggregate(_rows=Count(key), **(totals or {}))
    total = aggregates.pop("_rows")
    ordered = matching.order_by(*chosen.order(descending), f"-{key}" if descending else key)
    paginator = Paginator(ordered, size)
    paginator.__dict__["count"] = total  # the totals query has counted them already
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    params = {k: v for k, v in request.GET.items() if k not in ("sort", "per_page")}
    return WorkList(
        page=page,
        total=total,
        totals=aggregates,
        sort=sort,
        sorts=sorts,
        per_page=size,
        params=params,
        filter=filterset,
    )
