"""Publication is a record (decision 0110): each decision is a snapshot that never changes, a correction is a new
decision naming the one it corrects, publication needs every unit approved or excluded with a reason, drafts say
"DỰ THẢO", an unassessed unit is "chưa đánh giá", and approval or publication on stale figures is refused."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.audit.models import AuditEvent
from par.core.testing import english, pdf
from par.scoring import actions
from par.scoring.models import (
    AssessmentState,
    PublishedResult,
    RankingExclusion,
    RankingPublication,
    ResultStatus,
)
from par.scoring.tests.helpers import open_year, publish_form, self_score_all

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)  # 10:00 on 01/12/2026 in Thanh Hóa


@pytest.fixture
def year(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield open_year(units, people)


def _approve(assessment, officer, people, fraction=Decimal(1)):
    self_score_all(assessment, officer, fraction=fraction, files=pdf)
    actions.do_submit_assessment(assessment, actor=officer)
    actions.do_approve_assessment(assessment, actor=people.appraiser)


@pytest.fixture
def approved(year, people):
    """Both departments approved: Sở Tư pháp with every self score at its maximum (59,00), Sở Nội vụ at 90 %."""
    _approve(year.justice, people.justice_officer, people)
    _approve(year.home_affairs, people.home_affairs_officer, people, Decimal("0.9"))
    return year


def _publish(client, framework, **fields):
    return client.post(
        f"/par-index/frameworks/{framework.pk}/publish/", publish_form(client, framework, **fields)
    )


def _lower_justice_by_correction(year, people):
    """The council finds criteria 2.1 and 5.1 of Sở Tư pháp wrongly scored: 59,00 becomes 52,00 points."""
    actions.do_reopen_assessment(year.justice, reason="Sai sót khi tổng hợp", actor=people.par_officer)
    for code in ("2.1", "5.1"):
        actions.do_appraise_score(
            year.justice, year.criterion(code), points=0, reason="Không có văn bản", actor=people.appraiser
        )
    actions.do_approve_assessment(year.justice, actor=people.appraiser)


def _line(publication, unit):
    return PublishedResult.objects.get(publication=publication, unit=unit)


# ------------------------------------------------------------------------------------------- republication


def test_a_second_publication_is_refused_and_the_first_decision_stays_as_published(
    client_for, people, units, approved
):
    officer = client_for(people.par_officer)
    assert _publish(officer, approved.framework, decision_number="125/QĐ-UBND").status_code == 302
    # As the old form did: a new decision number, no decision named as corrected.
    form = publish_form(officer, approved.framework, decision_number="126/QĐ-UBND")
    del form["corrects"]
    again = officer.post(f"/par-index/frameworks/{approved.framework.pk}/publish/", form)
    assert again.status_code == 400
    assert "đã được công bố tại Quyết định 125/QĐ-UBND ngày 01/12/2026" in again.content.decode()
    first = RankingPublication.objects.get()
    assert first.decision_number == "125/QĐ-UBND" and first.decision_date == dt.date(2026, 12, 1)
    assert _line(first, units.justice).rank == 1 and _line(first, units.justice).total == Decimal("59.00")


def test_a_correction_is_a_new_decision_and_both_decisions_keep_their_figures(
    client, client_for, people, units, approved
):
    officer = client_for(people.par_officer)
    _publish(officer, approved.framework, decision_number="125/QĐ-UBND", signer_name="Nguyễn Văn Thi")
    first = RankingPublication.objects.get()
    _lower_justice_by_correction(approved, people)
    without_reason = _publish(officer, approved.framework, decision_number="126/QĐ-UBND")
    assert without_reason.status_code == 400 and "Hãy ghi lý do điều chỉnh" in without_reason.content.decode()
    done = _publish(
        officer,
        approved.framework,
        decision_number="126/QĐ-UBND",
        correction_reason="Điểm tiêu chí 2.1 và 5.1 của Sở Tư pháp bị tổng hợp sai",
    )
    assert done.status_code == 302
    second = RankingPublication.objects.exclude(pk=first.pk).get()
    assert second.corrects == first and "2.1 và 5.1" in second.correction_reason
    assert (_line(first, units.justice).rank, _line(first, units.justice).total) == (1, Decimal("59.00"))
    assert (_line(second, units.justice).rank, _line(second, units.justice).total) == (2, Decimal("52.00"))
    assert _line(second, units.home_affairs).rank == 1
    assert AuditEvent.objects.get(action="scoring.correct_publication").reason.startswith("Điểm tiêu chí")

    client.logout()
    public = client.get(f"/par-index/results/{approved.framework.pk}/").content.decode()
    assert 'data-decision="126/QĐ-UBND"' in public and "Đang có hiệu lực" in public
    assert f'href="/par-index/decisions/{first.pk}/"' in public  # the history links to the first decision
    earlier = client.get(f"/par-index/decisions/{first.pk}/").content.decode()
    assert 'id="decision-corrected-by"' in earlier and "126/QĐ-UBND" in earlier
    justice_row = earlier.split('data-unit="Sở Tư pháp"')[1].split("</tr>")[0]
    assert '<td class="rank">1</td>' in justice_row and "59,00" in justice_row


def test_a_correction_must_name_the_decision_in_force(people, approved):
    first = actions.do_publish_results(
        approved.framework, decision_number="125/QĐ-UBND", decision_date=dt.date(2026, 11, 30), actor=None
    )
    second = actions.do_publish_results(
        approved.framework,
        decision_number="126/QĐ-UBND",
        decision_date=dt.date(2026, 12, 1),
        corrects=first,
        correction_reason="Sai tên đơn vị",
        actor=people.par_officer,
    )
    from django.core.exceptions import ValidationError

    from par.core.exceptions import ConflictError

    with pytest.raises(ConflictError, match="126/QĐ-UBND"):
        actions.do_publish_results(
            approved.framework,
            decision_number="127/QĐ-UBND",
            decision_date=dt.date(2026, 12, 1),
            corrects=first,
            correction_reason="x",
            actor=people.par_officer,
        )
    with pytest.raises(ValidationError, match="126/QĐ-UBND"):  # a number is used once
        actions.do_publish_results(
            approved.framework,
            decision_number="126/QĐ-UBND",
            decision_date=dt.date(2026, 12, 1),
            corrects=second,
            correction_reason="x",
            actor=people.par_officer,
        )
    with pytest.raises(ValidationError, match="01/12/2026"):
        actions.do_publish_results(
            approved.framework,
            decision_number="127/QĐ-UBND",
            decision_date=dt.date(2026, 11, 30),
            corrects=second,
            correction_reason="x",
            actor=people.par_officer,
        )
    assert RankingPublication.objects.count() == 2


def test_a_published_decision_cannot_be_changed_or_deleted_in_code_or_in_the_admin(
    client_for, people, units, approved
):
    publication = actions.do_publish_results(
        approved.framework, decision_number="125/QĐ-UBND", decision_date=dt.date(2026, 12, 1), actor=None
    )
    line = _line(publication, units.justice)
    publication.decision_number = "126/QĐ-UBND"
    line.rank = 2
    for attempt in (
        publication.save,
        line.save,
        publication.delete,
        line.delete,
        lambda: PublishedResult.objects.filter(pk=line.pk).update(rank=2),
        lambda: RankingPublication.objects.filter(pk=publication.pk).update(decision_number="126/QĐ-UBND"),
        lambda: PublishedResult.objects.all().delete(),
    ):
        with pytest.raises(TypeError):
            attempt()
    admin = client_for(people.admin)
    url = f"/admin/scoring/rankingpublication/{publication.pk}/"
    assert admin.get(f"{url}change/").status_code == 200  # read only
    assert admin.post(f"{url}change/", {"decision_number": "126/QĐ-UBND"}).status_code == 403
    assert admin.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    publication.refresh_from_db()
    assert publication.decision_number == "125/QĐ-UBND" and _line(publication, units.justice).rank == 1


def test_last_years_deltas_read_the_decision_in_force(people, units, approved):
    from par.scoring.results import compute_results
    from par.scoring.tests.helpers import open_year as open_next

    first = actions.do_publish_results(
        approved.framework, decision_number="125/QĐ-UBND", decision_date=dt.date(2026, 12, 1), actor=None
    )
    _lower_justice_by_correction(approved, people)
    actions.do_publish_results(
        approved.framework,
        decision_number="126/QĐ-UBND",
        decision_date=dt.date(2026, 12, 1),
        corrects=first,
        correction_reason="Sai sót",
        actor=None,
    )
    next_year = open_next(units, people, year=2027, deadline=None)
    rows = {r.unit_name: r for r in compute_results(next_year.framework)}
    # 52,00 points of the 85 that apply (nobody answered the survey, 8.1 is left out): 61,18 %.
    assert rows["Sở Tư pháp"].previous_percent == Decimal("61.18")


# ------------------------------------------------------------------------------------------- guards


def test_publication_needs_every_unit_approved_or_excluded_with_a_reason(client_for, people, units, year):
    _approve(year.justice, people.justice_officer, people)
    officer = client_for(people.par_officer)
    page = officer.get(f"/par-index/frameworks/{year.framework.pk}/ranking/").content.decode()
    assert 'id="publication-waiting"' in page and 'id="publish-results"' not in page
    refused = officer.post(
        f"/par-index/frameworks/{year.framework.pk}/publish/",
        {"decision_number": "125/QĐ-UBND", "decision_date": "01/12/2026", "ranking_version": "x"},
    )
    assert refused.status_code == 409 and not RankingPublication.objects.exists()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="1/2 đơn vị chưa được Hội đồng thẩm định phê duyệt: Sở Nội vụ"):
        actions.do_publish_results(
            year.framework, decision_number="125/QĐ-UBND", decision_date=dt.date(2026, 12, 1), actor=None
        )
    exclude = f"/par-index/assessments/{year.home_affairs.pk}/exclude/"
    officer.post(exclude, {"reason": " "})
    assert not RankingExclusion.objects.exists()
    officer.post(exclude, {"reason": "Sáp nhập vào Sở Nội vụ mới từ 01/07/2026"})
    assert _publish(officer, year.framework, decision_number="125/QĐ-UBND").status_code == 302
    publication = RankingPublication.objects.get()
    left_out = _line(publication, units.home_affairs)
    assert (left_out.status, left_out.rank, left_out.classification) == (ResultStatus.EXCLUDED, None, "")
    assert left_out.reason == "Sáp nhập vào Sở Nội vụ mới từ 01/07/2026"
    year.home_affairs.refresh_from_db()
    assert year.home_affairs.state == AssessmentState.OPEN  # left out, not published


def test_only_the_par_officer_excludes_a_unit_and_other_units_see_nothing(client, client_for, people, year):
    url = f"/par-index/assessments/{year.home_affairs.pk}/exclude/"
    data = {"reason": "Sáp nhập"}
    assert "/accounts/login/" in client.post(url, data)["Location"]
    assert client_for(people.justice_officer).post(url, data).status_code == 404
    assert client_for(people.outsider).post(url, data).status_code == 404
    client_for(people.appraiser).post(url, data)  # sees the assessment, may not exclude
    assert not RankingExclusion.objects.exists()
    assert client_for(people.par_officer).post(url, data).status_code == 302
    back = f"/par-index/assessments/{year.home_affairs.pk}/include/"
    assert client_for(people.justice_officer).post(back, {"reason": "x"}).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.post(back, {"reason": "x"})["Location"]
    client_for(people.par_officer).post(back, {"reason": ""})
    assert RankingExclusion.objects.exists()
    client_for(people.par_officer).post(back, {"reason": "Đơn vị vẫn hoạt động cả năm"})
    assert not RankingExclusion.objects.exists()
    assert AuditEvent.objects.get(action="scoring.include").reason == "Đơn vị vẫn hoạt động cả năm"


def test_the_draft_decision_is_marked_and_calls_unassessed_units_not_assessed(client_for, people, year):
    from docx import Document

    # 17,70 points of the 85 that apply (nobody answered the survey): 20,82 %, below every pass mark.
    _approve(year.justice, people.justice_officer, people, Decimal("0.3"))
    response = client_for(people.par_officer).get(f"/par-index/frameworks/{year.framework.pk}/decision.docx")
    docx = Document(io.BytesIO(response.getvalue()))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert any("DỰ THẢO" in c for c in cells[:2])  # in the header, under the number
    home = next(i for i, c in enumerate(cells) if c == "Sở Nội vụ")
    # Rank, unit, total, applicable maximum, index, classification.
    assert cells[home - 1 : home + 5] == ["—", "Sở Nội vụ", "—", "—", "—", "Chưa đánh giá"]
    justice = next(i for i, c in enumerate(cells) if c == "Sở Tư pháp")
    assert cells[justice - 1] == "1" and cells[justice + 4] == "Không hoàn thành nhiệm vụ"
    assert cells.count("Không hoàn thành nhiệm vụ") == 1  # the unassessed unit gets no class
    from openpyxl import load_workbook

    book = load_workbook(
        io.BytesIO(
            client_for(people.par_officer)
            .get(f"/par-index/frameworks/{year.framework.pk}/decision.xlsx")
            .getvalue()
        )
    )
    values = [v for row in book.active.iter_rows(values_only=True) for v in row if v]
    assert "DỰ THẢO" in values and "Chưa đánh giá" in values


def test_the_ranking_workbook_starts_its_units_below_the_header_and_the_titles(client_for, people, year):
    from openpyxl import load_workbook

    from par.documents.tests.helpers import assert_table_clear_of_its_header

    _approve(year.justice, people.justice_officer, people, Decimal("0.3"))
    response = client_for(people.par_officer).get(f"/par-index/frameworks/{year.framework.pk}/decision.xlsx")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header = assert_table_clear_of_its_header(sheet, "Xếp hạng")
    assert sheet.cell(row=header + 1, column=2).value == "Sở Tư pháp"


@pytest.mark.libreoffice
def test_the_draft_decision_pdf_is_a_pdf_that_shows_the_draft_mark(client_for, people, year):
    from par.documents.pdf import soffice_path
    from par.documents.tests.pdftext import pdf_text

    if soffice_path() is None:
        pytest.skip("LibreOffice is not installed")
    response = client_for(people.par_officer).get(f"/par-index/frameworks/{year.framework.pk}/decision.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.getvalue()  # a file response streams: read it once
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "DỰ THẢO" in text and "Chưa đánh giá" in text and "Không hoàn thành" not in text


def test_the_ranking_page_gives_no_rank_or_class_to_a_unit_not_yet_approved(client_for, people, year):
    _approve(year.justice, people.justice_officer, people, Decimal("0.3"))
    self_score_all(year.home_affairs, people.home_affairs_officer, fraction=Decimal("0.5"))
    page = english(client_for(people.appraiser)).get(f"/par-index/frameworks/{year.framework.pk}/ranking/")
    home = page.content.decode().split('data-unit="Sở Nội vụ"')[1].split("</tr>")[0]
    assert '<td class="rank">—</td>' in home and "Not assessed" in home and "nhiệm vụ" not in home


# ------------------------------------------------------------------------------------------- stale figures


def test_an_approval_of_figures_another_member_changed_is_refused_with_the_current_total(
    client_for, people, year
):
    self_score_all(year.justice, people.justice_officer, files=pdf)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    url = f"/par-index/assessments/{year.justice.pk}/"
    seen = client_for(people.appraiser).get(url).content.decode()
    version = seen.split(f'action="/par-index/assessments/{year.justice.pk}/approve/"')[1]
    version = version.split('name="version" value="')[1].split('"')[0]
    # Another council member lowers a score meanwhile: 59,00 becomes 58,19.
    actions.do_appraise_score(
        year.justice,
        year.criterion("2.1"),
        points="3,19",
        reason="Một văn bản trễ hạn",
        actor=people.par_officer,
    )
    response = client_for(people.appraiser).post(f"{url}approve/", {"version": version})
    assert response.status_code == 409
    page = response.content.decode()
    assert "tổng điểm hiện là 58,19 điểm. Chưa phê duyệt." in page
    assert '<strong id="assessment-total">58,19</strong>' in page
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.APPRAISAL
    assert (
        client_for(people.appraiser).post(f"{url}approve/").status_code == 409
    )  # no version: nothing approved
    fresh = client_for(people.appraiser).post(f"{url}approve/", {"version": year.justice.version})
    assert fresh.status_code == 302
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.APPROVED and year.justice.total == Decimal("58.19")


def test_an_approval_whose_recomputation_changes_the_total_is_refused_and_shows_the_new_total(
    client_for, people, year, monkeypatch
):
    from par.scoring import results

    def measured(points):
        def measure(criterion, assessment):
            return results.Measured(available=True, value=points, points=points, formula="live data")

        return measure

    # The measured criteria from live data: 0 points each when the unit submits, 0,5 at the council's approval.
    monkeypatch.setattr("par.scoring.actions.assessments.measure_criterion", measured(Decimal("0")))
    self_score_all(year.justice, people.justice_officer, files=pdf)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    year.justice.refresh_from_db()
    total_seen = year.justice.total
    monkeypatch.setattr("par.scoring.actions.assessments.measure_criterion", measured(Decimal("0.5")))
    response = client_for(people.appraiser).post(
        f"/par-index/assessments/{year.justice.pk}/approve/", {"version": year.justice.version}
    )
    assert response.status_code == 409
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.SUBMITTED and year.justice.total > total_seen
    now = f"{year.justice.total:.2f}".replace(".", ",")
    before = f"{total_seen:.2f}".replace(".", ",")
    page = response.content.decode()
    assert f"tổng điểm thay đổi từ {before} thành {now} điểm. Chưa phê duyệt." in page
    assert f'<strong id="assessment-total">{now}</strong>' in page
    again = client_for(people.appraiser).post(
        f"/par-index/assessments/{year.justice.pk}/approve/", {"version": year.justice.version}
    )
    assert again.status_code == 302
    year.justice.refresh_from_db()
    assert (
        year.justice.state == AssessmentState.APPROVED
        and f"{year.justice.total:.2f}".replace(".", ",") == now
    )


def test_a_publication_from_a_page_whose_figures_changed_is_refused_with_the_current_ranking(
    client_for, people, units, approved
):
    officer = client_for(people.par_officer)
    form = publish_form(officer, approved.framework, decision_number="125/QĐ-UBND")
    actions.do_reopen_assessment(approved.justice, reason="Kiểm tra lại", actor=people.par_officer)
    actions.do_appraise_score(
        approved.justice,
        approved.criterion("2.1"),
        points=0,
        reason="Không có văn bản",
        actor=people.appraiser,
    )
    actions.do_approve_assessment(approved.justice, actor=people.appraiser)
    response = officer.post(f"/par-index/frameworks/{approved.framework.pk}/publish/", form)
    assert response.status_code == 409 and not RankingPublication.objects.exists()
    page = response.content.decode()
    assert "Kết quả đã thay đổi sau khi bạn mở trang" in page
    justice = page.split('data-unit="Sở Tư pháp"')[1].split("</tr>")[0]
    assert "55,00" in justice  # the current total, on the same response
    assert 'value="125/QĐ-UBND"' in page  # what the officer typed is kept


# ------------------------------------------------------------------------------------------- public page


def test_the_public_page_reads_a_fixed_number_of_queries_whatever_the_number_of_units(
    client, people, units, year
):
    from par.core.testing import make_unit
    from par.orgunits.models import UnitKind

    def publish(number, corrects=None):
        for a in year.framework.assessments.exclude(
            state__in=[AssessmentState.APPROVED, AssessmentState.PUBLISHED]
        ):
            if not RankingExclusion.objects.filter(assessment=a).exists():
                actions.do_exclude_assessment(a, reason="Chưa thành lập", actor=None)
        return actions.do_publish_results(
            year.framework,
            decision_number=number,
            decision_date=dt.date(2026, 12, 1),
            corrects=corrects,
            correction_reason="Bổ sung đơn vị" if corrects else "",
            actor=None,
        )

    _approve(year.justice, people.justice_officer, people)
    first = publish("125/QĐ-UBND")
    url = f"/par-index/results/{year.framework.pk}/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(5):
        make_unit(f"38.S{i}", f"Sở {i}", UnitKind.DEPARTMENT, units.province)
    actions.do_open_assessments(year.framework, actor=None)
    publish("126/QĐ-UBND", corrects=first)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count('class="rank"') == 7
    assert len(many) == len(few)


def test_public_pages_exist_only_for_published_decisions_and_documents_need_sign_in(
    client, client_for, people, approved
):
    assert client.get(f"/par-index/results/{approved.framework.pk}/").status_code == 404
    publication = actions.do_publish_results(
        approved.framework,
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2026, 12, 1),
        signer_name="Nguyễn Văn Thi",
        signer_title="Phó Chủ tịch",
        actor=None,
    )
    assert client.get(f"/par-index/results/{approved.framework.pk}/").status_code == 200
    assert client.get(f"/par-index/decisions/{publication.pk}/").status_code == 200
    assert client.get(f"/par-index/decisions/{publication.pk + 1}/").status_code == 404
    document = f"/par-index/decisions/{publication.pk}/decision.docx"
    assert "/accounts/login/" in client.get(document)["Location"]
    assert client_for(people.outsider).get(document).status_code == 404
    from docx import Document

    signed = Document(io.BytesIO(client_for(people.justice_officer).get(document).getvalue()))
    cells = [c.text for t in signed.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH") for c in cells)
    assert any(c.rstrip().endswith("Nguyễn Văn Thi") for c in cells)


# ------------------------------------------------------------------------------------------- API


def test_api_approval_needs_the_version_and_a_stale_one_is_a_409_with_the_current_figures(
    client_for, people, year
):
    self_score_all(year.justice, people.justice_officer, files=pdf)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    year.justice.refresh_from_db()
    seen = year.justice.version
    actions.do_appraise_score(
        year.justice, year.criterion("2.1"), points="3,19", reason="Trễ hạn", actor=people.par_officer
    )
    url = f"/api/v1/index-assessments/{year.justice.pk}/approve/"
    council = client_for(people.appraiser)
    assert council.post(url, {}, content_type="application/json").status_code == 400
    stale = council.post(url, {"version": seen}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert "58,19" in body["detail"] and body["current"]["total"] == "58.19"
    fresh = council.post(url, {"version": body["current"]["version"]}, content_type="application/json")
    assert fresh.status_code == 200 and fresh.json()["state"] == "approved"


def test_api_publication_checks_scope_role_and_the_ranking_version(client, client_for, people, approved):
    url = f"/api/v1/index-frameworks/{approved.framework.pk}/publish/"
    results = f"/api/v1/index-frameworks/{approved.framework.pk}/results/"
    etag = client_for(people.par_officer).get(results)["ETag"].strip('"')
    body = {"decision_number": "125/QĐ-UBND", "decision_date": "2026-12-01", "ranking_version": etag}
    client.logout()
    assert client.post(url, body, content_type="application/json").status_code in (401, 403)
    assert client_for(people.outsider).post(url, body, content_type="application/json").status_code == 404
    assert client_for(people.appraiser).post(url, body, content_type="application/json").status_code == 403
    officer = client_for(people.par_officer)
    stale = officer.post(url, {**body, "ranking_version": "0" * 20}, content_type="application/json")
    assert stale.status_code == 409 and "Kết quả đã thay đổi" in stale.json()["detail"]
    done = officer.post(url, body, content_type="application/json")
    assert done.status_code == 201
    assert [r["rank"] for r in done.json()["results"]] == [1, 2]
    # Each line carries the unit's own maximum and what did not apply (nobody answered the 8.1 survey).
    first = done.json()["results"][0]
    assert (first["applicable_max"], first["not_applicable"]) == ("85.00", ["8.1"])
    etag = officer.get(results)["ETag"].strip('"')
    again = officer.post(
        url,
        {**body, "decision_number": "126/QĐ-UBND", "ranking_version": etag},
        content_type="application/json",
    )
    assert again.status_code == 400 and "125/QĐ-UBND" in again.json()["detail"]


def test_api_lists_published_decisions_of_the_frameworks_the_caller_may_read(
    client, client_for, people, approved
):
    actions.do_publish_results(
        approved.framework, decision_number="125/QĐ-UBND", decision_date=dt.date(2026, 12, 1), actor=None
    )
    assert client.get("/api/v1/index-publications/").status_code in (401, 403)
    assert client_for(people.outsider).get("/api/v1/index-publications/").json()["results"] == []
    pk = RankingPublication.objects.get().pk
    assert client_for(people.outsider).get(f"/api/v1/index-publications/{pk}/").status_code == 404
    listed = client_for(people.justice_officer).get("/api/v1/index-publications/").json()["results"]
    assert [p["decision_number"] for p in listed] == ["125/QĐ-UBND"]
    assert {r["unit_name"]: r["rank"] for r in listed[0]["results"]} == {"Sở Tư pháp": 1, "Sở Nội vụ": 2}


def test_published_results_go_into_the_sync_outbox_with_every_line(settings, approved):
    from par.sync.models import OutboxEvent

    settings.SYNC_ENABLED = True
    publication = actions.do_publish_results(
        approved.framework, decision_number="125/QĐ-UBND", decision_date=dt.date(2026, 11, 30), actor=None
    )
    event = OutboxEvent.objects.get()
    assert (event.stream, event.key) == ("index_results", f"index.published:{publication.pk}")
    assert event.payload["decision"] == "125/QĐ-UBND" and event.payload["decision_date"] == "2026-11-30"
    assert len(event.payload["results"]) == publication.scope_size
