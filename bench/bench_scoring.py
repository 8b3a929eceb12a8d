"""PAR index: recompute totals and ranking for every commune of the country (3,321 × 40 criteria) the way the
ranking page does (one aggregate over the scores, ranking with ties in Python, classification, deltas), against
a plain-SQL aggregation of the same scores (GROUP BY and ORDER BY, nothing else) measured in the same run.

Usage: .venv/bin/python bench/bench_scoring.py [--db postgres://...] [--communes 3321]
(`run(communes, timed)` follows the harness of bench/run.py so it can be listed there.)
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

CRITERIA = 40  # 8 areas × 5 leaves of 2.5 points


def build(communes: int):
    from par.accounts.models import User
    from par.orgunits.models import AdminLevel, Unit, UnitKind
    from par.scoring.actions import NodeInput, do_create_framework, do_open_assessments
    from par.scoring.models import Score

    province = Unit.objects.create(
        code="BENCH-IDX", name="Tỉnh chấm điểm", kind=UnitKind.PROVINCE, level=AdminLevel.PROVINCE
    )
    province.path, province.depth = province.compute_path()
    province.save()
    rows = Unit.objects.bulk_create(
        (
            Unit(
                code=f"BENCH-IDX-{c:05}",
                name=f"Xã {c}",
                kind=UnitKind.COMMUNE,
                level=AdminLevel.COMMUNE,
                parent=province,
            )
            for c in range(communes)
        ),
        batch_size=2000,
    )
    for u in rows:
        u.path, u.depth = u.compute_path()
    Unit.objects.bulk_update(rows, ["path", "depth"], batch_size=2000)
    nodes = [
        NodeInput(
            str(a),
            f"Lĩnh vực {a}",
            Decimal("12.5"),
            children=[
                NodeInput(f"{a}.{i}", f"Tiêu chí {a}.{i}", Decimal("2.5"), method="self") for i in range(1, 6)
            ],
        )
        for a in range(1, 9)
    ]
    officer = User.objects.create(username="bench-par", is_superuser=True)
    framework = do_create_framework(
        owner=province, year=2026, assessed_kind="commune", code="B", name="Bench", nodes=nodes, actor=officer
    )
    do_open_assessments(framework, actor=officer)
    rng = random.Random(7)  # noqa: S311  (reproducible synthetic scores, not secrets)
    scores = list(Score.objects.filter(assessment__framework=framework).only("pk"))
    for s in scores:
        # Quarter points, so that many communes tie.
        s.final_points = Decimal(rng.randint(4, 10)) / 4
    Score.objects.bulk_update(scores, ["final_points"], batch_size=5000)
    return framework, len(scores)


SQL = """
SELECT s.assessment_id, SUM(s.final_points) AS total
FROM scoring_score s JOIN scoring_assessment a ON a.id = s.assessment_id
WHERE a.framework_id = %s
GROUP BY s.assessment_id
ORDER BY total DESC
"""


def run(communes: int, timed) -> None:
    from django.db import connection

    from par.scoring.results import compute_results

    start = time.perf_counter()
    framework, n_scores = build(communes)
    built = time.perf_counter() - start

    def app():
        return compute_results(framework)

    def plain_sql():
        with connection.cursor() as cursor:
            cursor.execute(SQL, [framework.pk])
            return cursor.fetchall()

    rows = app()
    assert len(rows) == communes and len(plain_sql()) == communes
    assert rows[0].total == plain_sql()[0][1]
    ties = len(rows) - len({r.rank for r in rows})
    t_app, t_sql = timed(app), timed(plain_sql)
    print(
        f"PAR index ranking on {connection.vendor}: {communes} communes × {CRITERIA} criteria = {n_scores} scores"
        f" (built in {built:.1f} s; {ties} communes share a rank)"
    )
    print(f"  recompute totals + ranking + classification + deltas (app): {t_app * 1000:8.1f} ms")
    print(f"  plain SQL GROUP BY + ORDER BY of the same scores:           {t_sql * 1000:8.1f} ms")
    print(f"  ratio app / plain SQL: {t_app / t_sql:.2f}   goal ≤ 1 s: {'met' if t_app <= 1 else 'NOT met'}")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    import argparse
    import os
    import tempfile

    from run import ROOT, timed  # noqa: F401  (run.py puts the project on sys.path)

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="", help="DATABASE_URL of a PostgreSQL server (default: SQLite)")
    parser.add_argument("--communes", type=int, default=3321)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.db or f"sqlite:///{tempfile.mkdtemp(prefix='par-bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "par.settings_test")  # key and address as in the tests
    import django

    django.setup()
    from django.test.runner import DiscoverRunner
    from django.test.utils import setup_test_environment

    setup_test_environment()
    runner = DiscoverRunner(verbosity=0)
    old = runner.setup_databases()
    try:
        run(args.communes, timed)
    finally:
        runner.teardown_databases(old)
