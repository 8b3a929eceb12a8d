"""The registry behind `par.metrics` (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, overload

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from par.core.text import number_text
from par.orgunits.querysets import subtree_q

if TYPE_CHECKING:
    # Imported where used: par.metrics is an installed app, loaded before the models are.
    from par.orgunits.models import Unit


P = ParamSpec("P")
R = TypeVar("R")
_SHARED: ContextVar[dict | None] = ContextVar("par_metrics_shared", default=None)


@contextmanager
def sharing() -> Iterator[None]:
    """Within the block, a grouped read that several measures' batch forms make (`@shared`) runs once for the
    same arguments: the page that shows tasks due, completed and on time for 200 units reads the assignments once.

    Only as long as the block: nothing is kept between requests, so a figure is never older than its page.
    """
    if _SHARED.get() is not None:  # already inside a sharing block: share with it
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared(fn: Callable[P, R]) -> Callable[P, R]:
    """A grouped read answered once per `sharing()` block for the same (hashable) arguments; outside a block
    it runs each time. The callers must not change what it returns."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        memo = _SHARED.get()
        if memo is None:
            return fn(*args, **kwargs)
        key = (fn, tuple(getattr(a, "memo_key", a) for a in args), tuple(sorted(kwargs.items())))
        if key not in memo:
            memo[key] = fn(*args, **kwargs)
        return memo[key]

    return wrapper


class UnknownMetricError(KeyError):
    """No measure is registered under this code."""


@dataclass(frozen=True)
class Scope:
    """What a measure is computed over: `unit` and its subtree, from `start` to `end` (both included)."""

    unit: Unit
    start: dt.date
    end: dt.date

    def units_q(self, prefix: str = "") -> Q:
        """Filter for rows whose unit (reached through `prefix`, e.g. "unit__") lies in the subtree."""
        return subtree_q(self.unit.path, prefix=prefix)

    def unit_ids(self):
        """The subtree's unit ids as a subquery (not evaluated)."""
        from par.orgunits.models import Unit

        return Unit.objects.filter(subtree_q(self.unit.path)).values("pk")


@dataclass(frozen=True)
class Scopes:
    """Many scopes at once, for a measure's batch form: each of `units` with its subtree, over the same days."""

    units: tuple[Unit, ...]
    start: dt.date
    end: dt.date

    @functools.cached_property
    def memo_key(self) -> tuple:
        """What `@shared` compares: the units' ids and the days (hashing 200 model instances costs more)."""
        return (tuple(u.pk for u in self.units), self.start, self.end)

    def grouped(self, queryset, prefix: str = "", **aggregates) -> dict[int, dict[str, Any]]:
        """{unit id: {name: aggregate}} of the rows of `queryset` in each unit's subtree, the unit of a row reached
        through `prefix` (e.g. "unit__"); None where a subtree has no row.

        The number of queries does not grow with the number of units. Counts and sums (the usual aggregates) add
        up, so they are read in one GROUP BY on the path prefix of the deepest unit asked, and each unit's figure
        is the sum of the groups in its subtree: the province and its 200 communes in one read. Other aggregates
        (a distinct count) take one GROUP BY per depth among the units, each unit answered from its own group.
        """
        result: dict[int, dict[str, Any]] = {u.pk: dict.fromkeys(aggregates) for u in self.units}
        by_length: dict[int, dict[str, list[int]]] = {}
        for unit in self.units:
            by_length.setdefault(len(unit.path), {}).setdefault(unit.path, []).append(unit.pk)
        if len(by_length) > 1 and all(_adds_up(a) for a in aggregates.values()):
            longest = max(by_length)
            every = [path for paths in by_length.values() for path in paths]
            rows = self._groups(queryset, prefix, longest, every, aggregates, exact=False)
            for row in rows:
                key = row["subtree_path"]
                for length, paths in by_length.items():
                    for pk in paths.get(key[:length], ()):
                        _add(result[pk], row, aggregates)
            return result
        for length, paths in sorted(by_length.items()):
            for row in self._groups(queryset, prefix, length, list(paths), aggregates, exact=True):
                for pk in paths[row["subtree_path"]]:
                    result[pk] = {name: row[name] for name in aggregates}
        return result

    @staticmethod
    def _groups(queryset, prefix: str, length: int, paths: list[str], aggregates: dict, *, exact: bool):
        """Rows of `queryset` under any of `paths`, grouped by the first `length` characters of their unit's path
        (rows of units above that depth keep their whole path). `exact`: only the groups of `paths` themselves."""
        rows = queryset.filter(
            # The range over all the subtrees reads the path index; the prefix picks the subtrees.
            **{f"{prefix}path__gte": min(paths), f"{prefix}path__lt": max(paths) + ":"}
        ).annotate(subtree_path=Substr(f"{prefix}path", 1, length))
        if exact:
            rows = rows.filter(subtree_path__in=paths)
        return rows.order_by().values("subtree_path").annotate(**aggregates)


