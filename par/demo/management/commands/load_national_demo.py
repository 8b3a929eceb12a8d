"""A national deployment's demo: two provinces' reports side by side on /sync/national/ (decision 0171).

Run on a database that already holds the province demo (`make demo` / `load_demo`), with PAR_MODE=national:
this province's reports are received as if it had pushed them (its own report taken as approved), and a second,
invented province ("Tỉnh Nghệ An (demo)", code 40) sends the same reports with every figure at 80 %. The index
results this province published are received the same way (the second province's at 80 %), so the ranking of
provinces (decision 0172) has two provinces to rank. Idempotent: a second run receives nothing new.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from par.reporting.models import COUNTED_STATES, Report
from par.reporting.national import report_payload
from par.scoring.models import RankingPublication
from par.sync.actions import do_add_receiving_province, do_receive_item
from par.sync.models import ReceivingProvince
from par.sync.outbox import INDEX_RESULTS, REPORTS, jsonable

SECOND = ("40", "Tỉnh Nghệ An (demo)")


def _scaled(payload: dict, code: str, name: str) -> dict:
    """The same report from the invented province: its unit renamed, every number at 80 %."""
    copy = {**payload, "unit": {**payload["unit"]}, "values": [dict(v) for v in payload["values"]]}
    if copy["unit"]["is_province"]:
        copy["unit"].update(code=code, name=name)
    else:
        copy["unit"].update(code=f"{code}.{copy['unit']['code']}", name=f"{copy['unit']['name']} ({name})")
    for value in copy["values"]:
        if value["number"] is not None and not value["rank_of"]:
            value["number"] = str((Decimal(value["number"]) * Decimal("0.8")).quantize(Decimal("0.01")))
    return copy


def _index_payload(publication: RankingPublication) -> dict:
    """A published decision as `do_publish_results` sends it (its lines as published)."""
    framework = publication.framework
    return jsonable(
        {
            "framework": {"code": framework.code, "name": framework.name, "year": framework.year},
            "decision": publication.decision_number,
            "decision_date": publication.decision_date,
            "corrects": publication.corrects.decision_number if publication.corrects else None,
            "max_total": publication.max_total,
            "results": [
                {
                    "unit": r.unit_name,
                    "status": r.status,
                    "total": r.total,
                    "percent": r.percent,
                    "rank": r.rank,
                    "classification": r.classification,
                }
                for r in publication.results.order_by("order")
            ],
        }
    )


def _scaled_index(payload: dict) -> dict:
    """The invented province's decision: every ranked unit's points and index at 80 %."""
    lines = []
    for line in payload["results"]:
        line = dict(line)
        for name in ("total", "percent"):
            if line[name] is not None:
                line[name] = str((Decimal(line[name]) * Decimal("0.8")).quantize(Decimal("0.01")))
        lines.append(line)
    return {**payload, "results": lines}


def _receive(province: ReceivingProvince, stream: str, bodies: list[tuple[str, dict]]) -> None:
    for n, (key, body) in enumerate(bodies, start=1):
        item = {
            "stream": stream,
            "sequence": n,
            "previous": n - 1,
            "key": key,
            "created_at": dt.datetime.now(tz=dt.UTC),
            "payload": body,
        }
        do_receive_item(province, item)


class Command(BaseCommand):
    help = (
        "National mode demo: receive this province's reports and an invented second province's, side by side."
    )

    def handle(self, *args, **options):
        if settings.PAR_MODE != "national":
            raise CommandError("Run with PAR_MODE=national (the national view exists only there).")
        reports = Report.objects.filter(state__in=COUNTED_STATES) | Report.objects.filter(
            unit__parent__isnull=True
        )
        payloads = []
        for report in reports.select_related("unit", "period", "template").order_by("pk"):
            payload = jsonable(report_payload(report))
            payload["approved_at"] = payload["approved_at"] or timezone.now().isoformat()
            payloads.append(payload)
        if not payloads:
            raise CommandError("No report to send: load the province demo first (load_demo).")
        publications = RankingPublication.objects.select_related("framework", "corrects").order_by(
            "created_at", "pk"
        )
        decisions = [(p.pk, _index_payload(p)) for p in publications]
        own = next((p["unit"] for p in payloads if p["unit"]["is_province"]), None)
        first = (own["code"], own["name"]) if own else (settings.PAR_DEMO_PROVINCE, "Tỉnh Thanh Hóa")
        for code, name in (first, SECOND):
            province = ReceivingProvince.objects.filter(code=code).first()
            if province is None:
                province, _token = do_add_receiving_province(code=code, name=name, actor=None)
            own_province = province.code == first[0]
            reports_sent = [
                (
                    f"demo.report:{payload['report']}:v{payload['version']}",
                    payload if own_province else _scaled(payload, code, name),
                )
                for payload in payloads
            ]
            _receive(province, REPORTS, reports_sent)
            results_sent = [
                (f"demo.index:{pk}", body if own_province else _scaled_index(body)) for pk, body in decisions
            ]
            _receive(province, INDEX_RESULTS, results_sent)
        self.stdout.write(
            f"{len(payloads)} reports and {len(decisions)} index decisions from each of 2 provinces; "
            "see /sync/national/"
        )
