"""Templates and periods: a period belongs to a province and names the template version its reports use; a
version a report was started on never changes; the province's PAR officer keeps both through audited pages
reachable from the menu (decisions 0130, 0131, 0132)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from par.accounts.models import Role
from par.audit.models import AuditEvent
from par.core.testing import make_unit
from par.orgunits.models import UnitKind
from par.reporting import actions
from par.reporting.models import AppendixTable, Report, ReportingPeriod, ReportTemplate, TemplateSection
from par.reporting.setup_actions import do_new_template_version, do_save_template_part
from par.reporting.tests.helpers import (
    NOW,
    D,
    cells,
    page_data,
    periods_of,
    person,
    setup_reporting,
    write_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units, people):
    setup = setup_reporting()
    setup.ward_officer = person("canbo.bimson", units.ward_bim_son)
    setup.nghe_an = make_unit("40", "Tỉnh Nghệ An", UnitKind.PROVINCE)
    setup.vinh = make_unit("16681", "Phường Thành Vinh", UnitKind.WARD, setup.nghe_an)
    setup.nghe_an_officer = person("cchc.nghean", setup.nghe_an, Role.PAR_OFFICER)
    setup.vinh_officer = person("canbo.vinh", setup.vinh)
    return setup


def _approve(world, report, figures, people):
    table = world.tables[6]
    report = actions.do_save_values(
        report, table, cells=cells(table, figures), expected_version=report.version, actor=world.ward_officer
    )
    report = write_text(report, world.ward_officer)
    with time_machine.travel(NOW, tick=False):
        report = actions.do_submit_report(report, expected_version=report.version, actor=world.ward_officer)
    return actions.do_approve_report(report, expected_version=report.version, actor=people.par_officer)


def _appendix_titles(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs if p.text.startswith("Phụ lục ")]


# ---------------------------------------------------------------------------------------------- template choice


def test_a_form_another_province_issued_for_a_later_year_never_reaches_this_provinces_reports(
    client_for, world, units
):
    # Nghệ An issues its own form "for 2019"; the former rule (latest year not after the period's) chose it.
    nghe_an_form = do_new_template_version(world.template, province=world.nghe_an, actor=None)
    nghe_an_form.year = 2019
    do_save_template_part(nghe_an_form, actor=None)
    response = client_for(world.ward_officer).post(
        reverse("reporting:report_create", args=[world.q3.pk]), {"unit": units.ward_bim_son.pk}
    )
    report = Report.objects.get(unit=units.ward_bim_son, period=world.q3)
    assert response.status_code == 302
    assert report.template == world.q3.template == world.template


def test_the_reports_of_one_period_stay_on_one_version_when_the_province_changes_its_form(
    client_for, world, units, people
):
    ward = actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=world.ward_officer)
    _approve(world, ward, {"cong_chuc_cap_xa": {"total": D(20)}}, people)
    client = client_for(people.par_officer)
    # The province makes its own version of the national model and adds an appendix to it.
    response = client.post(
        reverse("reporting:setup_template_version", args=[units.province.pk, world.template.pk]), follow=True
    )
    own = ReportTemplate.objects.get(province=units.province)
    assert "Đã tạo phiên bản 1" in response.content.decode()
    client.post(reverse("reporting:setup_table_new", args=[units.province.pk, own.pk]))
    assert own.tables.count() == world.template.tables.count() + 1
    # Quarter III had a report: it keeps the national model; the periods with no report moved to the new version.
    periods = {p.name: p.template_id for p in ReportingPeriod.objects.filter(province=units.province)}
    assert periods["Quý III năm 2026"] == world.template.pk
    assert periods["Năm 2026"] == periods["Quý I năm 2026"] == own.pk
    justice = actions.do_create_report(unit=units.justice, period=world.q3, actor=people.justice_officer)
    assert justice.template == ward.template == world.template
    # The roll-up of quarter III finds the ward's figure: one version in the period, nothing dropped.
    page = client.get(reverse("reporting:rollup", args=[world.q3.pk, units.province.pk])).content.decode()
    row = page.split('data-element="cong_chuc_cap_xa"')[1].split("</tr>")[0]
    assert ">20</a>" in row
    page = client_for(people.justice_officer).get(reverse("reporting:report_detail", args=[justice.pk]))
    assert f"Lập theo mẫu {world.template}" in page.content.decode()


def test_a_report_keeps_the_version_it_was_started_on_and_the_period_cannot_change_it(world, units, people):
    ward = actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=world.ward_officer)
    other = do_new_template_version(world.template, province=units.province, actor=people.par_officer)
    period = ReportingPeriod.objects.get(pk=world.q3.pk)
    period.template = other
    with pytest.raises(ValidationError, match="không còn thay đổi"):
        do_save_template_part(period, actor=people.par_officer)
    # The deadline may still move (an extension), with its audit row.
    period = ReportingPeriod.objects.get(pk=world.q3.pk)
    period.due_date = dt.date(2026, 9, 25)
    do_save_template_part(period, actor=people.par_officer)
    ward.refresh_from_db()
    assert ward.template == world.template
    assert AuditEvent.objects.filter(
        action="reporting.save_reportingperiod", actor=people.par_officer
    ).exists()


# ---------------------------------------------------------------------------------------------- period ownership


def test_each_province_has_its_own_periods_and_sees_only_them(client_for, world, units):
    nghe_an_q3 = periods_of(2026, province=world.nghe_an)["quarter3"]
    assert nghe_an_q3.name == world.q3.name == "Quý III năm 2026" and nghe_an_q3.pk != world.q3.pk
    client = client_for(world.vinh_officer)
    listing = client.get(reverse("reporting:period_list")).content.decode()
    assert reverse("reporting:period_detail", args=[nghe_an_q3.pk]) in listing
    assert reverse("reporting:period_detail", args=[world.q3.pk]) not in listing
    assert client.get(reverse("reporting:period_detail", args=[world.q3.pk])).status_code == 404
    create = client.post(reverse("reporting:report_create", args=[world.q3.pk]), {"unit": world.vinh.pk})
    assert create.status_code == 404
    api = client.get("/api/v1/reporting-periods/").json()
    rows = api["results"] if isinstance(api, dict) else api
    assert {r["province"] for r in rows} == {world.nghe_an.pk}
    # Thanh Hóa's ward sees Thanh Hóa's periods only and cannot start a report in Nghệ An's.
    ward_client = client_for(world.ward_officer)
    assert ward_client.get(reverse("reporting:period_detail", args=[nghe_an_q3.pk])).status_code == 404
    refused = ward_client.post(
        reverse("reporting:report_create", args=[nghe_an_q3.pk]), {"unit": units.ward_bim_son.pk}
    )
    assert refused.status_code == 404
    with pytest.raises(ValidationError, match="tỉnh khác"):
        actions.do_create_report(unit=world.vinh, period=world.q3, actor=None)


def test_the_roll_up_of_a_period_is_not_found_for_a_unit_of_another_province(client_for, world, people):
    url = reverse("reporting:rollup", args=[world.q3.pk, world.nghe_an.pk])
    assert client_for(people.admin).get(url).status_code == 404


# ---------------------------------------------------------------------------------------------- approved shape


def test_an_appendix_added_after_approval_never_appears_in_the_approved_report(
    client_for, world, units, people
):
    ward = actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=world.ward_officer)
    ward = _approve(world, ward, {"cong_chuc_cap_xa": {"total": D(20)}}, people)
    client = client_for(world.ward_officer)
    before = _appendix_titles(client.get(reverse("reporting:export_docx", args=[ward.pk])).getvalue())
    # An administrator tries to add an appendix to the version in the admin: refused, nothing written.
    admin = client_for(people.admin)
    response = admin.post(
        reverse("admin:reporting_appendixtable_add"),
        {
            "template": world.template.pk,
            "number": 9,
            "title": "Phụ lục bổ sung",
            "label_header": "Tiêu chí",
            "columns": '[{"key": "total", "title": "Tổng số"}]',
            "unit_kinds": "[]",
            "elements-TOTAL_FORMS": "0",
            "elements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and "không thể thay đổi" in response.content.decode()
    assert not AppendixTable.objects.filter(number=9).exists()
    with pytest.raises(ValidationError):
        do_save_template_part(AppendixTable(template=world.template, number=9, title="X"), actor=people.admin)
    section = TemplateSection.objects.filter(template=world.template).first()
    section.title = "Đổi tên sau khi phê duyệt"
    with pytest.raises(ValidationError):
        do_save_template_part(section, actor=people.admin)
    client = client_for(world.ward_officer)
    after = _appendix_titles(client.get(reverse("reporting:export_docx", args=[ward.pk])).getvalue())
    assert after == before and len(before) == 7  # the ward fills seven; appendix 7 is the province's
    page = client.get(reverse("reporting:report_detail", args=[ward.pk])).content.decode()
    assert "Phụ lục bổ sung" not in page and "Đổi tên sau khi phê duyệt" not in page


def test_a_version_in_use_can_still_be_withdrawn_from_new_periods(world, units, people):
    actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=world.ward_officer)
    template = ReportTemplate.objects.get(pk=world.template.pk)
    template.is_active = False
    do_save_template_part(template, actor=people.admin)
    assert not ReportTemplate.objects.get(pk=world.template.pk).is_active


# ---------------------------------------------------------------------------------------------- who edits


def test_the_province_par_officer_reaches_the_forms_and_periods_from_the_menu_and_moves_a_deadline(
    client_for, world, units, people
):
    client = client_for(people.par_officer)
    menu = client.get(reverse("reporting:period_list")).content.decode()
    assert reverse("reporting:setup_home") in menu and "Mẫu và kỳ báo cáo" in menu
    page = client.get(reverse("reporting:setup_home"), follow=True)
    assert page.status_code == 200 and "Quý III năm 2026" in page.content.decode()
    url = reverse("reporting:setup_period", args=[units.province.pk, world.q3.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "start": "15/06/2026",
            "cutoff": "14/09/2026",
            "due_date": "22/09/2026",
            "due_province": "18/09/2026",
            "due_district": "",
            "due_commune": "18/09/2026",
            "template": world.template.pk,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    period = ReportingPeriod.objects.get(pk=world.q3.pk)
    assert period.due_date == dt.date(2026, 9, 22)
    assert {d.level: d.due_date for d in period.deadlines.all()} == {
        "province": dt.date(2026, 9, 18),
        "commune": dt.date(2026, 9, 18),
    }
    event = AuditEvent.objects.get(
        action="reporting.save_reportingperiod", object_id=str(period.pk), actor=people.par_officer
    )
    assert event.before["due_date"] == "2026-09-20" and event.after["due_date"] == "2026-09-22"


def test_the_par_officer_edits_the_provinces_own_version_but_not_the_national_model(
    client_for, world, units, people
):
    section = TemplateSection.objects.filter(template=world.template).first()
    section.title = "Không được đổi"
    with pytest.raises(PermissionDenied):
        do_save_template_part(section, actor=people.par_officer)
    client = client_for(people.par_officer)
    national = client.get(reverse("reporting:setup_template", args=[units.province.pk, world.template.pk]))
    assert "Tạo phiên bản riêng của tỉnh" in national.content.decode()
    own = do_new_template_version(world.template, province=units.province, actor=people.par_officer)
    url = reverse("reporting:setup_template", args=[units.province.pk, own.pk])
    page = client.get(url)
    data = page_data(page)
    data["subject"] = "Tình hình thực hiện cải cách hành chính {period}"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ReportTemplate.objects.get(pk=own.pk).subject == "Tình hình thực hiện cải cách hành chính {period}"
    assert AuditEvent.objects.filter(
        action="reporting.save_reporttemplate", actor=people.par_officer, object_id=str(own.pk)
    ).exists()


def test_a_placeholder_that_does_not_exist_is_refused_on_the_page(client_for, world, units, people):
    own = do_new_template_version(world.template, province=units.province, actor=people.par_officer)
    client = client_for(people.par_officer)
    url = reverse("reporting:setup_template", args=[units.province.pk, own.pk])
    data = page_data(client.get(url))
    data["subject"] = "Kết quả {ky_bao_cao}"
    response = client.post(url, data)
    assert response.status_code == 400 and "{ky_bao_cao}" in response.content.decode()


def _setup_urls(world, units):
    province = units.province.pk
    table = world.template.tables.first()
    return [
        reverse("reporting:setup_home"),
        reverse("reporting:setup_province", args=[province]),
        reverse("reporting:setup_period", args=[province, world.q3.pk]),
        reverse("reporting:setup_period_new", args=[province]),
        reverse("reporting:setup_template", args=[province, world.template.pk]),
        reverse("reporting:setup_table", args=[province, world.template.pk, table.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_from_the_setup_pages(client, world, units):
    for url in _setup_urls(world, units):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_units_staff_and_another_provinces_officer_get_not_found_on_the_setup_pages(
    client_for, world, units, people
):
    people.justice_head.is_staff = True
    people.justice_head.save()
    for user in (world.ward_officer, people.justice_head, people.auditor, world.nghe_an_officer):
        client = client_for(user)
        for url in _setup_urls(world, units)[1:]:
            assert client.get(url).status_code == 404, (user, url)
    year = reverse("reporting:setup_year", args=[units.province.pk])
    response = client_for(world.nghe_an_officer).post(year, {"year": 2030, "template": world.template.pk})
    assert response.status_code == 404
    assert not ReportingPeriod.objects.filter(year=2030).exists()


def test_the_provinces_officer_and_an_administrator_open_every_setup_page(client_for, world, units, people):
    for user in (people.par_officer, people.admin):
        client = client_for(user)
        for url in _setup_urls(world, units):
            assert client.get(url, follow=True).status_code == 200, (user, url)


def test_the_setup_page_of_a_province_reads_in_a_fixed_number_of_queries(
    client_for, world, units, people, django_assert_num_queries
):
    client = client_for(people.par_officer)
    url = reverse("reporting:setup_province", args=[units.province.pk])
    client.get(url)
    # session, user, menu; the province; periods; templates (with their counts)
    with django_assert_num_queries(7) as first:
        client.get(url)
    periods_of(2027)
    do_new_template_version(world.template, province=units.province, actor=None)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_the_par_officer_creates_next_years_periods_on_a_chosen_version(client_for, world, units, people):
    client = client_for(people.par_officer)
    response = client.post(
        reverse("reporting:setup_year", args=[units.province.pk]),
        {"year": 2027, "template": world.template.pk},
    )
    assert response.status_code == 302
    names = list(
        ReportingPeriod.objects.filter(province=units.province, year=2027)
        .order_by("cutoff", "kind")
        .values_list("name", flat=True)
    )
    assert names == [
        "Quý I năm 2027",
        "6 tháng đầu năm 2027",
        "9 tháng năm 2027",
        "Quý III năm 2027",
        "Năm 2027",
    ]
    assert (
        AuditEvent.objects.filter(action="reporting.save_reportingperiod", actor=people.par_officer).count()
        == 5
    )


def test_the_setup_entry_is_in_the_menu_of_par_officers_and_administrators_only(
    people, django_assert_num_queries
):
    from par.reporting import menu

    with django_assert_num_queries(0):
        assert [i["key"] for i in menu.items(people.par_officer, {"par_officer"})] == [
            "reports",
            "report_setup",
        ]
        assert [i["key"] for i in menu.items(people.admin, set())] == ["reports", "report_setup"]
        assert [i["key"] for i in menu.items(people.justice_head, {"unit_head"})] == ["reports"]