def _adds_up(aggregate) -> bool:
    """A count or a sum of rows: the figure of a subtree is the sum of its parts' figures."""
    return isinstance(aggregate, Count | Sum) and not getattr(aggregate, "distinct", False)


def _add(into: dict[str, Any], row: dict[str, Any], aggregates: dict) -> None:
    for name in aggregates:
        value = row[name]
        if value is not None:
            into[name] = value if into[name] is None else into[name] + value


@dataclass(frozen=True)
class MeasuredRow:
    """One record a measure used: what it is, and whether it counted in the numerator.

    `unit_id`: the unit the record belongs to; pages link to the record only for a reader who sees that unit
    (decision 0123). None for records of no unit (catalogue procedures), which every signed-in user reads.
    `share`: how much of the record counted, where it counts in part ("3/4" satisfied answers of a rating).
    """

    label: str
    detail: str = ""
    counted: bool = True
    url: str = ""
    unit_id: int | None = None
    share: str = ""


class QueryRows(Sequence[MeasuredRow]):
    """The rows of a measurement read from a queryset one page at a time (decision 0123).

    Calling it returns every row (as a `rows` callable does); `len()` counts them with one query and a slice
    reads only that slice, so `django.core.paginator.Paginator` pages it without loading the rest.
    """

    def __init__(self, queryset, to_row: Callable[[Any], MeasuredRow]):
        self.queryset = queryset
        self.to_row = to_row
        self._count: int | None = None

    def __call__(self) -> list[MeasuredRow]:
        return [self.to_row(item) for item in self.queryset]

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> MeasuredRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[MeasuredRow]: ...

    def __getitem__(self, index: int | slice) -> MeasuredRow | list[MeasuredRow]:
        if isinstance(index, slice):
            return [self.to_row(item) for item in self.queryset[index]]
        return self.to_row(self.queryset[index])


