"""The province dashboard's server time on the demo data, against the same dossier figures read straight from the
rollup table in raw SQL.

Usage: .venv/bin/python bench/bench_dashboard.py [--db postgres://...] [--repeat 7]
(or call `run(timed)` from bench/run.py). Loads the demo province (`load_demo`: units, calendar, procedures,
users and each app's demo data), then measures `/dashboard/` for the province PAR officer (cchc.tinh) through
Django's test client, the median of `repeat` runs after one warm-up: computed afresh (`?refresh=1`), and shown
again with the figures kept (decision 0157). Baseline, in the same run: the dossier
breakdowns of the page (by procedure, by month, by unit below the province) as three hand-written GROUP BY queries
on the statistics table. The ratio is what the rest of the page (every measure, plans, reports, ranking, the
template) costs on top of the bare sums. Goal: 300 ms server time.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

GOAL_MS = 300


def run(timed, repeat: int = 7) -> list[tuple[str, float]]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from par.accounts.models import User
    from par.dashboards.forms import year_period
    from par.dossiers.models import DossierRollup
    from par.orgunits.models import Unit, UnitKind

    if Unit.objects.exists():  # after other benchmarks in the same database (bench/run.py): start clean
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    officer = User.objects.get(username="cchc.tinh")
    province = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("path").first()
    assert province is not None
    period = year_period("m12", timezone.localdate().year)
    rollups = DossierRollup._meta.db_table
    units = Unit._meta.db_table
    sums = "SUM(r.received), SUM(r.resolved_early), SUM(r.resolved_on_time), SUM(r.resolved_late), SUM(r.pending)"
    month = (
        "date_trunc('month', r.day)" if connection.vendor == "postgresql" else "strftime('%%Y-%%m', r.day)"
    )
    within = "u.path >= %s AND u.path < %s AND r.day >= %s AND r.day <= %s"
    params = [province.path, province.path + ":", period.start, period.end]
    raw = [
        (  # by procedure
            f"SELECT r.procedure_id, {sums} FROM {rollups} r JOIN {units} u ON u.id = r.unit_id "  # noqa: S608
            f"WHERE {within} GROUP BY r.procedure_id",
            params,
        ),
        (  # by month
            f"SELECT {month}, {sums} FROM {rollups} r JOIN {units} u ON u.id = r.unit_id "  # noqa: S608
            f"WHERE {within} GROUP BY 1",
            params,
        ),
        (  # by unit directly below the province, each its whole subtree
            f"SELECT c.id, {sums} FROM {units} c JOIN {units} u ON u.path >= c.path "  # noqa: S608
            f"AND u.path < c.path || ':' JOIN {rollups} r ON r.unit_id = u.id "
            "WHERE c.parent_id = %s AND r.day >= %s AND r.day <= %s GROUP BY c.id",
            [province.pk, period.start, period.end],
        ),
    ]

    def baseline():
        with connection.cursor() as cursor:
            for sql, args in raw:
                cursor.execute(sql, args)
                cursor.fetchall()

    client = Client()
    client.force_login(officer)

    def page():  # computed afresh: every measure, table and link
        response = client.get("/dashboard/?refresh=1")
        assert response.status_code == 200, response.status_code

    def kept():  # shown again within PAR_DASHBOARD_SNAPSHOT_SECONDS (decision 0157): the tables from the cache
        response = client.get("/dashboard/")
        assert response.status_code == 200, response.status_code

    base = timed(baseline, repeat=repeat)
    dashboard = timed(page, repeat=repeat)
    shown_again = timed(kept, repeat=repeat)
    rows = DossierRollup.objects.count()
    below = Unit.objects.filter(parent=province).count()
    print(
        f"province dashboard, demo data ({rows} rollup rows, {below} units below the province), {connection.vendor}"
    )
    print(f"{'what':52} {'ms':>8} {'ratio':>7}")
    print(f"{'rollup sums in raw SQL, 3 queries (baseline)':52} {base * 1000:8.2f} {1:7.2f}")
    print(
        f"{'GET /dashboard/ as cchc.tinh (median of ' + str(repeat) + ')':52} {dashboard * 1000:8.2f} {dashboard / base:7.2f}"
    )
    print(
        f"{'GET /dashboard/ shown again, figures kept':52} {shown_again * 1000:8.2f} {shown_again / base:7.2f}"
    )
    print(
        f"goal {GOAL_MS} ms server time, computed afresh: {'met' if dashboard * 1000 <= GOAL_MS else 'not met'}"
    )
    return [
        ("rollup sums, raw SQL (baseline)", base),
        ("province dashboard, computed", dashboard),
        ("province dashboard, kept", shown_again),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="", help="DATABASE_URL of a PostgreSQL server (default: SQLite)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    from run import throwaway_database, timed

    with throwaway_database(args.db):
        run(timed, args.repeat)


if __name__ == "__main__":
    main()
