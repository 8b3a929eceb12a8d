"""The document frame belongs to the template: title and subject, "Kính gửi", the opening paragraph, the signing
authority by kind of unit and the recipients, so a province issues its own report form without a code change
(decision 0133)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from par.reporting import actions
from par.reporting.models import ReportTemplate
from par.reporting.tests.helpers import page_data, periods_of, person, setup_reporting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units, people):
    setup = setup_reporting()
    setup.ward_officer = person("canbo.bimson", units.ward_bim_son)
    return setup


def _docx(client, report) -> Document:
    return Document(io.BytesIO(client.get(reverse("reporting:export_docx", args=[report.pk])).getvalue()))


def _block(doc) -> tuple[list[str], list[str]]:
    """The recipients (left) and the lines above the signer's name (right) of the signature table."""
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    left, right = table.rows[0].cells
    recipients = [p.text for p in left.paragraphs[1:]]
    lines = [line for p in right.paragraphs for line in p.text.split("\n") if line.strip()]
    return recipients, lines


def _paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def _header(report, actor, **changes):
    fields = {"number": "", "signed_on": None, "signer_name": "", "signer_title": "", "recipients": ""}
    fields.update(changes)
    report.refresh_from_db()
    return actions.do_update_header(report, changes=fields, expected_version=report.version, actor=actor)


def test_a_department_signs_as_its_director_never_on_behalf_of_the_peoples_committee(
    client_for, world, units, people
):
    justice = actions.do_create_report(unit=units.justice, period=world.q3, actor=people.justice_officer)
    _header(justice, people.justice_officer, signer_name="Nguyễn Văn Hùng")
    client = client_for(people.justice_officer)
    _recipients, lines = _block(_docx(client, justice))
    assert lines == ["GIÁM ĐỐC", "Nguyễn Văn Hùng"]
    # A deputy signs for the director ("KT."), still without the committee's authority.
    _header(justice, people.justice_officer, signer_name="Lê Văn Sơn", signer_title="Phó Giám đốc")
    _recipients, lines = _block(_docx(client, justice))
    assert lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Sơn"]


def test_a_peoples_committee_signs_on_behalf_of_the_committee_and_a_deputy_for_the_chair(
    client_for, world, units, people
):
    province = actions.do_create_report(unit=units.province, period=world.q3, actor=people.par_officer)
    client = client_for(people.par_officer)
    _recipients, lines = _block(_docx(client, province))
    assert lines[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    ward = actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=world.ward_officer)
    _header(ward, world.ward_officer, signer_name="Phạm Văn Nam", signer_title="Phó Chủ tịch")
    _recipients, lines = _block(_docx(client_for(world.ward_officer), ward))
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phạm Văn Nam"]


def test_recipient_lines_end_with_a_semicolon_and_the_last_with_a_full_stop(client_for, world, units, people):
    justice = actions.do_create_report(unit=units.justice, period=world.q3, actor=people.justice_officer)
    typed = "- UBND tỉnh (để b/c);\nSở Nội vụ (để tổng hợp)\n- Lưu: VT, STP"
    _header(justice, people.justice_officer, recipients=typed)
    recipients, _lines = _block(_docx(client_for(people.justice_officer), justice))
    assert recipients == ["- UBND tỉnh (để b/c);", "- Sở Nội vụ (để tổng hợp);", "- Lưu: VT, STP."]


def test_the_ward_report_reads_the_default_frame_of_the_template(client_for, world, units):
    ward = actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=world.ward_officer)
    doc = _docx(client_for(world.ward_officer), ward)
    text = _paragraphs(doc)
    title = text.index("BÁO CÁO")
    assert text[title + 1] == "Kết quả thực hiện cải cách hành chính Quý III năm 2026"
    assert text[title + 2] == "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa"
    assert text[title + 3].startswith("Thực hiện chế độ báo cáo cải cách hành chính định kỳ")
    assert (
        "Ủy ban nhân dân phường Bỉm Sơn báo cáo kết quả thực hiện cải cách hành chính Quý III"
        in text[title + 3]
    )
    assert text[title + 4] == "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"
    recipients, lines = _block(doc)
    assert recipients == [
        "- Ủy ban nhân dân tỉnh Thanh Hóa (để b/c);",
        "- Sở Nội vụ (để tổng hợp);",
        "- Lưu: VT.",
    ]
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_the_annual_report_reads_nam_in_lower_case_inside_its_subject(client_for, world, units):
    year = periods_of(2026)["year"]
    ward = actions.do_create_report(unit=units.ward_bim_son, period=year, actor=world.ward_officer)
    text = _paragraphs(_docx(client_for(world.ward_officer), ward))
    assert "Kết quả thực hiện cải cách hành chính năm 2026" in text


def test_a_province_issues_its_own_report_form_from_the_pages_without_a_code_change(
    client_for, world, units, people
):
    client = client_for(people.par_officer)
    client.post(reverse("reporting:setup_template_version", args=[units.province.pk, world.template.pk]))
    own = ReportTemplate.objects.get(province=units.province)
    url = reverse("reporting:setup_template", args=[units.province.pk, own.pk])
    page = client.get(url)
    data = page_data(page)
    data["subject"] = "Tình hình thực hiện cải cách hành chính {period} và nhiệm vụ năm {next_year}"
    data["opening"] = "Căn cứ Kế hoạch cải cách hành chính năm {year} của UBND tỉnh, {unit} báo cáo như sau:"
    frames = page.context["frames"]
    ward_frame = next(f for f in frames.forms if f.instance.unit_kind == "ward")
    data[ward_frame.add_prefix("addressee")] = "Ủy ban nhân dân tỉnh Thanh Hóa (qua Sở Nội vụ)"
    data[ward_frame.add_prefix("recipients")] = "Như trên\nĐảng ủy phường (để b/c)\nLưu: VT, VP"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # Quarter III had no report yet, so it moved to the province's version; the ward's report uses it.
    ward = actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=world.ward_officer)
    assert ward.template == own
    doc = _docx(client_for(world.ward_officer), ward)
    text = _paragraphs(doc)
    assert "Tình hình thực hiện cải cách hành chính Quý III năm 2026 và nhiệm vụ năm 2027" in text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa (qua Sở Nội vụ)" in text
    assert (
        "Căn cứ Kế hoạch cải cách hành chính năm 2026 của UBND tỉnh, Ủy ban nhân dân phường Bỉm Sơn báo cáo "
        "như sau:" in text
    )
    recipients, _lines = _block(doc)
    assert recipients == ["- Như trên;", "- Đảng ủy phường (để b/c);", "- Lưu: VT, VP."]
    # The department's frame was left as it was.
    justice = actions.do_create_report(unit=units.justice, period=world.q3, actor=people.justice_officer)
    text = _paragraphs(_docx(client_for(people.justice_officer), justice))
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa" in text