@dataclass
class Measurement:
    """The value of a measure for a scope, with what it was computed from."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    formula: str = ""
    rows: Callable[[], list[MeasuredRow]] | None = field(default=None, repr=False)

    def explain(self, limit: int = 200) -> list[MeasuredRow]:
        """The rows behind the value (at most `limit`), or an empty list when the measure keeps none."""
        return list(self.records()[:limit])

    def records(self) -> Sequence[MeasuredRow]:
        """Every row behind the value as a sequence to page through: a `QueryRows` reads one page at a time."""
        if self.rows is None:
            return []
        if isinstance(self.rows, QueryRows):
            return self.rows
        return self.rows()


Values = dict[int, Decimal | None]  # unit id → the value of a measure for the unit's subtree


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    unit: str
    formula: str
    compute: Callable[[Scope], Measurement]
    source: str
    # True when a unit's value is the sum of its parts' values (counts of dossiers, tasks, units); False for
    # rates and for counts of distinct things shared between units (procedures), which cannot be split.
    additive: bool = True
    # The batch form: the values for many units at once with a few grouped queries (`batch`); None until the
    # measure has one, when `values` computes the units one by one.
    batch: Callable[[Scopes], Values] | None = None

    def __str__(self) -> str:
        return str(self.label)


_REGISTRY: dict[str, Metric] = {}


def metric(code: str, *, label, formula, unit: str = "%", additive: bool | None = None) -> Callable:
    """Register the decorated function as the measure `code` (codes are unique: app.name).

    `additive` defaults to True for counts and False for percentages.
    """

    def register(function: Callable[[Scope], Measurement]) -> Callable[[Scope], Measurement]:
        if code in _REGISTRY and _REGISTRY[code].compute is not function:
            raise ValueError(f"metric {code!r} is registered twice")
        _REGISTRY[code] = Metric(
            code=code,
            label=label,
            unit=unit,
            formula=formula,
            compute=function,
            source=function.__module__,
            additive=unit != "%" if additive is None else additive,
        )
        return function

    return register


def batch(code: str) -> Callable:
    """Register the decorated function as the batch form of the measure `code` (registered above it).

    It takes `Scopes` and returns {unit id: value} for every unit, equal to what the measure computes for each
    unit alone (the registry's tests check this for every measure); its queries must not grow with the units.
    """

    def register(function: Callable[[Scopes], Values]) -> Callable[[Scopes], Values]:
        found = get(code)
        if found.batch is not None and found.batch is not function:
            raise ValueError(f"metric {code!r} has two batch forms")
        _REGISTRY[code] = replace(found, batch=function)
        return function

    return register


def get(code: str) -> Metric:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownMetricError(code) from None


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda m: m.code)


def choices() -> list[tuple[str, str]]:
    """(code, label) pairs for form fields that pick a measure."""
    return [(m.code, f"{m.label} ({m.code})") for m in all_metrics()]


def measure(code: str, unit: Unit, start: dt.date, end: dt.date) -> Measurement:
    """Compute the measure `code` for `unit`'s subtree from `start` to `end`."""
    if start > end:
        raise ValueError(_("The period starts after it ends."))
    return get(code).compute(Scope(unit=unit, start=start, end=end))


def values(code: str, units: Iterable[Unit], start: dt.date, end: dt.date) -> Values:
    """The measure `code` for each unit's subtree from `start` to `end`, as {unit id: value}.

    With the measure's batch form this takes a few grouped queries whatever the number of units; a measure with
    no batch form yet is computed unit by unit (the same values, one computation each).
    """
    if start > end:
        raise ValueError(_("The period starts after it ends."))
    found = get(code)
    asked = tuple(units)
    if not asked:
        return {}
    if found.batch is None:
        return {u.pk: found.compute(Scope(unit=u, start=start, end=end)).value for u in asked}
    return found.batch(Scopes(units=asked, start=start, end=end))


TWO_PLACES = Decimal("0.01")


def percent(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator × 100 rounded half up to two places; None with nothing to count (as `ratio`)."""
    numerator, denominator = Decimal(numerator or 0), Decimal(denominator or 0)
    if denominator == 0:
        return None
    return (numerator * 100 / denominator).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def amount(value) -> Decimal:
    """A count as a measure's value (a group with no rows counts 0)."""
    return Decimal(value or 0)


def ratio(numerator, denominator, *, rows=None, what: str = "") -> Measurement:
    """A percentage measurement: numerator ÷ denominator × 100, rounded half up to two places.

    With nothing to count (denominator 0) the value is None, not 0 % or 100 %: no tasks due is not a failure.
    """
    numerator, denominator = Decimal(numerator), Decimal(denominator)
    if denominator == 0:
        return Measurement(
            value=None,
            numerator=numerator,
            denominator=denominator,
            formula=_("nothing to count in this period"),
            rows=rows,
        )
    value = percent(numerator, denominator)
    assert value is not None
    formula = f"{number_text(numerator)} / {number_text(denominator)} × 100 = {number_format(value, 2)} %"
    if what:
        formula = f"{what}: {formula}"
    return Measurement(value=value, numerator=numerator, denominator=denominator, formula=formula, rows=rows)


def count(value, *, rows=None, what: str = "") -> Measurement:
    value = Decimal(value)
    return Measurement(
        value=value, formula=f"{what}: {number_text(value)}" if what else number_text(value), rows=rows
    )
