"""Subtree reads: the materialised path (what the app uses) against a recursive CTE over parent ids."""

from __future__ import annotations

from django.db import connection

from par.accounts.access import visible_units
from par.accounts.models import Membership, Role, User
from par.orgunits.models import AdminLevel, Unit, UnitKind
from par.orgunits.querysets import subtree_q


def build_country(communes: int) -> list[Unit]:
    """34 provinces, 15 departments each, and `communes` communes spread over them."""
    provinces = Unit.objects.bulk_create(
        Unit(code=f"P{i:02}", name=f"Tỉnh {i}", kind=UnitKind.PROVINCE, level=AdminLevel.PROVINCE)
        for i in range(34)
    )
    for p in provinces:
        p.path, p.depth = p.compute_path()
    Unit.objects.bulk_update(provinces, ["path", "depth"])
    children = []
    for i, p in enumerate(provinces):
        children += [
            Unit(
                code=f"P{i:02}D{d}",
                name=f"Sở {d}",
                kind=UnitKind.DEPARTMENT,
                level=AdminLevel.PROVINCE,
                parent=p,
            )
            for d in range(15)
        ]
    children += [
        Unit(
            code=f"C{c:05}",
            name=f"Xã {c}",
            kind=UnitKind.COMMUNE,
            level=AdminLevel.COMMUNE,
            parent=provinces[c % 34],
        )
        for c in range(communes)
    ]
    children = Unit.objects.bulk_create(children, batch_size=2000)
    by_id = {p.pk: p for p in provinces}
    for u in children:
        u.parent = by_id[u.parent_id]
        u.path, u.depth = u.compute_path()
    Unit.objects.bulk_update(children, ["path", "depth"], batch_size=2000)
    return provinces


CTE = """
WITH RECURSIVE sub(id) AS (
    SELECT id FROM orgunits_unit WHERE id = %s
    UNION ALL
    SELECT u.id FROM orgunits_unit u JOIN sub ON u.parent_id = sub.id
)
SELECT id FROM sub
"""


def run(communes: int, timed) -> None:
    provinces = build_country(communes)
    province = provinces[7]
    officer = User.objects.create(username="bench")
    Membership.objects.create(user=officer, unit=province, role=Role.PAR_OFFICER)

    def by_like():
        return list(Unit.objects.filter(path__startswith=province.path).values_list("id", flat=True))

    def by_path():
        return list(Unit.objects.filter(subtree_q(province.path)).values_list("id", flat=True))

    def by_cte():
        with connection.cursor() as cursor:
            cursor.execute(CTE, [province.pk])
            return [row[0] for row in cursor.fetchall()]

    def by_range_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM orgunits_unit WHERE path >= %s AND path < %s",
                [province.path, province.path + ":"],
            )
            return [row[0] for row in cursor.fetchall()]

    def by_visible_to():
        return list(visible_units(officer).values_list("id", flat=True))

    assert (
        sorted(by_path())
        == sorted(by_cte())
        == sorted(by_visible_to())
        == sorted(by_like())
        == sorted(by_range_sql())
    )
    baseline = timed(by_cte)
    print(f"engine: {connection.vendor}; units: {Unit.objects.count()}; subtree size: {len(by_path())}")
    print(f"{'query':<42}{'median ms':>10}{'ratio':>8}")
    for label, fn in [
        ("recursive CTE on parent_id (baseline)", by_cte),
        ("path LIKE 'prefix%' (not used)", by_like),
        ("path range, raw SQL", by_range_sql),
        ("path range through the ORM (Unit.subtree)", by_path),
        ("visible_units(PAR officer), 2 queries", by_visible_to),
    ]:
        t = baseline if fn is by_cte else timed(fn)
        print(f"{label:<42}{t * 1000:>10.2f}{t / baseline:>8.2f}")
