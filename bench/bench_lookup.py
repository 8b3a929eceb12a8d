"""Public dossier lookup: requests per second through Django's full request cycle, cached against uncached.

Usage: .venv/bin/python bench/bench_lookup.py [--db postgres://...] [--dossiers 300] [--requests 2000]
(or call `run(timed)` from bench/run.py). Requests go through Django's test client, i.e. the WSGI handler
with every middleware, but no network and no web server: the numbers are the application's own ceiling per
process. Baseline: /healthz (the same middleware stack and one `SELECT 1`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def build(n_dossiers: int) -> list[str]:
    """A ward, a procedure and `n_dossiers` dossiers filed through the actions, a third carried to the result."""
    from par.accounts.models import Membership, Role, User
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year
    from par.catalog.actions import DocumentInput, StepInput, do_add_version, do_create_procedure
    from par.catalog.models import Field
    from par.core.testing import make_unit
    from par.dossiers import actions as a
    from par.orgunits.models import UnitKind

    calendar, _ = do_ensure_national_calendar(actor=None)
    do_seed_calendar_year(calendar, 2026, actor=None)
    province = make_unit("38", "Tỉnh Thanh Hóa", UnitKind.PROVINCE)
    ward = make_unit("14812", "Phường Bỉm Sơn", UnitKind.WARD, province, valid_from=dt.date(2025, 7, 1))
    admin = User.objects.create_user(username="bench-admin", is_superuser=True, is_staff=True)
    clerk = User.objects.create_user(username="bench-clerk")
    Membership.objects.create(user=clerk, unit=ward, role=Role.ONE_STOP_CLERK)
    procedure = do_create_procedure(
        data={
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "field": Field.objects.create(code="HT", name="Hộ tịch"),
            "at_commune": True,
            "responsible_kind": "commune_committee",
            "result": "Giấy khai sinh",
        },
        actor=admin,
    )
    do_add_version(
        procedure,
        data={
            "valid_from": dt.date(2024, 1, 1),
            "legal_days": Decimal(3),
            "committed_days": Decimal(2),
            "online_level": "full",
        },
        steps=[
            StepInput(name="Tiếp nhận hồ sơ", actor="reception", days=Decimal("0.5")),
            StepInput(name="Thẩm định", actor="specialist", days=Decimal(1)),
            StepInput(name="Lãnh đạo ký", actor="leader", days=Decimal("0.5")),
        ],
        documents=[DocumentInput(name="Tờ khai", originals=1, copies=0, form_template="")],
        actor=admin,
    )
    procedure.refresh_from_db()
    codes = []
    for i in range(n_dossiers):
        when = dt.datetime(2026, 3, 2 + i % 20, 8, 0, tzinfo=VN)
        d = a.do_file_dossier(
            unit=ward,
            procedure=procedure,
            applicant=a.Applicant(name=f"Nguyễn Văn {i}", id_number="038090001234", phone="0912345678"),
            channel="counter",
            actor=clerk,
            at=when,
        )
        checked = d.procedure_version.documents.values_list("pk", flat=True)  # every document at the counter
        d = a.do_receive_complete(d, expected_version=d.version, actor=clerk, at=when, checked=checked)
        if i % 3 == 0:
            later = when + dt.timedelta(hours=3)
            d = a.do_submit_for_approval(d, expected_version=d.version, actor=None, at=later)
            d = a.do_approve(d, expected_version=d.version, actor=None, at=later)
            d = a.do_issue_result(d, expected_version=d.version, actor=None, at=later)
        codes.append(d.code)
    return codes


def run(timed, n_dossiers: int = 300, n_requests: int = 2000) -> list[tuple[str, float]]:
    from django.conf import settings
    from django.test import Client

    from par.portal.lookup import invalidate

    settings.PAR_PUBLIC_LOOKUP_RATE = f"{10**9}/60"  # measure the lookup, not the limiter's refusals
    codes = build(n_dossiers)
    rng = random.Random(7)  # noqa: S311 - a reproducible sample, not a secret
    sample = [rng.choice(codes) for _ in range(n_requests)]
    client = Client()

    def healthz():
        for _ in sample:
            client.get("/healthz")

    def cached():
        for code in sample:
            client.get(f"/api/v1/public/dossiers/{code}")

    from par.dossiers.public import rating_token

    secrets = {code: rating_token(code) for code in set(sample)}

    def cached_with_secret():
        for code in sample:
            client.get(f"/api/v1/public/dossiers/{code}", {"t": secrets[code]})

    def uncached():
        for code in sample:
            invalidate(code)
            client.get(f"/api/v1/public/dossiers/{code}")

    def invalidate_only():
        for code in sample:
            invalidate(code)

    def page_cached():
        for code in sample[: n_requests // 4]:
            client.get(f"/tra-cuu/?code={code}")

    results = [
        ("/healthz (baseline: middleware + SELECT 1)", n_requests / timed(healthz, repeat=5)),
        ("API, cached hit", n_requests / timed(cached, repeat=5)),
        ("API, cached hit with the receipt's secret", n_requests / timed(cached_with_secret, repeat=5)),
        ("API, cache miss (2 queries)", n_requests / (timed(uncached, repeat=5) - timed(invalidate_only, 3))),
        ("HTML page /tra-cuu/?code=…, cached", (n_requests // 4) / timed(page_cached, repeat=5)),
    ]
    base = results[0][1]
    print(f"{'request':48} {'req/s':>9} {'ratio':>7}")
    for name, rps in results:
        print(f"{name:48} {rps:9.0f} {rps / base:7.2f}")
    hit, miss = results[1][1], results[3][1]
    print(f"cached / uncached: {hit / miss:.2f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="", help="DATABASE_URL of a PostgreSQL server (default: SQLite)")
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    from run import throwaway_database, timed

    with throwaway_database(args.db, serialized=False):
        run(timed, args.dossiers, args.requests)


if __name__ == "__main__":
    main()
