"""Builders shared by the PAR index tests (no tests here): the department framework of 2025 (published) and of
2026 (open), made through the actions as the province would make them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from par.scoring import actions
from par.scoring.exchange import load_shipped
from par.scoring.models import Assessment, Method


def self_score_all(assessment: Assessment, actor, *, fraction: Decimal = Decimal(1), files=None) -> None:
    """Score every self-assessed criterion at `fraction` of its maximum (with a PDF where evidence is required)."""
    for criterion in assessment.framework.criteria.filter(is_leaf=True, method=Method.SELF).order_by("order"):
        evidence = [files()] if files and criterion.evidence_required else []
        actions.do_self_score(
            assessment, criterion, points=criterion.max_points * fraction, files=evidence, actor=actor
        )


def published_year(units, people, year: int, fractions: dict) -> SimpleNamespace:
    """A department framework for `year`, each unit in `fractions` self-scored, approved and published."""
    from par.core.testing import pdf

    framework = load_shipped("department", owner=units.province, year=year, actor=people.par_officer)
    opened = actions.do_open_assessments(framework, actor=people.par_officer)
    by_unit = {a.unit_id: a for a in opened}
    for unit, fraction in fractions.items():
        a = by_unit[unit.pk]
        officer = people.justice_officer if unit == units.justice else people.home_affairs_officer
        self_score_all(a, officer, fraction=fraction, files=pdf)
        actions.do_submit_assessment(a, actor=officer)
        actions.do_approve_assessment(a, actor=people.appraiser)
    # Units not in `fractions` are left out of the ranking: publication needs every unit approved or excluded.
    for unit_id, a in by_unit.items():
        if unit_id not in {u.pk for u in fractions}:
            actions.do_exclude_assessment(
                a, reason="Không tham gia đánh giá năm này", actor=people.par_officer
            )
    publication = actions.do_publish_results(
        framework,
        decision_number=f"{year - 2020}/QĐ-UBND",
        # Never after the (frozen) today of the test: a decision is published once signed.
        decision_date=min(dt.date(year + 1, 3, 20), timezone.localdate()),
        actor=people.par_officer,
    )
    return SimpleNamespace(framework=framework, assessments=by_unit, publication=publication)


def open_year(
    units, people, year: int = 2026, deadline: dt.date | None = dt.date(2026, 12, 5)
) -> SimpleNamespace:
    framework = load_shipped(
        "department", owner=units.province, year=year, self_deadline=deadline, actor=people.par_officer
    )
    opened = {a.unit_id: a for a in actions.do_open_assessments(framework, actor=people.par_officer)}
    return SimpleNamespace(
        framework=framework,
        justice=opened[units.justice.pk],
        home_affairs=opened[units.home_affairs.pk],
        criterion=lambda code: framework.criteria.get(code=code),
    )


def publish_form(client, framework, **fields) -> dict:
    """The publication form as the ranking page serves it to `client` (with the figures' fingerprint), plus
    `fields`; a decision dated 01/12/2026 unless given."""
    import re

    page = client.get(f"/par-index/frameworks/{framework.pk}/ranking/").content.decode()
    found = re.search(r'name="ranking_version" value="([0-9a-f]+)"', page)
    assert found, "the ranking page offers no publication form"
    form = {"ranking_version": found.group(1), "decision_date": "01/12/2026"}
    corrects = re.search(r'name="corrects" value="([0-9]+)"', page)
    if corrects:
        form["corrects"] = corrects.group(1)
    return {**form, **fields}
