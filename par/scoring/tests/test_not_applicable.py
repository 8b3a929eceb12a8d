"""A criterion can be "not applicable" to a unit (decision 0120): the unit marks it with a reason in
self-assessment, the appraisal council confirms or overrules the mark, and the index is points ÷ the unit's
applicable maximum, as in Thanh Hóa's published results (68,32 points = 81,33 %, of an applicable 84)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from par.audit.models import AuditEvent
from par.core.testing import english
from par.scoring import actions
from par.scoring.actions import NodeInput
from par.scoring.actions import applicability as na
from par.scoring.models import Applicability, AssessmentState, Score

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


def _tree() -> list[NodeInput]:
    """Two areas: what every department does (84 points) and a one-stop desk (16) that Sở Tư pháp lacks here."""
    return [
        NodeInput(
            "1",
            "Công tác chỉ đạo, điều hành và cải cách thể chế",
            Decimal(84),
            children=[
                NodeInput("1.1", "Kế hoạch và báo cáo cải cách hành chính", Decimal(50), method="self"),
                NodeInput("1.2", "Xây dựng, rà soát văn bản quy phạm pháp luật", Decimal(34), method="self"),
            ],
        ),
        NodeInput(
            "2",
            "Bộ phận tiếp nhận và trả kết quả của đơn vị",
            Decimal(16),
            children=[
                NodeInput("2.1", "Giải quyết hồ sơ đúng hạn tại bộ phận một cửa", Decimal(10), method="self"),
                NodeInput(
                    "2.2", "Niêm yết thủ tục hành chính tại bộ phận một cửa", Decimal(6), method="appraisal"
                ),
            ],
        ),
    ]


@pytest.fixture
def year(units, people):
    framework = actions.do_create_framework(
        owner=units.province,
        year=2026,
        assessed_kind="department",
        code="CCHC-SO",
        name="Bộ chỉ số cải cách hành chính các sở",
        nodes=_tree(),
        actor=people.par_officer,
    )
    opened = {a.unit_id: a for a in actions.do_open_assessments(framework, actor=people.par_officer)}
    return SimpleNamespace(
        framework=framework,
        justice=opened[units.justice.pk],
        home_affairs=opened[units.home_affairs.pk],
        criterion=lambda code: framework.criteria.get(code=code),
    )


def _score(assessment, criterion) -> Score:
    return Score.objects.get(assessment=assessment, criterion=criterion)


def _mark_url(year, code):
    return f"/par-index/assessments/{year.justice.pk}/criteria/{year.criterion(code).pk}/not-applicable/"


def _decide_url(year, code):
    return f"/par-index/assessments/{year.justice.pk}/criteria/{year.criterion(code).pk}/applicability/"


REASON = "Sở không có bộ phận một cửa: thủ tục của Sở tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh"


@time_machine.travel(NOW, tick=False)
def test_thanh_hoa_index_is_the_points_over_the_units_applicable_maximum(year, people, client_for):
    unit = client_for(people.justice_officer)
    for code in ("2.1", "2.2"):
        assert unit.post(_mark_url(year, code), {"reason": REASON}).status_code == 302
    for code, points in (("1.1", "40"), ("1.2", "28,32")):
        unit.post(
            f"/par-index/assessments/{year.justice.pk}/criteria/{year.criterion(code).pk}/self/",
            {"points": points},
        )
    unit.post(f"/par-index/assessments/{year.justice.pk}/submit/")
    council = client_for(people.appraiser)
    for code in ("2.1", "2.2"):
        council.post(
            _decide_url(year, code), {"decision": "confirm", "reason": "Đúng, Sở không có bộ phận một cửa"}
        )
    # The council approves the figures on the page it sees (their version is in the approval form).
    seen = council.get(f"/par-index/assessments/{year.justice.pk}/").content.decode()
    form = seen.split(f'action="/par-index/assessments/{year.justice.pk}/approve/"')[1]
    version = form.split('name="version" value="')[1].split('"')[0]
    council.post(f"/par-index/assessments/{year.justice.pk}/approve/", {"version": version})
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.APPROVED
    assert (year.justice.total, year.justice.applicable_max) == (Decimal("68.32"), Decimal(84))

    page = client_for(people.par_officer).get(f"/par-index/frameworks/{year.framework.pk}/ranking/")
    html = page.content.decode()
    row = html[html.index('data-unit="Sở Tư pháp"') :]
    assert '<td class="text-end total">68,32</td>' in row
    assert '<td class="text-end applicable-max">84,00</td>' in row
    assert '<td class="text-end percent">81,33</td>' in row  # 68,32 ÷ 84, not ÷ 100
    sheet = client_for(people.justice_officer).get(f"/par-index/assessments/{year.justice.pk}/")
    text = sheet.content.decode()
    assert (
        '<span id="applicable-max">84,00</span>' in text
        and '<span id="assessment-percent">81,33</span>' in text
    )
    assert text.count('data-not-applicable="yes"') == 2 and REASON in text
    events = AuditEvent.objects.filter(
        action__in=["scoring.mark_not_applicable", "scoring.confirm_not_applicable"]
    )
    assert events.count() == 4 and {e.reason for e in events} >= {REASON}


@time_machine.travel(NOW, tick=False)
def test_the_mark_and_the_decision_reach_the_xlsx_the_docx_and_the_api(year, people, client_for):
    from docx import Document

    na.do_mark_not_applicable(
        year.justice, year.criterion("2.2"), reason=REASON, actor=people.justice_officer
    )
    # Only an approved unit's figures are in the decision: the council confirms the mark and approves.
    for code in ("1.1", "1.2", "2.1"):
        actions.do_self_score(year.justice, year.criterion(code), points=0, actor=people.justice_officer)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    na.do_decide_not_applicable(
        year.justice, year.criterion("2.2"), confirm=True, reason="Đúng", actor=people.appraiser
    )
    actions.do_approve_assessment(year.justice, actor=people.appraiser)
    client = client_for(people.par_officer)
    book = load_workbook(
        io.BytesIO(client.get(f"/par-index/frameworks/{year.framework.pk}/decision.xlsx").getvalue())
    )
    table = list(book.active.iter_rows(values_only=True))
    header = next(r for r in table if r and "Tổng điểm" in r)
    row = dict(zip(header, next(r for r in table if r and r[1] == "Sở Tư pháp"), strict=True))
    assert row["Điểm tối đa áp dụng"] == 94 and row["Tiêu chí không áp dụng"] == "2.2"
    docx = Document(
        io.BytesIO(client.get(f"/par-index/frameworks/{year.framework.pk}/decision.docx").getvalue())
    )
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Điểm tối đa áp dụng" in cells and "94,00" in cells
    assert "Tiêu chí không áp dụng: Sở Tư pháp: 2.2." in text

    results = client.get(f"/api/v1/index-frameworks/{year.framework.pk}/results/").json()
    assert {r["unit_name"]: r["applicable_max"] for r in results} == {
        "Sở Tư pháp": "94.00",
        "Sở Nội vụ": "100.00",
    }
    assessment = client.get(f"/api/v1/index-assessments/{year.justice.pk}/").json()
    assert assessment["applicable_max"] == "94.00"
    scores = client.get("/api/v1/index-scores/", {"assessment": year.justice.pk}).json()["results"]
    marked = next(s for s in scores if s["code"] == "2.2")
    assert marked["not_applicable"] and marked["na_reason"] == REASON and marked["na_decision"] == "confirmed"


def test_only_the_units_own_officers_mark_a_criterion_and_only_with_a_reason(
    year, people, client, client_for
):
    url = _mark_url(year, "2.1")
    anonymous = client.post(url, {"reason": REASON})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert (
        client_for(people.home_affairs_officer).post(url, {"reason": REASON}).status_code == 404
    )  # other unit
    assert client_for(people.outsider).post(url, {"reason": REASON}).status_code == 404
    client_for(people.appraiser).post(url, {"reason": REASON})  # sees the sheet, may not mark it
    english(client_for(people.justice_officer)).post(url, {"reason": "  "})
    assert not _score(year.justice, year.criterion("2.1")).na_claimed
    assert client_for(people.justice_officer).post(url, {"reason": REASON}).status_code == 302
    score = _score(year.justice, year.criterion("2.1"))
    assert score.na_claimed and score.not_applicable and score.na_claimed_by == people.justice_officer


@time_machine.travel(NOW, tick=False)
def test_a_marked_criterion_needs_no_self_score_and_the_unit_can_take_the_mark_back(year, people, client_for):
    officer = people.justice_officer
    na.do_mark_not_applicable(year.justice, year.criterion("2.1"), reason=REASON, actor=officer)
    with pytest.raises(ValidationError, match="2.1"):
        actions.do_self_score(year.justice, year.criterion("2.1"), points=5, actor=officer)
    client_for(officer).post(_mark_url(year, "2.1"), {"withdraw": "1"})
    score = _score(year.justice, year.criterion("2.1"))
    assert not score.na_claimed and not score.not_applicable
    na.do_mark_not_applicable(year.justice, year.criterion("2.1"), reason=REASON, actor=officer)
    for code, points in (("1.1", 50), ("1.2", 34)):
        actions.do_self_score(year.justice, year.criterion(code), points=points, actor=officer)
    submitted = actions.do_submit_assessment(year.justice, actor=officer)  # 2.1 has no self score: not needed
    assert submitted.state == AssessmentState.SUBMITTED
    assert AuditEvent.objects.filter(action="scoring.withdraw_not_applicable").count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_council_decides_every_mark_before_approving_and_overrules_with_a_reason_and_points(
    year, people, client_for
):
    officer = people.justice_officer
    for code in ("2.1", "2.2"):
        na.do_mark_not_applicable(year.justice, year.criterion(code), reason=REASON, actor=officer)
    actions.do_self_score(year.justice, year.criterion("1.1"), points=50, actor=officer)
    actions.do_self_score(year.justice, year.criterion("1.2"), points=34, actor=officer)
    actions.do_submit_assessment(year.justice, actor=officer)
    assert client_for(officer).post(_decide_url(year, "2.1"), {"decision": "confirm"}).status_code == 302
    assert _score(year.justice, year.criterion("2.1")).na_decision == Applicability.PENDING  # not the council
    assert (
        client_for(people.outsider).post(_decide_url(year, "2.1"), {"decision": "confirm"}).status_code == 404
    )
    with pytest.raises(ValidationError, match="2.1, 2.2"):
        actions.do_approve_assessment(year.justice, actor=people.appraiser)

    council = english(client_for(people.appraiser))
    refused = council.post(_decide_url(year, "2.1"), {"decision": "overrule"}, follow=True)
    assert "give the reason" in refused.content.decode()
    never_scored = council.post(
        _decide_url(year, "2.1"),
        {"decision": "overrule", "reason": "Sở có tiếp nhận hồ sơ lý lịch tư pháp"},
        follow=True,
    )
    assert "give the points" in never_scored.content.decode()
    council.post(
        _decide_url(year, "2.1"),
        {"decision": "overrule", "reason": "Sở có tiếp nhận hồ sơ lý lịch tư pháp", "points": "7,5"},
    )
    council.post(_decide_url(year, "2.2"), {"decision": "confirm"})
    actions.do_approve_assessment(year.justice, actor=people.appraiser)
    year.justice.refresh_from_db()
    # 50 + 34 + 7,5 of an applicable 94 (2.2's 6 points left out).
    assert (year.justice.total, year.justice.applicable_max) == (Decimal("91.50"), Decimal(94))
    overruled = _score(year.justice, year.criterion("2.1"))
    assert overruled.na_decision == Applicability.OVERRULED and overruled.appraised_points == Decimal("7.5")
    event = AuditEvent.objects.get(action="scoring.overrule_not_applicable")
    assert event.reason == "Sở có tiếp nhận hồ sơ lý lịch tư pháp" and event.after["not_applicable"] is False


def test_the_api_marks_and_decides_with_the_same_rules(year, people, client, client_for):
    c = year.criterion("2.1")
    mark = f"/api/v1/index-assessments/{year.justice.pk}/not-applicable/"
    decide = f"/api/v1/index-assessments/{year.justice.pk}/applicability/"
    assert client.post(mark, {"criterion": c.pk, "reason": REASON}).status_code in (401, 403)
    assert (
        client_for(people.home_affairs_officer).post(mark, {"criterion": c.pk, "reason": REASON}).status_code
        == 404
    )
    assert client_for(people.appraiser).post(mark, {"criterion": c.pk, "reason": REASON}).status_code == 403
    officer = client_for(people.justice_officer)
    assert officer.post(mark, {"criterion": c.pk, "reason": ""}).status_code == 400
    done = officer.post(mark, {"criterion": c.pk, "reason": REASON, "version": 1})
    assert done.status_code == 200 and done.json()["not_applicable"] is True
    assert officer.post(mark, {"criterion": c.pk, "reason": REASON, "version": 1}).status_code == 409
    assert (
        client_for(people.appraiser).post(decide, {"criterion": c.pk, "decision": "confirm"}).status_code
        == 400
    )
