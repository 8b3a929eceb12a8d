"""What a calendar's days, as they are now, would change in dates already promised (decision 0155).

Dates computed on a calendar (a dossier's appointment, printed on its receipt) are stored when they are
promised and never recomputed when the calendar is edited or confirmed later. Apps that keep such dates register
a provider here; the calendar page, the admin's confirmation page and the message after each edit list what the
providers report, so the officer sees which promises were made on days that have since changed.

The calendar app does not import those apps: they register themselves in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MovedDate:
    """One promised date that the calendar as it is now would put elsewhere."""

    label: str  # what it belongs to, e.g. the dossier code
    url: str
    what: str  # which date: the appointment, the legal due date …
    promised: str  # as promised, dd/mm/yyyy (with hh:mm when it has a time)
    now: str  # as the calendar's current days would give it
    note: str = ""


@dataclass
class Impact:
    """A provider's answer: a title and the moved dates it found (only those the reader may see)."""

    title: str
    rows: list[MovedDate] = field(default_factory=list)


Provider = Callable[..., Impact]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register `provider(calendar, years, user) -> Impact`; registering a name twice replaces it."""
    _providers[name] = provider


def moved_dates(calendar, years: Iterable[int], user) -> list[Impact]:
    """The promised dates of open items on `calendar` in `years` that the calendar would now put elsewhere."""
    years = sorted(set(years))
    return [impact for impact in (p(calendar, years, user) for p in _providers.values()) if impact.rows]


def count(impacts: list[Impact]) -> int:
    return sum(len(impact.rows) for impact in impacts)
