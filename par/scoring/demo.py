"""Demo data for the PAR index: last year's department index published by decision and then corrected by a
second one (both on the public page; the deltas read the one in force), this year's department
index at various stages (deadline 05/12, as in the province's plan, appendix 07 task 2), and the commune index
with one ward approved (after 05/12, this year's assessments are all still self-scored). Idempotent: a second run writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from par.core.http import PDF_TYPE
from par.scoring import actions
from par.scoring.exchange import load_shipped
from par.scoring.models import IndexFramework, Method

# Loaded by `manage.py load_demo` after the apps named here (decision 0118): its measured criteria read them all.
AFTER: tuple[str, ...] = ("plans", "dossiers", "petitions", "portal", "inspections", "reporting", "surveys")


def _evidence(code: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"kiem-chung-{code}.pdf", b"%PDF-1.4\n% demo evidence\n", content_type=PDF_TYPE)


def _self_score(assessment, fraction: Decimal, *, skip: int = 0) -> None:
    leaves = list(assessment.framework.criteria.filter(is_leaf=True, method=Method.SELF).order_by("order"))
    for i, c in enumerate(leaves[: len(leaves) - skip]):
        # A little variety between criteria, always within the maximum.
        points = min(
            c.max_points, (c.max_points * fraction * Decimal(1 + (i % 3) / 20)).quantize(Decimal("0.25"))
        )
        files = [_evidence(c.code)] if c.evidence_required else []
        actions.do_self_score(
            assessment, c, points=points, note="Theo báo cáo CCHC năm", files=files, actor=None
        )


def _to_approved(assessment, fraction: Decimal, appraisal: dict[str, tuple[str, str]] | None = None) -> None:
    _self_score(assessment, fraction)
    actions.do_submit_assessment(assessment, actor=None)
    _council_fills_in(assessment, fraction)
    for code, (points, reason) in (appraisal or {}).items():
        c = assessment.framework.criteria.get(code=code)
        actions.do_appraise_score(assessment, c, points=points, reason=reason, actor=None)
    actions.do_approve_assessment(assessment, actor=None)


def _council_fills_in(assessment, fraction: Decimal) -> None:
    """The council scores the appraisal-only criteria, and the measured ones whose source has no data yet."""
    scores = assessment.scores.select_related("criterion").filter(
        criterion__method__in=[Method.APPRAISAL, Method.AUTO]
    )
    for score in scores:
        c = score.criterion
        if c.method == Method.AUTO and score.measured_points is not None:
            continue
        points = (c.max_points * fraction).quantize(Decimal("0.25"))
        reason = (
            ""
            if c.method == Method.APPRAISAL
            else "Chưa có số liệu trên hệ thống; chấm theo báo cáo của đơn vị"
        )
        actions.do_appraise_score(assessment, c, points=points, reason=reason, actor=None)


def _publish_with_a_correction(framework, justice, year: int) -> None:
    """Last year's decision, then its correction: one criterion of Sở Tư pháp was summed wrongly, the council
    re-appraised it and the province published a correcting decision. Both stay on the public page."""
    today = timezone.localdate()
    first = actions.do_publish_results(
        framework,
        decision_number=f"{(year % 100) * 10 + 5}/QĐ-UBND",
        decision_date=min(dt.date(year, 3, 20), today),
        signer_name="Nguyễn Văn Thi",
        signer_title="Phó Chủ tịch",
        actor=None,
    )
    assessment = framework.assessments.get(unit=justice)
    actions.do_reopen_assessment(
        assessment, reason="Tổng hợp sai điểm tiêu chí 2.1 của Sở Tư pháp", actor=None
    )
    criterion = framework.criteria.get(code="2.1")
    actions.do_appraise_score(
        assessment,
        criterion,
        points=criterion.max_points,
        reason="Sở Tư pháp đã trình đủ và đúng hạn các dự thảo văn bản theo kế hoạch",
        actor=None,
    )
    actions.do_approve_assessment(assessment, actor=None)
    actions.do_publish_results(
        framework,
        decision_number=f"{(year % 100) * 10 + 6}/QĐ-UBND",
        decision_date=min(dt.date(year, 4, 2), today),
        signer_name="Nguyễn Văn Thi",
        signer_title="Phó Chủ tịch",
        corrects=first,
        correction_reason="Điểm tiêu chí 2.1 của Sở Tư pháp được tổng hợp sai trong Quyết định công bố",
        actor=None,
    )


def load_demo(units: dict, stdout) -> None:
    province = units["province"]
    year = timezone.localdate().year
    if IndexFramework.objects.filter(owner=province, year=year).exists():
        return
    previous = load_shipped("department", owner=province, year=year - 1, self_deadline=None)
    opened = {a.unit_id: a for a in actions.do_open_assessments(previous, actor=None)}
    # Last year every department went through to approval, with varied results (two named ones fixed).
    fixed = {units["justice"].pk: Decimal("0.85"), units["home_affairs"].pk: Decimal("0.95")}
    for i, (unit_id, assessment) in enumerate(sorted(opened.items())):
        fraction = fixed.get(unit_id, Decimal("0.62") + Decimal(i * 7 % 34) / 100)
        _to_approved(assessment, fraction)
    _publish_with_a_correction(previous, units["justice"], year)

    deadline = dt.date(year, 12, 5)
    # After the deadline nothing of this year can be submitted any more (do_submit_assessment refuses): the demo
    # then shows this year's assessments still being self-scored, waiting to be reopened.
    before_deadline = timezone.localdate() <= deadline
    current = load_shipped("department", owner=province, year=year, self_deadline=deadline)
    opened = {a.unit_id: a for a in actions.do_open_assessments(current, actor=None)}
    if units["home_affairs"].pk in opened:
        home = opened[units["home_affairs"].pk]
        _self_score(home, Decimal("0.9"))
        if before_deadline:
            actions.do_submit_assessment(home, actor=None)
            _council_fills_in(home, Decimal("0.9"))
            actions.do_appraise_score(
                home,
                current.criteria.get(code="2.1"),
                points="3",
                reason="Một dự thảo trình chậm so với kế hoạch",
                actor=None,
            )
    if units["justice"].pk in opened:
        justice = opened[units["justice"].pk]
        _self_score(justice, Decimal("0.8"), skip=3)  # still scoring
        actions.do_refresh_measured(justice, actor=None)  # the measured criteria from this year's live data

    communes = load_shipped("commune", owner=province, year=year, self_deadline=deadline)
    ward = units["ward"]
    opened = {a.unit_id: a for a in actions.do_open_assessments(communes, units=[ward], actor=None)}
    if ward.pk in opened:
        if before_deadline:
            _to_approved(
                opened[ward.pk], Decimal("0.8"), {"5.3": ("3", "Có 01 công chức bị nhắc nhở về kỷ luật")}
            )
        else:
            _self_score(opened[ward.pk], Decimal("0.8"))
    stdout.write(
        f"PAR index: frameworks {year - 1} (published, then corrected) and {year} (departments, communes)\n"
    )
