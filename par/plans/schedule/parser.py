"""`parse_schedule`: a schedule cell, item by item, into milestones with their labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date

from par.core.text import fold_with_origin
from par.plans.schedule.model import (
    _RECURRENCE_ORDER,
    WARNING_EMPTY,
    Milestone,
    MilestoneKind,
    Recurrence,
    Schedule,
    _invalid,
    _not_understood,
    _start_only,
    _unknown_period,
)
from par.plans.schedule.text import (
    _EMPTY_LABELS,
    _LABEL_COLON,
    _LABEL_EDGE_END,
    _LABEL_EDGE_START,
    _LABEL_PUNCTUATION,
    _LEFTOVER,
    _LIST_GAP,
    _RANGE_GAP,
    _WHITESPACE,
    _clean,
    _split_items,
    _Text,
)
from par.plans.schedule.tokens import _month_end, _scan, _Token

# --- Items -------------------------------------------------------------------------------------------------


def _trim(text: str) -> str:
    """A label or trigger without the bullets, punctuation and joining words around it."""
    while True:
        before = text
        text = text.strip(_LABEL_PUNCTUATION)
        # "(Tháng 01/2017)" leaves a lone bracket on each side of the deadline.
        if text.count("(") > text.count(")"):
            text = text.rstrip("(").lstrip("(")
        if text.count(")") > text.count("("):
            text = text.rstrip(")").lstrip(")")
        piece = _Text(text)
        end = _LABEL_EDGE_END.search(piece.folded)
        if end:
            text = piece.slice(0, end.start())
        start = _LABEL_EDGE_START.search(_Text(text).folded)
        if start:
            piece = _Text(text)
            text = piece.slice(start.end(), len(piece.folded))
        if text == before:
            return text


def _clean_label(text: str) -> str:
    label = _trim(text)
    return "" if _WHITESPACE.sub(" ", fold_with_origin(label)[0]) in _EMPTY_LABELS else label


@dataclass
class _ItemResult:
    milestones: list[Milestone]
    recurrences: list[Recurrence]
    triggers: list[str]
    warnings: list[str]


def _leftover_warnings(text: _Text, tokens: list[_Token]) -> list[str]:
    """Warn about each stretch between understood phrases that still looks like a time ("quý V", "30 ngày")."""
    warnings: list[str] = []
    position = 0
    for start, end in [(t.start, t.end) for t in tokens] + [(len(text.folded), len(text.folded))]:
        if start > position and _LEFTOVER.search(text.folded[position:start]):
            warnings.append(_not_understood(_trim(text.slice(position, start)) or text.text))
        position = max(position, end)
    return warnings


def _group_deadlines(tokens: list[_Token], text: _Text) -> list[list[_Token]]:
    """Group deadlines written as one range or list ("Quý I - Quý II/2021", "tháng 6 và tháng 12")."""
    groups: list[list[_Token]] = []
    previous: _Token | None = None
    for token in tokens:
        if token.category not in ("fixed", "year"):
            previous = None
            continue
        gap = text.folded[previous.end : token.start] if previous else ""
        joined = previous is not None and (
            _RANGE_GAP.fullmatch(gap)
            or (_LIST_GAP.fullmatch(gap) and previous.category == token.category == "fixed")
        )
        if joined:
            groups[-1].append(token)
        else:
            groups.append([token])
        previous = token
    return groups


def _split_list(group: list[_Token], text: _Text) -> list[list[_Token]]:
    """The members of a group written as a list ("30/6 và 31/12/2022"); a range stays one member."""
    members: list[list[_Token]] = [[group[0]]]
    for previous, token in zip(group, group[1:], strict=False):
        gap = text.folded[previous.end : token.start]
        if _LIST_GAP.fullmatch(gap) and not _RANGE_GAP.fullmatch(gap):
            members.append([token])
        else:
            members[-1].append(token)
    return members


def _list_deadlines(members: list[list[_Token]], item_year: int) -> list[tuple[date, MilestoneKind]]:
    """Every deadline of a list, in order: each member is due when it ends (a range, at its last period).

    A member without a year takes the year of the next member that writes one: "30/6 và 31/12/2022" is due on
    30/06/2022 and 31/12/2022 whatever the plan year.
    """
    years: list[int] = []
    following = item_year
    for member in reversed(members):
        written = [y for t in member if (y := t.written_year()) is not None]
        years.append(following)
        if written:
            following = written[0]
    years.reverse()
    deadlines: list[tuple[date, MilestoneKind]] = []
    for member, year in zip(members, years, strict=True):
        tokens = [(t, t.kind) for t in member if t.due and t.kind]
        if len(tokens) == 1:
            token, kind = tokens[0]
            deadlines.extend((due, kind) for due in token.deadlines(year))
        elif tokens:
            # A range takes its own written year first: "Từ quý II/2021 đến hết năm" ends on 31/12/2021.
            own = next((y for t, _k in tokens if (y := t.written_year()) is not None), year)
            deadlines.append(max(((max(t.deadlines(own)), k) for t, k in tokens), key=lambda pair: pair[0]))
    return list(dict.fromkeys(deadlines))


def _parse_item(item: str, plan_year: int, heading: str | None) -> _ItemResult:
    """Read one item of a cell: "[label:] time", e.g. "Báo cáo kết quả khảo sát: tháng 11/2021"."""
    result = _ItemResult([], [], [], [])
    colon = _LABEL_COLON.search(item)
    label: str | None = heading
    fallback_label = ""
    body = _Text(item)
    if colon:
        label = _clean_label(item[: colon.start()])
        body = _Text(item[colon.end() :])
    tokens = _scan(body)
    if colon and not tokens:
        # The time may sit in the label and the unit after the colon: "Báo cáo tổng hợp toàn tỉnh hàng quý: Sở
        # Thông tin và Truyền thông".
        after = body
        body = _Text(item[: colon.start()])
        tokens = _scan(body)
        if tokens:
            result.warnings.extend(_leftover_warnings(after, []))
            label, fallback_label = None, _clean_label(after.text)
    if not tokens:
        result.warnings.append(_not_understood(_trim(item) or item))
        return result
    result.warnings.extend(_leftover_warnings(body, tokens))

    # "năm 2021" beside a finer deadline or a cadence is the year those fall in, not a milestone of its own.
    groups = _group_deadlines(tokens, body)
    has_deadline = any(t.category in ("fixed", "recurring") for t in tokens)
    context = [g for g in groups if has_deadline and all(t.category == "year" for t in g)]
    context_years = [t.year for g in context for t in g if t.year is not None]
    item_year = context_years[0] if context_years else plan_year
    # A bare "năm 2021" inside a product's name stays in its label ("Kế hoạch CCHC năm 2021 trước 31/12/2020");
    # "Trong năm 2022, chậm nhất tháng 10" is all time and names no product.
    in_label = {
        id(t) for g in context for t in g if not t.prefix and body.folded[t.start :].startswith("nam")
    }
    boundaries = [t for t in tokens if id(t) not in in_label]

    def label_before(token: _Token) -> str:
        if label is not None:
            return label
        start = max((t.end for t in boundaries if t.end <= token.start), default=0)
        return _clean_label(body.slice(start, token.start)) or fallback_label

    dated = False
    for group in groups:
        if group in context:
            continue
        first, last = group[0], group[-1]
        source = _trim(body.slice(first.start, last.end))
        if len(group) == 1 and first.elements == 1 and {"tu", "sau"} & set(first.prefix.split()):
            result.warnings.append(_start_only(source))
            continue
        try:
            ends = _list_deadlines(_split_list(group, body), item_year)
        except (ValueError, OverflowError):
            result.warnings.append(_invalid(source))
            continue
        result.milestones.extend(Milestone(label_before(first), due, kind, source) for due, kind in ends)
        dated = True

    for token in tokens:
        source = _trim(body.slice(token.start, token.end))
        if token.category == "recurring" and token.recurrence:
            year = token.year or item_year
            try:
                occurrences = [_month_end(year, month) for month in token.months]
            except (ValueError, OverflowError):
                result.warnings.append(_invalid(source))
                continue
            result.recurrences.append(token.recurrence)
            result.milestones.extend(
                Milestone(label_before(token), due, MilestoneKind.RECURRING, source) for due in occurrences
            )
            dated = True
        elif token.category == "problem" and token.problem:
            # "định kỳ" alone says nothing by itself; the whole item shows what is periodic.
            shown = _trim(item) if token.problem is _unknown_period else source
            result.warnings.append(token.problem(shown))

    for token in tokens:
        if token.category == "event":
            trigger = _trim(body.slice(token.start, token.end))
            result.triggers.append(trigger)
            if token.after_days is not None:
                event = _trim(body.slice(token.event_start, token.end))
                result.milestones.append(
                    Milestone(
                        label_before(token),
                        None,
                        MilestoneKind.EVENT,
                        trigger,
                        after_days=token.after_days,
                        working_days=token.working_days,
                        after_event=event,
                    )
                )
            elif not dated:
                result.milestones.append(Milestone(label_before(token), None, MilestoneKind.EVENT, trigger))
    return result


def parse_schedule(text: str, year: int) -> Schedule:
    """Parse a plan task's schedule cell into milestones, keeping the text as written.

    `year` is the plan year, assumed wherever the text names a period without its year ("quý I", "tháng 6",
    "Thường xuyên trong năm"). Text that cannot be read yields no milestone and a Vietnamese warning; the
    function never raises on any text. It raises ValueError only for a plan year outside 1..9999.
    """
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f"plan year out of range: {year}")
    original = text
    items = _split_items(_clean(text or ""))
    if not items:
        return Schedule(original, (), None, None, (WARNING_EMPTY,))

    milestones: list[Milestone] = []
    recurrences: list[Recurrence] = []
    triggers: list[str] = []
    warnings: list[str] = []
    heading: str | None = None
    for item in items:
        colon = _LABEL_COLON.search(item)
        if (
            colon
            and not item[colon.end() :].strip(_LABEL_PUNCTUATION)
            and not _scan(_Text(item[: colon.start()]))
        ):
            # "Báo cáo kết quả:" on a line of its own names the product of the bullets under it.
            heading = _clean_label(item[: colon.start()]) or None
            continue
        parsed = _parse_item(item, year, None if colon else heading)
        milestones.extend(parsed.milestones)
        recurrences.extend(parsed.recurrences)
        triggers.extend(parsed.triggers)
        warnings.extend(parsed.warnings)
    if not milestones and not warnings:
        warnings.append(_not_understood(_trim(_clean(text)) or text))

    return Schedule(
        original=original,
        milestones=tuple(dict.fromkeys(milestones)),
        recurrence=min(recurrences, key=_RECURRENCE_ORDER.index) if recurrences else None,
        event_trigger="; ".join(dict.fromkeys(triggers)) or None,
        warnings=tuple(dict.fromkeys(warnings)),
    )
