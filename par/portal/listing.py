"""The lists of the public portal: every one pages, sorts, filters and searches, and refuses a bad parameter with
a message instead of guessing (a public address is typed, shared and bookmarked; decision 0167).

A list over the database goes through `par.core.lists.work_list`, as the staff lists do; a list of figures already
computed per unit (a few hundred rows at most) goes through `row_list`, which gives the same `WorkList` to the
same pager template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from par.core.lists import PAGE_SIZES, Sort, WorkList, work_list

PUBLIC_PER_PAGE = 20


class PublicListForm(forms.Form):
    """The list's query string: search, sort, page, page size and the list's own filters (`choices`)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    sort = forms.CharField(required=False, max_length=40)
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": _("The page number must be a whole number from 1."),
            "min_value": _("The page number must be a whole number from 1."),
            "max_value": _("There is no such page."),
        },
    )
    per_page = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(n), str(n)) for n in PAGE_SIZES],
        error_messages={"invalid_choice": _("Rows per page must be 20, 50, 100 or 200.")},
    )

    def __init__(self, data, *, sorts: Mapping[str, Sort], filters: Mapping[str, forms.Field] | None = None):
        super().__init__(data)
        self.sorts = sorts
        for name, field in (filters or {}).items():
            self.fields[name] = field

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_sort(self) -> str:
        sort = self.cleaned_data["sort"].strip()
        if sort and sort.lstrip("-") not in self.sorts:
            raise forms.ValidationError(
                _("This list cannot be sorted by “%(sort)s”."), params={"sort": sort}, code="sort"
            )
        return sort


def read_list(request, *, sorts: Mapping[str, Sort], filters: Mapping[str, forms.Field] | None = None):
    """The bound form of the list's query string; the caller answers 400 with its errors when it is invalid."""
    return PublicListForm(request.GET or None, sorts=sorts, filters=filters)


def query_list(request, queryset: QuerySet, *, sorts: Mapping[str, Sort], default_sort: str, key: str = "pk"):
    return work_list(
        request, queryset, sorts=sorts, default_sort=default_sort, per_page=PUBLIC_PER_PAGE, key=key
    )


def _sort_key(fields: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple]:
    def key(row: Mapping[str, Any]) -> tuple:
        # Rows without a value go last whichever way the list is sorted.
        return tuple((row[f] is None, row[f] if row[f] is not None else 0) for f in fields)

    return key


def row_list(
    request,
    rows: list[dict[str, Any]],
    *,
    sorts: Mapping[str, Sort],
    default_sort: str,
    search: Callable[[dict[str, Any]], str] | None = None,
    cleaned: Mapping[str, Any],
) -> WorkList:
    """One page of rows computed in Python, searched (case-insensitive, in `search(row)`), sorted and paged."""
    needle = (cleaned.get("q") or "").casefold()
    if needle and search is not None:
        rows = [r for r in rows if needle in search(r).casefold()]
    sort = cleaned.get("sort") or default_sort
    chosen = sorts[sort.lstrip("-")]
    descending = sort.startswith("-")
    present: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for row in rows:
        (present if all(row[f] is not None for f in chosen.fields) else missing).append(row)
    present.sort(key=_sort_key(chosen.fields), reverse=descending)
    size = cleaned.get("per_page") or PUBLIC_PER_PAGE
    page = Paginator(present + missing, size).get_page(cleaned.get("page"))
    params = {k: v for k, v in request.GET.items() if k not in ("sort", "per_page")}
    return WorkList(
        page=page, total=len(rows), totals={}, sort=sort, sorts=sorts, per_page=size, params=params
    )
