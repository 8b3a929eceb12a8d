"""Every PAR index page and form through HTTP: anonymous users sign in, other units get 404, allowed users act."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.core.testing import english, pdf
from par.scoring.models import AssessmentState, Evidence, Score
from par.scoring.tests.helpers import open_year, publish_form, self_score_all

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def year(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return open_year(units, people)


def _pages(year):
    a, f, c = year.justice.pk, year.framework.pk, year.criterion("1.2").pk
    return [
        f"/par-index/frameworks/{f}/",
        f"/par-index/frameworks/{f}/export.xlsx",
        f"/par-index/frameworks/{f}/export.yaml",
        f"/par-index/frameworks/{f}/ranking/",
        f"/par-index/frameworks/{f}/decision.docx",
        f"/par-index/frameworks/{f}/decision.xlsx",
        f"/par-index/assessments/{a}/",
        f"/par-index/assessments/{a}/what-if/",
        f"/par-index/assessments/{a}/criteria/{c}/",
    ]


def test_anonymous_visitors_are_sent_to_sign_in_on_every_page(client, year):
    for url in ["/par-index/", *_pages(year)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_a_user_of_no_unit_gets_not_found_on_every_page(client_for, people, year):
    client = client_for(people.outsider)
    for url in _pages(year):
        assert client.get(url).status_code == 404, url


def test_the_justice_officer_sees_their_own_assessment_but_not_home_affairs(client_for, people, year):
    client = client_for(people.justice_officer)
    for url in _pages(year):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/par-index/assessments/{year.home_affairs.pk}/").status_code == 404


def test_the_appraiser_of_home_affairs_sees_every_department_assessment(client_for, people, year):
    client = client_for(people.appraiser)
    assert client.get(f"/par-index/assessments/{year.justice.pk}/").status_code == 200
    assert client.get(f"/par-index/frameworks/{year.framework.pk}/ranking/").status_code == 200


def test_a_ward_clerk_cannot_post_a_score_to_a_department_assessment(client_for, people, year):
    c = year.criterion("2.1")
    url = f"/par-index/assessments/{year.justice.pk}/criteria/{c.pk}/self/"
    assert client_for(people.ward_clerk).post(url, {"points": "4"}).status_code == 404
    assert Score.objects.get(assessment=year.justice, criterion=c).self_points is None


def test_home_affairs_officer_sees_own_assessment_but_cannot_score_justice(client_for, people, year):
    c = year.criterion("2.1")
    client = client_for(people.home_affairs_officer)
    own = client.get(f"/par-index/assessments/{year.home_affairs.pk}/")
    assert own.status_code == 200
    assert own.context["assessment"] == year.home_affairs and "Sở Nội vụ" in own.content.decode()
    assert (
        client.post(
            f"/par-index/assessments/{year.justice.pk}/criteria/{c.pk}/self/", {"points": "4"}
        ).status_code
        == 404
    )
    assert Score.objects.get(assessment=year.justice, criterion=c).self_points is None


def test_justice_officer_self_scores_with_evidence_through_the_form(client_for, people, year):
    c = year.criterion("1.1.1")
    client = client_for(people.justice_officer)
    response = client.post(
        f"/par-index/assessments/{year.justice.pk}/criteria/{c.pk}/self/",
        {
            "points": "1",
            "note": "Ban hành ngày 20/12/2025",
            "evidence": pdf("qd-ke-hoach.pdf"),
            "version": "1",
        },
    )
    assert response.status_code == 302
    score = Score.objects.get(assessment=year.justice, criterion=c)
    assert score.self_points == Decimal(1) and score.evidence.get().original_name == "qd-ke-hoach.pdf"
    download = client.get(f"/par-index/evidence/{score.evidence.get().pk}/")
    assert download.status_code == 200
    assert (
        client_for(people.outsider).get(f"/par-index/evidence/{Evidence.objects.get().pk}/").status_code
        == 404
    )


def test_a_renamed_file_is_refused_with_a_message_and_nothing_is_saved(client_for, people, year):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = year.criterion("1.1.1")
    fake = SimpleUploadedFile("qd.pdf", b"not a pdf at all", content_type="application/pdf")
    response = english(client_for(people.justice_officer)).post(
        f"/par-index/assessments/{year.justice.pk}/criteria/{c.pk}/self/",
        {"points": "1", "evidence": fake},
        follow=True,
    )
    assert "does not look like a .pdf file" in response.content.decode()
    assert Score.objects.get(assessment=year.justice, criterion=c).self_points is None


@time_machine.travel(NOW, tick=False)
def test_only_the_council_appraises_and_only_the_par_officer_publishes(client_for, people, year):
    self_score_all(year.justice, people.justice_officer, files=pdf)
    client = client_for(people.justice_officer)
    client.post(f"/par-index/assessments/{year.justice.pk}/submit/")
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.SUBMITTED
    c = year.criterion("2.1")
    url = f"/par-index/assessments/{year.justice.pk}/criteria/{c.pk}/appraise/"
    english(client).post(url, {"points": "1", "reason": "x"})
    assert Score.objects.get(assessment=year.justice, criterion=c).appraised_points is None
    client = client_for(people.appraiser)
    client.post(url, {"points": "3", "reason": "Thiếu văn bản"})
    year.justice.refresh_from_db()
    client.post(f"/par-index/assessments/{year.justice.pk}/approve/", {"version": year.justice.version})
    client_for(people.par_officer).post(
        f"/par-index/assessments/{year.home_affairs.pk}/exclude/", {"reason": "Sáp nhập trong năm"}
    )
    form = publish_form(client_for(people.par_officer), year.framework, decision_number="5/QĐ-UBND")
    refused = client_for(people.appraiser).post(f"/par-index/frameworks/{year.framework.pk}/publish/", form)
    assert refused.status_code == 403
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.APPROVED
    client_for(people.par_officer).post(f"/par-index/frameworks/{year.framework.pk}/publish/", form)
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.PUBLISHED
    public = (
        english(client_for(people.outsider)).get(f"/par-index/results/{year.framework.pk}/").content.decode()
    )
    assert 'data-unit="Sở Tư pháp" data-status="ranked"' in public
    assert 'data-unit="Sở Nội vụ" data-status="excluded"' in public and "Sáp nhập trong năm" in public


def test_the_public_results_page_does_not_exist_before_publication(client, year):
    assert client.get(f"/par-index/results/{year.framework.pk}/").status_code == 404


def test_what_if_refuses_points_above_the_maximum_with_a_message(client_for, people, year):
    c = year.criterion("2.1")
    response = english(client_for(people.justice_officer)).get(
        f"/par-index/assessments/{year.justice.pk}/what-if/", {f"c{c.pk}": "9"}
    )
    assert response.status_code == 400 and "between 0 and 4" in response.content.decode()


def test_ranking_page_reads_a_fixed_number_of_queries_whatever_the_number_of_units(
    client_for, people, year, units
):
    from par.core.testing import make_unit
    from par.orgunits.models import UnitKind
    from par.scoring.actions import do_open_assessments

    client = client_for(people.par_officer)
    url = f"/par-index/frameworks/{year.framework.pk}/ranking/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        make_unit(f"38.S{i}", f"Sở {i}", UnitKind.DEPARTMENT, units.province)
    do_open_assessments(year.framework, actor=people.par_officer)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count('class="rank"') == 7
    assert len(many) == len(few)


def test_the_par_officer_imports_a_framework_from_xlsx_and_a_bad_file_changes_nothing(
    client_for, people, units
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from par.scoring.exchange import load_shipped, to_xlsx

    source = load_shipped("commune", owner=units.province, year=2026, actor=people.par_officer)
    target = load_shipped("department", owner=units.province, year=2027, actor=people.par_officer)
    url = f"/par-index/frameworks/{target.pk}/import/"
    upload = SimpleUploadedFile("xa.xlsx", to_xlsx(source))
    assert client_for(people.justice_officer).post(url, {"file": upload}).status_code == 404  # not theirs
    upload.seek(0)
    assert (
        client_for(people.appraiser).post(url, {"file": upload}).status_code == 302
    )  # sees it, may not change it
    assert not target.criteria.filter(title__contains="thôn").exists()
    officer = english(client_for(people.par_officer))
    bad = officer.post(url, {"file": SimpleUploadedFile("x.xlsx", b"junk")}, follow=True)
    assert "not an Excel workbook" in bad.content.decode()
    officer.post(url, {"file": SimpleUploadedFile("xa.xlsx", to_xlsx(source))})
    assert target.criteria.filter(title__contains="thôn").exists()
    assert target.criteria.count() == source.criteria.count()


def test_the_par_officer_changes_classification_thresholds(client_for, people, year):
    url = f"/par-index/frameworks/{year.framework.pk}/bands/"
    data = {"label": ["Xuất sắc", "Tốt", "Đạt"], "min_percent": ["95", "85", "0"], "version": "1"}
    client_for(people.appraiser).post(url, data)
    assert year.framework.bands.count() == 4
    client_for(people.par_officer).post(url, data)
    assert [b.label for b in year.framework.bands.all()] == ["Xuất sắc", "Tốt", "Đạt"]
    stale = english(client_for(people.par_officer)).post(url, data, follow=True)
    assert "Someone else changed this item" in stale.content.decode()


def test_the_score_sheet_reads_a_fixed_number_of_queries_whatever_the_evidence(client_for, people, year):
    client = client_for(people.justice_officer)
    url = f"/par-index/assessments/{year.justice.pk}/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    self_score_all(year.justice, people.justice_officer, files=pdf)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    with_files = year.framework.criteria.filter(is_leaf=True, method="self", evidence_required=True).count()
    assert page.count(".pdf</a>") == with_files > 1 and len(many) == len(few)


@time_machine.travel(NOW, tick=False)
def test_the_ranking_decision_names_every_unit_with_its_rank_and_classification(client_for, people, year):
    import io

    from docx import Document
    from openpyxl import load_workbook

    from par.scoring import actions

    self_score_all(year.justice, people.justice_officer, files=pdf)
    actions.do_submit_assessment(year.justice, actor=people.justice_officer)
    actions.do_approve_assessment(year.justice, actor=people.appraiser)
    actions.do_exclude_assessment(year.home_affairs, reason="Sáp nhập trong năm", actor=people.par_officer)
    publication = actions.do_publish_results(
        year.framework,
        decision_number="45/QĐ-UBND",
        decision_date=dt.date(2026, 12, 1),
        actor=people.par_officer,
    )
    client = client_for(people.par_officer)
    docx = Document(io.BytesIO(client.get(f"/par-index/decisions/{publication.pk}/decision.docx").getvalue()))
    cells = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    # Every self-assessed criterion at its maximum; nothing measured or appraised.
    self_points = sum(c.max_points for c in year.framework.criteria.filter(is_leaf=True, method="self"))
    assert "Sở Tư pháp" in cells and f"{self_points:.2f}".replace(".", ",") in cells
    assert "Hoàn thành nhiệm vụ" in cells
    assert "Không xếp hạng (Sáp nhập trong năm)" in cells  # excluded, with the reason, and no class
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "QUYẾT ĐỊNH" in text and "Điều 1." in text and "DỰ THẢO" not in "\n".join(cells + [text])
    assert any(c.endswith("Số: 45/QĐ-UBND") for c in cells)
    book = load_workbook(
        io.BytesIO(client.get(f"/par-index/decisions/{publication.pk}/decision.xlsx").getvalue())
    )
    table = list(book.active.iter_rows(values_only=True))
    header = next(r for r in table if r and "Tổng điểm" in r)
    row = dict(zip(header, next(r for r in table if r and r[1] == "Sở Tư pháp"), strict=True))
    assert row["Xếp hạng"] == 1 and row["Tổng điểm"] == float(self_points)
    # Nobody answered the survey: 8.1 (15 points) is left out and the index is taken of the other 85.
    assert row["Điểm tối đa áp dụng"] == 85 and row["Tiêu chí không áp dụng"] == "8.1"


def test_a_department_sees_its_own_row_of_an_unpublished_ranking_but_not_the_others(client_for, people, year):
    self_score_all(year.home_affairs, people.home_affairs_officer)
    page = client_for(people.justice_officer).get(f"/par-index/frameworks/{year.framework.pk}/ranking/")
    html = page.content.decode()
    assert 'data-unit="Sở Tư pháp"' in html and 'data-unit="Sở Nội vụ"' not in html
    # Not approved by the council: no rank, no class, whatever its running total.
    assert '<td class="rank">—</td>' in html and "Chưa đánh giá" in html
    council = client_for(people.appraiser).get(f"/par-index/frameworks/{year.framework.pk}/ranking/")
    assert 'data-unit="Sở Nội vụ"' in council.content.decode()


def test_the_ranking_decision_downloads_as_docx_and_as_a_real_pdf_linked_from_the_ranking(
    client_for, people, year
):
    client = client_for(people.par_officer)
    base = f"/par-index/frameworks/{year.framework.pk}/decision"
    assert (
        f'href="{base}.pdf"'
        in client.get(f"/par-index/frameworks/{year.framework.pk}/ranking/").content.decode()
    )
    response = client.get(base + ".pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert client.get(base + ".docx").getvalue().startswith(b"PK")
    assert client.get(base + ".odt").status_code == 404
