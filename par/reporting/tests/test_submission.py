"""A report goes to the level above only with its required sections written (docs/decisions/0141), and the
report-text page keeps everything the user typed: the document details are saved with the text, and a form
error shows every field again as typed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from par.reporting import actions
from par.reporting.models import ReportState, SectionText
from par.reporting.tests.helpers import person, setup_reporting

pytestmark = pytest.mark.django_db

ALL_REQUIRED = (
    "I. Công tác chỉ đạo, điều hành cải cách hành chính; II.1. Cải cách thể chế; "
    "II.2. Cải cách thủ tục hành chính; II.3. Cải cách tổ chức bộ máy hành chính nhà nước; "
    "II.4. Cải cách chế độ công vụ; II.5. Cải cách tài chính công; "
    "II.6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số; III. Đánh giá chung; "
    "IV. Phương hướng, nhiệm vụ cải cách hành chính trong thời gian tới"
)


@pytest.fixture
def world(units):
    setup = setup_reporting()
    setup.officer = person("canbo.bimson", units.ward_bim_son)
    setup.report = actions.do_create_report(unit=units.ward_bim_son, period=setup.q3, actor=setup.officer)
    setup.sections = {(s.depth, s.title): s for s in setup.template.sections.all()}
    return setup


def _submit(client, report):
    report.refresh_from_db()
    url = reverse("reporting:report_transition", args=[report.pk, "submit"])
    return client.post(url, {"version": report.version})


def _write(client, report, texts: dict, **header):
    report.refresh_from_db()
    body = {"version": report.version, **{f"s-{s.pk}": text for s, text in texts.items()}, **header}
    return client.post(reverse("reporting:report_sections", args=[report.pk]), body)


def test_a_report_with_every_section_empty_is_refused_naming_the_required_sections(client_for, world):
    response = _submit(client_for(world.officer), world.report)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa gửi được báo cáo: các mục bắt buộc sau chưa có nội dung: " + ALL_REQUIRED + "." in page, page
    world.report.refresh_from_db()
    assert world.report.state == ReportState.DRAFT and world.report.submitted_at is None


def test_only_the_required_sections_left_empty_are_named_and_a_heading_counts_its_parts(client_for, world):
    client = client_for(world.officer)
    texts = {
        s: f"Nội dung {s.title}."
        for (depth, title), s in world.sections.items()
        if s.required and title not in ("Cải cách thủ tục hành chính", "Đánh giá chung")
    }
    # "III. Đánh giá chung" is written through its part "1. Ưu điểm"; "V. Kiến nghị" may stay empty.
    texts[world.sections[(1, "Ưu điểm")]] = "Hoàn thành các nhiệm vụ trọng tâm."
    assert _write(client, world.report, texts).status_code == 302
    response = _submit(client, world.report)
    assert response.status_code == 400
    assert (
        "các mục bắt buộc sau chưa có nội dung: II.2. Cải cách thủ tục hành chính."
        in response.content.decode()
    )
    texts = {world.sections[(1, "Cải cách thủ tục hành chính")]: "Niêm yết đầy đủ thủ tục hành chính."}
    assert _write(client, world.report, texts).status_code == 302
    assert _submit(client, world.report).status_code == 302
    world.report.refresh_from_db()
    assert world.report.state == ReportState.SUBMITTED


def test_text_of_only_spaces_does_not_count_as_written(client_for, world):
    section = world.sections[(0, "Phương hướng, nhiệm vụ cải cách hành chính trong thời gian tới")]
    SectionText.objects.create(report=world.report, section=section, text="   ")
    response = _submit(client_for(world.officer), world.report)
    assert "IV. Phương hướng" in response.content.decode()


def test_the_text_page_marks_the_required_sections(client_for, world):
    page = client_for(world.officer).get(reverse("reporting:report_sections", args=[world.report.pk]))
    text = page.content.decode()
    assert text.count("(bắt buộc)") == 9
    proposals = text.split("V. Kiến nghị, đề xuất")[1].split("</label>")[0]
    assert "bắt buộc" not in proposals


# ---------------------------------------------------------------------------------------------- header fields

HEADER = {
    "number": "125/BC-UBND",
    "signed_on": "16/09/2026",
    "signer_name": "Nguyễn Văn An",
    "signer_title": "Chủ tịch",
    "recipients": "- UBND tỉnh (để b/c);\n- Lưu: VT.",
}


def test_saving_the_text_page_as_a_whole_keeps_the_document_details(client_for, world):
    section = world.sections[(1, "Cải cách thể chế")]
    response = _write(client_for(world.officer), world.report, {section: "Rà soát 12 văn bản."}, **HEADER)
    assert response.status_code == 302
    world.report.refresh_from_db()
    report = world.report
    assert (report.number, report.signed_on, report.signer_name, report.signer_title, report.recipients) == (
        "125/BC-UBND",
        dt.date(2026, 9, 16),
        "Nguyễn Văn An",
        "Chủ tịch",
        "- UBND tỉnh (để b/c);\n- Lưu: VT.",
    )
    assert SectionText.objects.get(report=report, section=section).text == "Rà soát 12 văn bản."
    assert report.version == 2  # one save, one version


def test_an_invalid_header_date_shows_every_typed_field_again_and_saves_nothing(client_for, world):
    section = world.sections[(1, "Cải cách thể chế")]
    body = {**HEADER, "signed_on": "31/02/2026"}
    response = _write(client_for(world.officer), world.report, {section: "Rà soát 12 văn bản."}, **body)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy." in page
    for value in ("125/BC-UBND", "31/02/2026", "Nguyễn Văn An", "Chủ tịch", "Rà soát 12 văn bản."):
        assert value in page, value
    assert "- UBND tỉnh (để b/c);\n- Lưu: VT." in page
    world.report.refresh_from_db()
    assert world.report.number == "" and world.report.version == 1
    assert not SectionText.objects.filter(report=world.report).exists()


def test_the_document_details_form_alone_keeps_typed_fields_on_an_invalid_date(client_for, world):
    world.report.refresh_from_db()
    body = {"version": world.report.version, **HEADER, "signed_on": "16-09-2026"}
    response = client_for(world.officer).post(
        reverse("reporting:report_header", args=[world.report.pk]), body
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "125/BC-UBND" in page and "16-09-2026" in page and "Nguyễn Văn An" in page
    world.report.refresh_from_db()
    assert world.report.number == ""
