"""Rules of the review workflow: a unit reports only for periods it existed in (decision 0142), nobody approves a
report they submitted (decision 0143), and a period has one deadline per unit everywhere (decision 0144)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from par.accounts.models import Membership, Role
from par.reporting import actions
from par.reporting.models import PeriodKind, Report, ReportingPeriod, ReportState
from par.reporting.tests.helpers import periods_of, person, setup_reporting, write_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units, people):
    setup = setup_reporting()
    setup.reviewer = people.par_officer
    return setup


def _period(kind, year, quarter=None) -> ReportingPeriod:
    """The province's period of `year` on the national model (decision 0130)."""
    return next(p for p in periods_of(year).values() if p.kind == kind and p.quarter == quarter)


# ------------------------------------------------------------------------------------- outside a unit's life


def test_a_ward_set_up_on_01_07_2025_cannot_start_a_quarter_I_2025_report(client_for, world, units):
    officer = person("canbo.bimson", units.ward_bim_son)
    q1_2025 = _period(PeriodKind.QUARTER, 2025, 1)
    client = client_for(officer)
    response = client.post(
        reverse("reporting:report_create", args=[q1_2025.pk]), {"unit": units.ward_bim_son.pk}, follow=True
    )
    assert not Report.objects.filter(unit=units.ward_bim_son).exists()
    assert (
        "Phường Bỉm Sơn được thành lập từ ngày 01/07/2025, sau kỳ số liệu của Quý I năm 2025 "
        "(15/12/2024 – 14/03/2025): đơn vị không có báo cáo kỳ này." in response.content.decode()
    )
    page = client.get(reverse("reporting:period_detail", args=[q1_2025.pk])).content.decode()
    assert "Đơn vị không tồn tại trong kỳ này nên không có báo cáo." in page and "Lập báo cáo" not in page


def test_a_town_that_ended_on_30_06_2025_cannot_start_a_2026_report(world, units):
    officer = person("vanthu.bimson", units.bim_son)
    with pytest.raises(Exception, match="chỉ hoạt động đến hết ngày 30/06/2025"):
        actions.do_create_report(unit=units.bim_son, period=world.q3, actor=officer)


def test_the_api_refuses_a_report_outside_the_units_life(client_for, world, units):
    officer = person("canbo.bimson", units.ward_bim_son)
    q1_2025 = _period(PeriodKind.QUARTER, 2025, 1)
    response = client_for(officer).post(
        "/api/v1/reports/",
        {"unit": units.ward_bim_son.pk, "period": q1_2025.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "được thành lập từ ngày 01/07/2025" in response.json()["detail"]


def test_units_report_for_the_quarter_in_which_they_were_set_up_or_ended(world, units):
    # Quarter III 2025 runs from 15/06/2025: the town existed until 30/06, the ward from 01/07.
    q3_2025 = _period(PeriodKind.QUARTER, 2025, 3)
    ward = actions.do_create_report(
        unit=units.ward_bim_son, period=q3_2025, actor=person("canbo.bimson", units.ward_bim_son)
    )
    town = actions.do_create_report(unit=units.bim_son, period=q3_2025, actor=person("vanthu", units.bim_son))
    assert ward.pk and town.pk


def test_a_report_left_from_before_a_correction_of_the_units_dates_cannot_be_submitted(world, units):
    officer = person("canbo.bimson", units.ward_bim_son)
    q1_2025 = _period(PeriodKind.QUARTER, 2025, 1)
    report = Report.objects.create(unit=units.ward_bim_son, period=q1_2025, template=world.template)
    report = write_text(report)
    with pytest.raises(Exception, match="không có báo cáo kỳ này"):
        actions.do_submit_report(report, expected_version=report.version, actor=officer)


# ------------------------------------------------------------------------------------------ own approval


def _submit(client, report):
    report.refresh_from_db()
    return client.post(
        reverse("reporting:report_transition", args=[report.pk, "submit"]), {"version": report.version}
    )


def _approve(client, report):
    report.refresh_from_db()
    return client.post(
        reverse("reporting:report_transition", args=[report.pk, "approve"]), {"version": report.version}
    )


def test_a_person_who_writes_for_the_ward_and_reviews_for_the_province_cannot_approve_what_they_submitted(
    client_for, world, units
):
    both = person("kiemnhiem", units.ward_bim_son)
    Membership.objects.create(user=both, unit=units.province, role=Role.PAR_OFFICER)
    report = write_text(actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=both))
    client = client_for(both)
    assert _submit(client, report).status_code == 302
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert "Bạn đã gửi báo cáo này nên một người có thẩm quyền khác của cấp trên sẽ phê duyệt." in page
    assert "Phê duyệt</button>" not in page
    response = _approve(client, report)
    assert response.status_code == 403
    assert "Bạn đã gửi báo cáo này nên không thể tự phê duyệt" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert _approve(client_for(world.reviewer), report).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and report.decided_by == world.reviewer


def test_the_head_of_the_province_cannot_approve_the_province_report_they_submitted(client_for, world, units):
    head = person("chutich", units.province, role=Role.UNIT_HEAD)
    other_head = person("phochutich", units.province, role=Role.SIGNING_LEADER)
    report = write_text(actions.do_create_report(unit=units.province, period=world.q3, actor=head))
    assert _submit(client_for(head), report).status_code == 302
    assert _approve(client_for(head), report).status_code == 403
    assert _approve(client_for(other_head), report).status_code == 302


def test_a_report_submitted_again_after_a_return_is_still_not_approved_by_its_first_submitter(world, units):
    both = person("kiemnhiem", units.ward_bim_son)
    Membership.objects.create(user=both, unit=units.province, role=Role.PAR_OFFICER)
    colleague = person("dongnghiep", units.ward_bim_son)
    report = write_text(actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=both))
    report = actions.do_submit_report(report, expected_version=report.version, actor=both)
    report = actions.do_return_report(
        report, comment="Bổ sung.", expected_version=report.version, actor=world.reviewer
    )
    report = actions.do_submit_report(report, expected_version=report.version, actor=colleague)
    with pytest.raises(Exception, match="không thể tự phê duyệt"):
        actions.do_approve_report(report, expected_version=report.version, actor=both)


