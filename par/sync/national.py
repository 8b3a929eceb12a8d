"""What the national view reads from the items the provinces pushed (decision 0171): the periods reported, each
province's latest report for a period, the figures side by side, and the ranking of provinces (decision 0172). Nothing here knows a user; the view checks
who may look."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from par.core.ranks import q2, rank_with_ties
from par.sync.models import ReceivedItem, ReceivingProvince
from par.sync.outbox import INDEX_RESULTS, REPORTS


def periods() -> list[tuple[str, str]]:
    """(key, name) of every period some province reported, newest first."""
    rows = (
        ReceivedItem.objects.filter(stream=REPORTS)
        .values_list("payload__period__key", "payload__period__name")
        .distinct()
    )
    return sorted(set(rows), reverse=True)


@dataclass
class ProvinceColumn:
    province: ReceivingProvince
    report: dict | None = None  # the province's own report (its top unit), latest approval
    units_reported: int = 0  # units with an approved report for the period
    units_waiting: int = 0  # units whose latest event is a submission not yet approved
    submitted: dict | None = None  # the province's own report, submitted after its latest approval (or none)
    figures: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def submitted_on(self) -> dt.date | None:
        moment = parse_datetime((self.submitted or {}).get("submitted_at") or "")
        return timezone.localdate(moment) if moment else None

    @property
    def approved_on(self) -> dt.date | None:
        moment = parse_datetime((self.report or {}).get("approved_at") or "")
        return timezone.localdate(moment) if moment else None


def plain(number: str) -> str:
    """A decimal as sent ("12.50", "3.00") without its needless zeros ("12.5", "3")."""
    value = Decimal(number)
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def side_by_side(period_key: str) -> tuple[list[ProvinceColumn], list[tuple[str, str, str]]]:
    """Per active province, its latest report of the period and its figures; and the rows (element, column,
    label) that some province filled, in code order."""
    columns = {
        p.pk: ProvinceColumn(p) for p in ReceivingProvince.objects.filter(active=True).order_by("code")
    }
    units: dict[int, set[str]] = {pk: set() for pk in columns}
    latest: dict[int, dict[str, str]] = {pk: {} for pk in columns}  # unit code → its latest event
    items = ReceivedItem.objects.filter(stream=REPORTS, payload__period__key=period_key).order_by("sequence")
    for item in items.only("province_id", "payload"):
        column = columns.get(item.province_id)
        if column is None:
            continue
        code = item.payload["unit"]["code"]
        event = item.payload.get("event", "approved")  # items sent before submissions were told carry none
        latest[item.province_id][code] = event
        is_province = item.payload["unit"].get("is_province")
        if event == "submitted":
            if is_province:
                column.submitted = item.payload
            continue
        units[item.province_id].add(code)
        if is_province:
            column.report = item.payload  # a later approval (after a reopening) replaces the earlier one
            column.submitted = None
    labels: dict[tuple[str, str], str] = {}
    for pk, column in columns.items():
        column.units_reported = len(units[pk])
        column.units_waiting = sum(1 for event in latest[pk].values() if event == "submitted")
        for value in (column.report or {}).get("values", []):
            shown = plain(value["number"]) if value["number"] is not None else value["text"]
            if value.get("rank_of") and value["number"] is not None:
                shown = f"{shown}/{value['rank_of']}"
            column.figures[(value["element"], value["column"])] = shown or ""
            labels.setdefault((value["element"], value["column"]), value["label"])
    rows = [(element, col, label) for (element, col), label in sorted(labels.items())]
    return list(columns.values()), rows


def indices() -> list[tuple[str, str]]:
    """(key "code/year", "name year") of every index framework some province published, newest year first."""
    rows = (
        ReceivedItem.objects.filter(stream=INDEX_RESULTS)
        .values_list("payload__framework__code", "payload__framework__year", "payload__framework__name")
        .distinct()
    )
    named = {(int(year), code): name for code, year, name in rows}
    return [
        (f"{code}/{year}", f"{name} {year}") for (year, code), name in sorted(named.items(), reverse=True)
    ]


@dataclass
class ProvinceStanding:
    province: ReceivingProvince
    decision: str = ""  # the number of the province's latest published decision for the index
    units_ranked: int = 0
    score: Decimal | None = None  # the mean index (%) of the units the province ranked
    rank: int | None = None


def province_ranking(index_key: str) -> list[ProvinceStanding]:
    """Every active province for the index "code/year": its score is the mean index (%) of the units its latest
    published decision ranked (a correction replaces the decision it corrects), and the provinces are ranked on
    it with the scoring engine's own rule (equal scores share the better rank, the next rank is skipped).
    Provinces that published nothing for the index come last, without a rank."""
    code, _sep, year = index_key.partition("/")
    standings = {
        p.pk: ProvinceStanding(p) for p in ReceivingProvince.objects.filter(active=True).order_by("code")
    }
    if not year.isdigit():
        return list(standings.values())
    items = ReceivedItem.objects.filter(
        stream=INDEX_RESULTS, payload__framework__code=code, payload__framework__year=int(year)
    ).order_by("sequence")
    for item in items.only("province_id", "payload"):
        standing = standings.get(item.province_id)
        if standing is None:
            continue
        percents = [
            Decimal(line["percent"])
            for line in item.payload["results"]
            if line["status"] == "ranked" and line["percent"] is not None
        ]
        standing.decision = item.payload.get("decision") or ""
        standing.units_ranked = len(percents)
        standing.score = q2(sum(percents) / len(percents)) if percents else None
    scored = [(s, s.score) for s in standings.values() if s.score is not None]
    for (standing, _score), rank in zip(scored, rank_with_ties([score for _s, score in scored]), strict=True):
        standing.rank = rank
    return sorted(standings.values(), key=lambda s: (s.rank is None, s.rank or 0, s.province.code))
