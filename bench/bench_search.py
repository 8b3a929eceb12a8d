"""Staff search among 20,000 dossiers: by name without accents, by code, ID number and phone.

Usage: .venv/bin/python bench/bench_search.py [--db postgres://...] [--dossiers 20000]
(or call `run(timed)` from bench/run.py). The dossiers are written with bulk_create, half at the clerk's ward and
half at another one. Measured: what the search page asks the database (`par.dossiers.search.search` over
`visible_dossiers(clerk)`: the count and the first page of 50, the two queries of `work_list`), then the whole page
through Django's test client. Baseline: the lookup of one dossier by primary key, in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def build(n_dossiers: int):
    """Two wards, a procedure, a clerk at the first ward and `n_dossiers` dossiers split between the wards."""
    from par.accounts.models import Membership, Role, User
    from par.catalog.actions import DocumentInput, StepInput, do_add_version, do_create_procedure
    from par.catalog.models import Field
    from par.core.testing import make_unit
    from par.dossiers.testing import bulk_dossiers
    from par.orgunits.models import UnitKind

    province = make_unit("38", "Tỉnh Thanh Hóa", UnitKind.PROVINCE)
    ward = make_unit("14812", "Phường Bỉm Sơn", UnitKind.WARD, province, valid_from=dt.date(2025, 7, 1))
    other = make_unit("14818", "Phường Quang Trung", UnitKind.WARD, province, valid_from=dt.date(2025, 7, 1))
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
        steps=[StepInput(name="Thẩm định", actor="specialist", days=Decimal(2))],
        documents=[DocumentInput(name="Tờ khai", originals=1, copies=0, form_template="")],
        actor=admin,
    )
    first = dt.datetime(2025, 7, 1, 8, 0, tzinfo=VN)
    half = n_dossiers // 2
    mine = bulk_dossiers(half, unit=ward, procedure=procedure, first_filed=first, seed=1)
    bulk_dossiers(n_dossiers - half, unit=other, procedure=procedure, first_filed=first, seed=2)
    return clerk, mine


def plan(sql: str, params) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return " ".join(str(row) for row in cursor.fetchall())


def run(timed, n_dossiers: int = 20000) -> list[tuple[str, float]]:
    from django.db import connection
    from django.test import Client

    from par.dossiers.access import visible_dossiers
    from par.dossiers.models import Dossier
    from par.dossiers.search import search

    clerk, mine = build(n_dossiers)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dossiers_dossier")
    target = mine[len(mine) // 3]
    name = " ".join(target.applicant_folded.split())  # the full name, typed without accents
    queries = [
        ("name without accents", name),
        ("two words of a name", " ".join(name.split()[1:])),
        ("code (exact)", target.code),
        ("code prefix", target.code[:-2]),
        ("ID number", target.applicant_id_number),
        ("phone", target.applicant_phone),
    ]

    def by_pk():
        list(Dossier.objects.filter(pk=target.pk))

    def page(q):
        def _run():
            matching = search(visible_dossiers(clerk), q)
            matching.order_by().count()
            list(matching.select_related("procedure", "unit").order_by("-submitted_at", "-pk")[:50])

        return _run

    words = " AND ".join("applicant_folded LIKE %s" for _ in name.split())
    raw_sql = (
        f"SELECT COUNT(*) FROM dossiers_dossier WHERE unit_id = %s AND {words}",  # noqa: S608 - placeholders only
        f"SELECT id, code, applicant_name FROM dossiers_dossier WHERE unit_id = %s AND {words} "  # noqa: S608
        "ORDER BY submitted_at DESC, id DESC LIMIT 50",
    )
    raw_params = [target.unit_id, *(f"%{w}%" for w in name.split())]

    def raw_name():
        with connection.cursor() as cursor:
            for sql in raw_sql:
                cursor.execute(sql, raw_params)
                cursor.fetchall()

    base = timed(by_pk, repeat=21)
    results = [("primary key lookup (baseline)", base, 1)]
    results.append(("name, raw SQL: count + 50 rows of one unit", timed(raw_name, repeat=21), 0))
    for label, q in queries:
        found = search(visible_dossiers(clerk), q).count()
        results.append((f"{label} ({found} found)", timed(page(q), repeat=21), found))
    client = Client()
    client.force_login(clerk)
    results.append(
        (
            "whole page /dossiers/search/?q=name",
            timed(lambda: client.get("/dossiers/search/", {"q": name})),
            0,
        )
    )
    print(f"staff search, {n_dossiers} dossiers, {connection.vendor}")
    print(f"{'query':48} {'ms':>8} {'ratio':>7}")
    for label, seconds, _found in results:
        print(f"{label:48} {seconds * 1000:8.2f} {seconds / base:7.2f}")
    if connection.vendor == "postgresql":
        sql, params = search(visible_dossiers(clerk), name).query.sql_with_params()
        uses = "dossier_applicant_trgm_idx" in plan(sql, params)
        print(f"name search plan uses the trigram index: {uses}")
        sql, params = search(Dossier.objects.all(), target.applicant_id_number).query.sql_with_params()
        print(f"number search plan uses the prefix indexes: {'prefix_idx' in plan(sql, params)}")
    return [(label, seconds) for label, seconds, _found in results]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="", help="DATABASE_URL of a PostgreSQL server (default: SQLite)")
    parser.add_argument("--dossiers", type=int, default=20000)
    args = parser.parse_args()
    from run import throwaway_database, timed

    with throwaway_database(args.db):
        run(timed, args.dossiers)


if __name__ == "__main__":
    main()
