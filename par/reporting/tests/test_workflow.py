"""The review workflow through the pages: submit, return with comments, resubmit, approve and lock, reopen with
a reason; who may do what; concurrent edits; completeness and the roll-up with their query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from par.audit.models import AuditEvent
from par.reporting import actions
from par.reporting.models import DataValue, Report, ReportingPeriod, ReportState
from par.reporting.tests.helpers import NOW, D, cells, form_data, person, setup_reporting, write_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units, people):
    setup = setup_reporting()
    setup.ward_officer = person("canbo.bimson", units.ward_bim_son)
    setup.other_ward_officer = person("canbo.quangtrung", units.ward_quang_trung)
    setup.justice_officer = people.justice_officer
    setup.reviewer = people.par_officer
    with time_machine.travel(NOW, tick=False):
        setup.ward = write_text(
            actions.do_create_report(unit=units.ward_bim_son, period=setup.q3, actor=setup.ward_officer)
        )
    return setup


def _submit(client, report):
    report.refresh_from_db()
    return client.post(
        reverse("reporting:report_transition", args=[report.pk, "submit"]), {"version": report.version}
    )


def _decide(client, report, action, **extra):
    report.refresh_from_db()
    data = {"version": report.version, **extra}
    return client.post(reverse("reporting:report_transition", args=[report.pk, action]), data)


# ---------------------------------------------------------------------------------------------- permissions


def _page_urls(world, units):
    r, q3 = world.ward, world.q3
    t = world.tables[4]
    return [
        reverse("reporting:report_detail", args=[r.pk]),
        reverse("reporting:reconciliation", args=[r.pk]),
        reverse("reporting:export_docx", args=[r.pk]),
        reverse("reporting:export_xlsx", args=[r.pk]),
        reverse("reporting:rollup", args=[q3.pk, units.ward_bim_son.pk]),
        reverse("reporting:completeness", args=[q3.pk, units.ward_bim_son.pk]),
        reverse("reporting:drilldown", args=[q3.pk, units.ward_bim_son.pk, t.elements.first().pk, "total"]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_report_page(client, world, units):
    for url in [
        reverse("reporting:period_list"),
        reverse("reporting:period_detail", args=[world.q3.pk]),
        *_page_urls(world, units),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_another_ward_gets_not_found_on_every_page_of_this_ward(client_for, world, units):
    client = client_for(world.other_ward_officer)
    for url in _page_urls(world, units):
        assert client.get(url).status_code == 404, url


def test_the_ward_and_the_province_see_every_page_of_the_ward(client_for, world, units):
    for user in (world.ward_officer, world.reviewer):
        client = client_for(user)
        for url in _page_urls(world, units):
            assert client.get(url).status_code == 200, url


def test_a_missing_report_and_a_forbidden_one_both_answer_not_found(client_for, world):
    client = client_for(world.other_ward_officer)
    assert client.get(reverse("reporting:report_detail", args=[world.ward.pk + 1000])).status_code == 404
    assert client.get(reverse("reporting:report_detail", args=[world.ward.pk])).status_code == 404


def test_only_the_ward_writes_its_report_the_province_reviewer_cannot(client_for, world):
    table = world.tables[6]
    url = reverse("reporting:report_values", args=[world.ward.pk, table.pk])
    body = form_data(table, {"cong_chuc_cap_xa": {"total": "20"}}, world.ward.version)
    assert client_for(world.reviewer).post(url, body).status_code == 404
    assert client_for(world.other_ward_officer).post(url, body).status_code == 404
    assert client_for(world.ward_officer).post(url, body).status_code == 302
    assert DataValue.objects.get(report=world.ward).number == D(20)


def test_a_ward_cannot_approve_its_own_report(client_for, world):
    _submit(client_for(world.ward_officer), world.ward)
    response = _decide(client_for(world.ward_officer), world.ward, "approve")
    assert response.status_code == 403
    assert "Chỉ cấp trên trực tiếp" in response.content.decode()
    world.ward.refresh_from_db()
    assert world.ward.state == ReportState.SUBMITTED


def test_a_ward_officer_can_start_only_their_own_units_report(client_for, world, units):
    url = reverse("reporting:report_create", args=[world.q3.pk])
    assert client_for(world.ward_officer).post(url, {"unit": units.ward_quang_trung.pk}).status_code == 404
    assert (
        client_for(world.other_ward_officer).post(url, {"unit": units.ward_quang_trung.pk}).status_code == 302
    )
    assert Report.objects.filter(unit=units.ward_quang_trung).count() == 1


# ---------------------------------------------------------------------------------------------- workflow


def test_submitted_returned_resubmitted_approved_and_locked_with_the_reason_shown(client_for, world):
    ward, reviewer = client_for(world.ward_officer), None
    with time_machine.travel(NOW, tick=False):
        assert _submit(ward, world.ward).status_code == 302
    reviewer = client_for(world.reviewer)
    assert _decide(reviewer, world.ward, "return", comment="").status_code == 400
    assert _decide(reviewer, world.ward, "return", comment="Bổ sung số liệu phụ lục 6.").status_code == 302
    ward = client_for(world.ward_officer)
    page = ward.get(reverse("reporting:report_detail", args=[world.ward.pk])).content.decode()
    assert "Bổ sung số liệu phụ lục 6." in page
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        assert _submit(ward, world.ward).status_code == 302
    reviewer = client_for(world.reviewer)
    assert _decide(reviewer, world.ward, "approve").status_code == 302
    world.ward.refresh_from_db()
    assert world.ward.state == ReportState.APPROVED and world.ward.decided_by == world.reviewer
    # Timeliness counts from the first submission (15/09), not the resubmission after the return.
    assert world.ward.first_submitted_at == NOW
    ward = client_for(world.ward_officer)
    page = ward.get(reverse("reporting:report_detail", args=[world.ward.pk])).content.decode()
    assert "Đã khóa: Lê Thị Lan phê duyệt lúc" in page
    table = world.tables[6]
    url = reverse("reporting:report_values", args=[world.ward.pk, table.pk])
    response = ward.post(url, form_data(table, {"cong_chuc_cap_xa": {"total": "1"}}, world.ward.version))
    assert response.status_code == 400 and "không thể sửa" in response.content.decode()
    logged = AuditEvent.objects.filter(object_type="reporting.report", object_id=str(world.ward.pk)).order_by(
        "pk"
    )
    steps = [
        a
        for a in logged.values_list("action", flat=True)
        if a.startswith(("reporting.submit", "reporting.return", "reporting.approve"))
    ]
    assert steps == ["reporting.submit", "reporting.return", "reporting.submit", "reporting.approve"]


def test_reopening_needs_a_reason_and_is_audited(client_for, world):
    _submit(client_for(world.ward_officer), world.ward)
    reviewer = client_for(world.reviewer)
    _decide(reviewer, world.ward, "approve")
    assert _decide(reviewer, world.ward, "reopen", reason=" ").status_code == 400
    assert _decide(reviewer, world.ward, "reopen", reason="Sai số liệu phụ lục 4.").status_code == 302
    world.ward.refresh_from_db()
    assert world.ward.state == ReportState.RETURNED
    event = AuditEvent.objects.get(action="reporting.reopen")
    assert event.reason == "Sai số liệu phụ lục 4." and event.actor == world.reviewer


def test_a_report_with_broken_rules_cannot_be_submitted(world):
    DataValue.objects.create(
        report=world.ward, element=world.tables[5].elements.first(), column="total", number=D(2)
    )
    DataValue.objects.create(
        report=world.ward, element=world.tables[5].elements.first(), column="done", number=D(3)
    )
    with pytest.raises(Exception, match="không được vượt quá tổng số"):
        actions.do_submit_report(world.ward, expected_version=world.ward.version, actor=world.ward_officer)
    world.ward.refresh_from_db()
    assert world.ward.state == ReportState.DRAFT


def test_two_people_editing_one_report_the_second_gets_a_conflict_and_nothing_is_overwritten(
    client_for, world
):
    table = world.tables[6]
    url = reverse("reporting:report_values", args=[world.ward.pk, table.pk])
    stale = world.ward.version
    client = client_for(world.ward_officer)
    assert client.post(url, form_data(table, {"cong_chuc_cap_xa": {"total": "20"}}, stale)).status_code == 302
    response = client.post(url, form_data(table, {"cong_chuc_cap_xa": {"total": "30"}}, stale))
    assert response.status_code == 409
    assert "Người khác đã thay đổi mục này" in response.content.decode()
    assert DataValue.objects.get(report=world.ward).number == D(20)


# ---------------------------------------------------------------------------------------------- completeness


def _approve(world, report, figures, table=6):
    report = write_text(report)
    report = actions.do_save_values(
        report,
        world.tables[table],
        cells=cells(world.tables[table], figures),
        expected_version=report.version,
        actor=None,
    )
    report = actions.do_submit_report(report, expected_version=report.version, actor=None)
    return actions.do_approve_report(report, expected_version=report.version, actor=world.reviewer)


def test_completeness_counts_on_time_late_and_missing_from_the_server_time(client_for, world, units):
    with time_machine.travel(NOW, tick=False):  # 15/09, before the units' deadline of 16/09
        actions.do_submit_report(world.ward, expected_version=world.ward.version, actor=world.ward_officer)
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):  # 18/09, late
        justice = actions.do_create_report(unit=units.justice, period=world.q3, actor=world.justice_officer)
        justice = write_text(justice)
        actions.do_submit_report(justice, expected_version=justice.version, actor=world.justice_officer)
    page = client_for(world.reviewer).get(
        reverse("reporting:completeness", args=[world.q3.pk, units.province.pk])
    )
    text = page.content.decode()
    # Expected: the province, two departments, two wards (the legacy district ended before the period).
    assert "Phải gửi 5; đã gửi 2 (1 đúng hạn, 1 chậm); chưa gửi 3." in text
    assert "Thị xã Bỉm Sơn" not in text


def test_a_unit_that_merged_during_the_period_lowers_no_rate(client_for, world, units):
    from par.reporting.models import PeriodKind

    year_2025 = ReportingPeriod.objects.create(
        province=units.province,
        template=world.template,
        kind=PeriodKind.YEAR,
        year=2025,
        name="Năm 2025",
        start=dt.date(2024, 12, 15),
        cutoff=dt.date(2025, 12, 14),
        due_date=dt.date(2025, 12, 20),
    )
    page = client_for(world.reviewer).get(
        reverse("reporting:completeness", args=[year_2025.pk, units.province.pk])
    )
    text = page.content.decode()
    assert "Phải gửi 5;" in text  # the district and its two wards ended on 30/06/2025 without reporting
    assert text.count("Đã sáp nhập hoặc giải thể trong kỳ") == 3


def test_the_completeness_dashboard_reads_in_a_fixed_number_of_queries(
    client_for, world, units, django_assert_num_queries
):
    client = client_for(world.reviewer)
    url = reverse("reporting:completeness", args=[world.q3.pk, units.province.pk])
    client.get(url)
    # session, user, menu; period; access (membership paths, unit); visible paths; deadlines; units; reports
    with django_assert_num_queries(10):
        client.get(url)
    for index in range(6):
        person(f"x{index}", units.province)  # more users change nothing
    from par.core.testing import make_unit
    from par.orgunits.models import UnitKind

    for index in range(5):
        make_unit(f"38.X{index}", f"Sở {index}", UnitKind.DEPARTMENT, units.province)
    with django_assert_num_queries(10):
        client.get(url)


# ---------------------------------------------------------------------------------------------- roll-up


def test_the_roll_up_adds_the_approved_reports_below_with_drill_down_to_each_unit(client_for, world, units):
    _approve(world, world.ward, {"cong_chuc_cap_xa": {"total": D(20)}})
    other = actions.do_create_report(
        unit=units.ward_quang_trung, period=world.q3, actor=world.other_ward_officer
    )
    _approve(world, other, {"cong_chuc_cap_xa": {"total": D(15)}})
    justice = actions.do_create_report(unit=units.justice, period=world.q3, actor=world.justice_officer)
    actions.do_save_values(
        justice,
        world.tables[6],
        cells=cells(world.tables[6], {"cong_chuc_cap_xa": {"total": D(99)}}),
        expected_version=justice.version,
        actor=None,
    )  # a draft does not count
    client = client_for(world.reviewer)
    page = client.get(reverse("reporting:rollup", args=[world.q3.pk, units.province.pk])).content.decode()
    element = world.tables[6].elements.get(code="cong_chuc_cap_xa")
    drill = reverse("reporting:drilldown", args=[world.q3.pk, units.province.pk, element.pk, "total"])
    assert f'<a href="{drill}">35</a>' in page
    detail = client.get(drill).content.decode()
    assert "Phường Bỉm Sơn" in detail and "Phường Quang Trung" in detail and "Sở Tư pháp" not in detail
    assert 'data-testid="drill-total">35' in detail


def test_the_roll_up_splits_by_the_level_of_each_reporting_unit(client_for, world, units):
    _approve(world, world.ward, {"co_quan_hanh_chinh": {"commune": D(1)}}, table=3)
    justice = actions.do_create_report(unit=units.justice, period=world.q3, actor=world.justice_officer)
    _approve(world, justice, {"co_quan_hanh_chinh": {"province": D(1)}}, table=3)
    page = client_for(world.reviewer).get(reverse("reporting:rollup", args=[world.q3.pk, units.province.pk]))
    text = page.content.decode()
    assert (
        "Cấp huyện" not in text.split('data-appendix="3"')[1].split("</section>")[0]
    )  # no districts since 07/2025
    row = text.split('data-element="co_quan_hanh_chinh"')[1].split("</tr>")[0]
    assert ">2</a>" in row and row.count(">1</a>") == 2


def test_the_roll_up_and_drill_down_read_in_a_fixed_number_of_queries(
    client_for, world, units, django_assert_num_queries
):
    _approve(world, world.ward, {"cong_chuc_cap_xa": {"total": D(20)}})
    client = client_for(world.reviewer)
    element = world.tables[6].elements.get(code="cong_chuc_cap_xa")
    rollup = reverse("reporting:rollup", args=[world.q3.pk, units.province.pk])
    drill = reverse("reporting:drilldown", args=[world.q3.pk, units.province.pk, element.pk, "total"])
    client.get(rollup)
    client.get(drill)
    # The period names its template (selected with it): no query to choose one.
    with django_assert_num_queries(10) as first:
        client.get(rollup)
    with django_assert_num_queries(8):
        client.get(drill)
    other = actions.do_create_report(
        unit=units.ward_quang_trung, period=world.q3, actor=world.other_ward_officer
    )
    _approve(world, other, {"cong_chuc_cap_xa": {"total": D(15)}, "cbcc_dat_chuan": {"total": D(30)}})
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(rollup)
    with django_assert_num_queries(8):
        client.get(drill)


def _write_endpoints(world):
    r, t = world.ward, world.tables[6]
    return [
        ("get", reverse("reporting:report_sections", args=[r.pk])),
        ("get", reverse("reporting:report_values", args=[r.pk, t.pk])),
        ("post", reverse("reporting:report_sections", args=[r.pk])),
        ("post", reverse("reporting:report_values", args=[r.pk, t.pk])),
        ("post", reverse("reporting:report_autofill", args=[r.pk])),
        ("post", reverse("reporting:report_header", args=[r.pk])),
        ("post", reverse("reporting:report_transition", args=[r.pk, "submit"])),
        ("post", reverse("reporting:report_transition", args=[r.pk, "approve"])),
        ("post", reverse("reporting:report_transition", args=[r.pk, "return"])),
        ("post", reverse("reporting:report_transition", args=[r.pk, "reopen"])),
        ("get", reverse("reporting:export_pdf", args=[r.pk])),
    ]


def test_every_write_endpoint_sends_anonymous_visitors_to_sign_in_and_hides_the_report_from_other_units(
    client, client_for, world
):
    for method, url in _write_endpoints(world):
        response = getattr(client, method)(url, {"version": world.ward.version})
        assert response.status_code == 302 and "login" in response["Location"], url
    other = client_for(world.other_ward_officer)
    for method, url in _write_endpoints(world):
        assert getattr(other, method)(url, {"version": world.ward.version}).status_code == 404, url
    version = world.ward.version
    world.ward.refresh_from_db()
    assert world.ward.state == ReportState.DRAFT and world.ward.version == version


def test_the_ward_writes_its_text_and_the_province_cannot(client_for, world):
    section = world.template.sections.get(order=2)
    url = reverse("reporting:report_sections", args=[world.ward.pk])
    body = {"version": world.ward.version, f"s-{section.pk}": "Ban hành Kế hoạch CCHC năm 2026."}
    assert client_for(world.reviewer).post(url, body).status_code == 404
    assert client_for(world.ward_officer).post(url, body).status_code == 302
    page = (
        client_for(world.reviewer)
        .get(reverse("reporting:report_detail", args=[world.ward.pk]))
        .content.decode()
    )
    assert "Ban hành Kế hoạch CCHC năm 2026." in page


def test_submitting_the_province_report_includes_the_approved_reports_below(world, units, people):
    _approve(world, world.ward, {"cong_chuc_cap_xa": {"total": D(20)}})
    province = write_text(
        actions.do_create_report(unit=units.province, period=world.q3, actor=people.par_officer)
    )
    actions.do_submit_report(province, expected_version=province.version, actor=people.par_officer)
    world.ward.refresh_from_db()
    assert world.ward.state == ReportState.INCLUDED and world.ward.included_in == province
    with pytest.raises(Exception, match="chưa được tổng hợp"):
        actions.do_reopen_report(
            world.ward, reason="Sửa", expected_version=world.ward.version, actor=world.reviewer
        )


def test_the_on_time_measure_counts_unit_reports_by_their_first_submission(world, units):
    from par import metrics

    with time_machine.travel(NOW, tick=False):
        actions.do_submit_report(world.ward, expected_version=world.ward.version, actor=world.ward_officer)
    with time_machine.travel(NOW + dt.timedelta(days=3), tick=False):
        other = write_text(
            actions.do_create_report(
                unit=units.ward_quang_trung, period=world.q3, actor=world.other_ward_officer
            )
        )
        actions.do_submit_report(other, expected_version=other.version, actor=world.other_ward_officer)
    measured = metrics.measure(
        "reporting.reports_on_time_pct", units.province, dt.date(2026, 9, 1), dt.date(2026, 9, 30)
    )
    assert (measured.numerator, measured.denominator, measured.value) == (1, 2, D("50.00"))
    assert [row.counted for row in measured.explain()] == [True, False]


def test_the_level_above_is_told_of_a_submission_and_the_unit_of_a_return(world):
    from par.notices.models import Notice

    report = actions.do_submit_report(
        world.ward, expected_version=world.ward.version, actor=world.ward_officer
    )
    assert Notice.objects.get(user=world.reviewer).title == "Phường Bỉm Sơn đã gửi báo cáo Quý III năm 2026"
    actions.do_return_report(
        report, comment="Bổ sung phụ lục 6.", expected_version=report.version, actor=world.reviewer
    )
    notice = Notice.objects.get(user=world.ward_officer)
    assert (notice.title, notice.body) == (
        "Báo cáo Quý III năm 2026 của đơn vị bị trả lại",
        "Bổ sung phụ lục 6.",
    )
    assert not Notice.objects.filter(user=world.other_ward_officer).exists()


def test_the_province_document_is_assembled_from_the_approved_reports_below(client_for, world, units, people):
    import io

    from docx import Document

    _approve(world, world.ward, {"cong_chuc_cap_xa": {"total": D(20)}})
    province = actions.do_create_report(unit=units.province, period=world.q3, actor=people.par_officer)
    response = client_for(people.par_officer).get(reverse("reporting:export_docx", args=[province.pk]))
    doc = Document(io.BytesIO(response.getvalue()))
    header_6 = ["STT", "Tiêu chí", "Tổng số", "Tỷ lệ % so với tổng số", "Ghi chú"]
    appendix_6 = next(t for t in doc.tables if [c.text for c in t.rows[0].cells] == header_6)
    assert [c.text for c in appendix_6.rows[1].cells][:3] == ["1.", "Số lượng công chức cấp xã", "20"]


def test_the_menu_entries_need_no_query(people, django_assert_num_queries):
    from par.inspections import menu as inspections_menu
    from par.reporting import menu as reporting_menu

    with django_assert_num_queries(0):
        assert [i["key"] for i in reporting_menu.items(people.ward_clerk, {"one_stop_clerk"})] == ["reports"]
        assert inspections_menu.items(people.ward_clerk, {"one_stop_clerk"}) == []
        assert [i["key"] for i in inspections_menu.items(people.par_officer, {"par_officer"})] == [
            "inspections"
        ]
        assert reporting_menu.items(people.outsider, set()) == []


def test_the_default_periods_are_named_as_officials_write_them(units):
    from par.reporting.tests.helpers import periods_of

    names = [period.name for period in periods_of(2027).values()]
    assert names == [
        "Quý I năm 2027",
        "6 tháng đầu năm 2027",
        "Quý III năm 2027",
        "9 tháng năm 2027",
        "Năm 2027",
    ]
