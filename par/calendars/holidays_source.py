"""What the `holidays` package proposes for one year of the Vietnamese calendar, as plain values (no database).

The package knows the statutory holidays (Labour Code 2019 Art. 112), the compensatory days (Art. 111(3)) and
the swaps already announced (a table per year, each day off paired with the Saturday worked). It cannot know a
swap not yet announced, and its Tết layout for future years is a formula, so its output is a proposal that an
administrator confirms against the official notice (CalendarYear.confirmed).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import holidays

from par.calendars.models import DayKind

COUNTRY = "VN"
# Stored names are data, kept in Vietnamese whatever the interface language (the package's own "vi" labels).
LANGUAGE = "vi"

CULTURE_DAY_BASIS = "Nghị quyết 80-NQ/TW (văn bản sửa Bộ luật Lao động chưa xác nhận)"


def legal_basis(year: int, kind: str) -> str:
    """The article granting a holiday (or its compensatory day) in `year`: the Labour Code then in force."""
    observed = kind == DayKind.OBSERVED
    if year >= 2021:  # Labour Code 2019 (45/2019/QH14), in force from 01/01/2021
        return "Bộ luật Lao động 2019, Điều 111 khoản 3" if observed else "Bộ luật Lao động 2019, Điều 112"
    if year >= 2013:  # Labour Code 2012 (10/2012/QH13), in force from 01/05/2013
        return "Bộ luật Lao động 2012, Điều 115"
    return "Bộ luật Lao động 1994, Điều 73"


@dataclass(frozen=True)
class ProposedDay:
    """One day the package proposes: its kind, name, legal basis and, for swaps, the paired date."""

    date: dt.date
    kind: str
    name: str
    legal_reference: str = ""
    paired_date: dt.date | None = None


def package_version() -> str:
    return f"holidays {holidays.__version__}"


def proposed_days(year: int) -> dict[dt.date, ProposedDay]:
    """The days off and make-up days of `year` according to the package."""
    # Neighbouring years too: a swap can cross the new year (31/12/2018 off, worked Sat 05/01/2019).
    years = (year - 1, year, year + 1)
    with_observed = holidays.country_holidays(COUNTRY, years=years, language=LANGUAGE)
    without_observed = holidays.country_holidays(COUNTRY, years=years, language=LANGUAGE, observed=False)
    substituted = _substituted_parser(with_observed)

    result: dict[dt.date, ProposedDay] = {}
    makeup_for: dict[dt.date, dt.date] = {}  # make-up Saturday -> the day off it pays for
    for day in sorted(with_observed):
        names = with_observed.get_list(day)
        paired = next((p for p in (substituted(n) for n in names) if p is not None), None)
        if paired is not None:
            makeup_for[paired] = day
            kind, basis = DayKind.SWAP_OFF, ""
        elif day not in without_observed:
            kind, basis = DayKind.OBSERVED, legal_basis(day.year, DayKind.OBSERVED)
        elif (day.month, day.day) == (11, 24):
            kind, basis = DayKind.HOLIDAY, CULTURE_DAY_BASIS
        else:
            kind, basis = DayKind.HOLIDAY, legal_basis(day.year, DayKind.HOLIDAY)
        if day.year == year:
            result[day] = ProposedDay(day, kind, "; ".join(names)[:200], basis, paired)

    # weekend_workdays may hold make-up days of other years (the package keeps them on the class), so filter.
    for day in sorted(with_observed.weekend_workdays):
        if day.year != year or day in result:
            continue
        off = makeup_for.get(day)
        name = f"Làm bù cho ngày nghỉ {off:%d/%m/%Y}" if off else "Làm bù"
        result[day] = ProposedDay(day, DayKind.MAKEUP_WORKDAY, name, "", off)
    return dict(sorted(result.items()))


def _substituted_parser(calendar):
    """A function name -> paired date for the package's "Ngày nghỉ (thay cho ngày %s)" labels, else None."""
    label = calendar.tr(calendar.substituted_label)
    date_format = calendar.tr(calendar.substituted_date_format)
    pattern = re.compile(re.escape(label).replace(re.escape("%s"), "(.+)"))

    def parse(name: str) -> dt.date | None:
        match = pattern.fullmatch(name)
        if match is None:
            return None
        try:
            return dt.datetime.strptime(match.group(1), date_format).date()
        except ValueError:
            return None

    return parse