def test_the_api_refuses_an_approval_by_the_submitter(client_for, world, units):
    both = person("kiemnhiem", units.ward_bim_son)
    Membership.objects.create(user=both, unit=units.province, role=Role.PAR_OFFICER)
    report = write_text(actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=both))
    report = actions.do_submit_report(report, expected_version=report.version, actor=both)
    response = client_for(both).post(
        f"/api/v1/reports/{report.pk}/approve/", {"version": report.version}, content_type="application/json"
    )
    assert response.status_code == 403


# ----------------------------------------------------------------------------------------------- deadlines


def test_the_province_has_one_deadline_on_the_period_page_and_the_completeness_page(client_for, world, units):
    year = ReportingPeriod.objects.get(kind=PeriodKind.YEAR, year=2026)
    client = client_for(world.reviewer)  # the province PAR officer
    period_page = client.get(reverse("reporting:period_detail", args=[year.pk])).content.decode()
    assert "tỉnh gửi báo cáo trước ngày 20/12/2026" in period_page
    own = period_page.split(f'data-unit="{units.province.code}"')[1].split("</li>")[0]
    assert "hạn gửi báo cáo: 20/12/2026" in own
    completeness = client.get(
        reverse("reporting:completeness", args=[year.pk, units.province.pk])
    ).content.decode()

    def due(unit) -> str:
        row = completeness.split(f'<tr data-unit="{unit.code}">')[1].split("</tr>")[0]
        return row.split("</td><td>")[1].split("</td>")[0]

    # The province reports to the Ministry by the 20th; the units below report to it by the 16th.
    assert due(units.province) == "20/12/2026"
    assert due(units.justice) == "16/12/2026" and due(units.ward_bim_son) == "16/12/2026"


def test_a_province_report_sent_on_18_12_is_on_time_everywhere(client_for, world, units, people):
    from par import metrics

    year = ReportingPeriod.objects.get(kind=PeriodKind.YEAR, year=2026)
    with time_machine.travel(dt.datetime(2026, 12, 18, 3, 0, tzinfo=dt.UTC), tick=False):
        report = write_text(
            actions.do_create_report(unit=units.province, period=year, actor=people.par_officer)
        )
        actions.do_submit_report(report, expected_version=report.version, actor=people.par_officer)
    page = client_for(world.reviewer).get(
        reverse("reporting:completeness", args=[year.pk, units.province.pk])
    )
    row = page.content.decode().split(f'<tr data-unit="{units.province.code}">')[1].split("</tr>")[0]
    assert "Đúng hạn" in row
    measured = metrics.measure(
        "reporting.reports_on_time_pct", units.province, dt.date(2026, 12, 1), dt.date(2026, 12, 31)
    )
    assert (measured.numerator, measured.denominator) == (1, 1)


# ------------------------------------------------------------------------------------------------ wording


def test_a_returned_report_is_shown_as_returned_not_as_the_one_stop_return_method(client_for, world, units):
    officer = person("canbo.bimson", units.ward_bim_son)
    report = write_text(actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=officer))
    report = actions.do_submit_report(report, expected_version=report.version, actor=officer)
    actions.do_return_report(
        report, comment="Bổ sung.", expected_version=report.version, actor=world.reviewer
    )
    for url in (
        reverse("reporting:report_detail", args=[report.pk]),
        reverse("reporting:period_detail", args=[world.q3.pk]),
    ):
        page = client_for(officer).get(url).content.decode()
        assert 'data-state="returned">Bị trả lại</span>' in page, url
        assert "Hình thức trả kết quả" not in page
