"""Auto-fill from the metrics registry, overrides with a reason, the reconciliation view, the PDF, the API."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from par.documents import pdf
from par.documents.tests.helpers import needs_libreoffice
from par.inspections import actions as inspections
from par.reporting import actions
from par.reporting.models import DataValue, ReportState, Source
from par.reporting.tests.helpers import NOW, D, form_data, person, setup_reporting, write_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(units, people):
    setup = setup_reporting()
    setup.ward_officer = person("canbo.bimson", units.ward_bim_son)
    setup.other_ward_officer = person("canbo.quangtrung", units.ward_quang_trung)
    setup.reviewer = people.par_officer
    setup.ward = actions.do_create_report(unit=units.ward_bim_son, period=setup.q3, actor=setup.ward_officer)
    return setup


def _inspect_the_ward(units, people):
    """The province inspects the ward on 12/08/2026 and finds two issues; one is fixed on 01/09/2026."""
    with time_machine.travel(NOW, tick=False):
        plan = inspections.do_create_inspection_plan(
            unit=units.province, year=2026, title="Kế hoạch kiểm tra CCHC 2026", actor=people.par_officer
        )
        visit = inspections.do_schedule_inspection(
            plan,
            inspected_unit=units.ward_bim_son,
            scheduled_on=dt.date(2026, 8, 10),
            actor=people.par_officer,
        )
        visit = inspections.do_record_inspection(
            visit,
            held_on=dt.date(2026, 8, 12),
            conclusion="",
            expected_version=visit.version,
            actor=people.par_officer,
        )
        first = inspections.do_add_finding(
            visit, text="Chưa niêm yết TTHC.", area="procedures", due_on=None, actor=people.par_officer
        )
        inspections.do_add_finding(
            visit, text="Sổ theo dõi chưa đầy đủ.", area="par", due_on=None, actor=people.par_officer
        )
        inspections.do_close_finding(
            first,
            closed_on=dt.date(2026, 9, 1),
            note="Đã niêm yết.",
            expected_version=first.version,
            actor=people.par_officer,
        )


def _value(report, code, column):
    return DataValue.objects.get(report=report, element__code=code, column=column)


def test_auto_fill_reads_inspections_and_the_unit_tree_into_the_wards_own_row(
    client_for, world, units, people
):
    _inspect_the_ward(units, people)
    client = client_for(world.ward_officer)
    response = client.post(
        reverse("reporting:report_autofill", args=[world.ward.pk]),
        {"version": world.ward.version},
        follow=True,
    )
    assert "Đã lấy số liệu tự động" in response.content.decode()
    assert _value(world.ward, "van_de_sau_kiem_tra", "total").number == D(2)
    assert _value(world.ward, "van_de_sau_kiem_tra", "done").number == D(1)
    # One administrative body (the ward's committee), in the commune column of appendix 3.
    assert _value(world.ward, "co_quan_hanh_chinh", "commune").number == D(1)
    assert _value(world.ward, "co_quan_hanh_chinh", "total").source == Source.AUTO
    page = client.get(reverse("reporting:report_detail", args=[world.ward.pk])).content.decode()
    row = page.split('data-element="van_de_sau_kiem_tra"')[1].split("</tr>")[0]
    assert ">2<" in row and ">1<" in row and "50%" in row


def test_the_province_own_row_leaves_out_what_the_units_below_report(world, units, people):
    _inspect_the_ward(units, people)
    province = actions.do_create_report(unit=units.province, period=world.q3, actor=people.par_officer)
    actions.do_autofill(province, actor=people.par_officer)
    # The province committee itself, not the departments and wards (they report for themselves).
    assert _value(province, "co_quan_hanh_chinh", "province").number == D(1)
    assert _value(province, "van_de_sau_kiem_tra", "total").number == D(0)


def test_a_source_not_yet_registered_is_reported_not_available_and_breaks_nothing(client_for, world):
    response = client_for(world.ward_officer).post(
        reverse("reporting:report_autofill", args=[world.ward.pk]),
        {"version": world.ward.version},
        follow=True,
    )
    assert response.status_code == 200
    page = (
        client_for(world.ward_officer)
        .get(reverse("reporting:reconciliation", args=[world.ward.pk]))
        .content.decode()
    )
    # surveys and one-stop sources may not be registered yet; a row names its code either way.
    assert "catalog.procedures_in_force" in page and "Giá trị tự động" in page


def test_changing_a_live_value_needs_a_reason_shown_in_the_reconciliation(client_for, world, units, people):
    _inspect_the_ward(units, people)
    actions.do_autofill(world.ward, actor=world.ward_officer)
    world.ward.refresh_from_db()
    table = world.tables[5]
    client = client_for(world.ward_officer)
    url = reverse("reporting:report_values", args=[world.ward.pk, table.pk])
    figures = {"van_de_sau_kiem_tra": {"total": "3", "done": "1"}}
    response = client.post(url, form_data(table, figures, world.ward.version))
    assert response.status_code == 400 and "đã bị sửa: hãy nêu lý do" in response.content.decode()
    assert _value(world.ward, "van_de_sau_kiem_tra", "total").number == D(2)
    reason = {"van_de_sau_kiem_tra": "Thêm 1 vấn đề từ đợt kiểm tra đột xuất."}
    second = client.post(url, form_data(table, figures, world.ward.version, reason))
    assert second.status_code == 302
    cell = _value(world.ward, "van_de_sau_kiem_tra", "total")
    assert (cell.number, cell.auto_number, cell.source, cell.author) == (
        D(3),
        D(2),
        Source.MANUAL,
        world.ward_officer,
    )
    page = client.get(reverse("reporting:reconciliation", args=[world.ward.pk])).content.decode()
    row = page.split('data-element="van_de_sau_kiem_tra"')[1].split("</tr>")[0]
    assert '<td class="text-end" data-column="auto">2</td>' in row
    assert '<td class="text-end" data-column="submitted">3</td>' in row
    assert "Thêm 1 vấn đề từ đợt kiểm tra đột xuất." in row and "Nhập tay" in row


def test_auto_fill_keeps_a_value_a_person_overrode(world, units, people):
    _inspect_the_ward(units, people)
    actions.do_autofill(world.ward, actor=world.ward_officer)
    world.ward.refresh_from_db()
    element = world.tables[5].elements.get(code="van_de_sau_kiem_tra")
    actions.do_save_values(
        world.ward,
        world.tables[5],
        cells={(element.pk, "total"): D(3)},
        reasons={element.pk: "Đột xuất"},
        expected_version=world.ward.version,
        actor=world.ward_officer,
    )
    counts = actions.do_autofill(world.ward, actor=world.ward_officer)
    assert counts["kept"] >= 1
    assert _value(world.ward, "van_de_sau_kiem_tra", "total").number == D(3)


@needs_libreoffice
def test_the_report_docx_converts_to_a_pdf_in_libreoffice(client_for, world):
    response = client_for(world.ward_officer).get(reverse("reporting:export_pdf", args=[world.ward.pk]))
    assert response.status_code == 200
    content = response.getvalue()
    assert content.startswith(b"%PDF") and pdf.page_count(content) >= 7  # report + six landscape appendices


def test_pdf_says_so_when_libreoffice_is_missing(client_for, world, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    response = client_for(world.ward_officer).get(reverse("reporting:export_pdf", args=[world.ward.pk]))
    assert response.status_code == 503 and "LibreOffice" in response.content.decode()


# ---------------------------------------------------------------------------------------------- API


def test_api_lists_periods_and_only_visible_reports(client_for, client, world):
    assert client.get("/api/v1/reports/").status_code in (401, 403)
    assert (
        client_for(world.other_ward_officer).get("/api/v1/reports/").json()["results"] == []
        if "results" in client_for(world.other_ward_officer).get("/api/v1/reports/").json()
        else client_for(world.other_ward_officer).get("/api/v1/reports/").json() == []
    )
    body = client_for(world.ward_officer).get("/api/v1/reports/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["id"] for r in rows] == [world.ward.pk]
    periods = client_for(world.ward_officer).get("/api/v1/reporting-periods/").json()
    periods = periods["results"] if isinstance(periods, dict) else periods
    assert {p["name"] for p in periods} >= {"Quý III năm 2026"}


def test_api_other_unit_gets_not_found_and_the_ward_writes_values(client_for, world):
    url = f"/api/v1/reports/{world.ward.pk}/values/"
    element = world.tables[6].elements.get(code="cong_chuc_cap_xa")
    body = {
        "version": world.ward.version,
        "appendix": 6,
        "cells": [{"element": element.pk, "column": "total", "number": "78"}],
    }
    assert (
        client_for(world.other_ward_officer).post(url, body, content_type="application/json").status_code
        == 404
    )
    response = client_for(world.ward_officer).post(url, body, content_type="application/json")
    assert response.status_code == 200 and response.json()[0]["number"] == "78.00"
    stale = client_for(world.ward_officer).post(url, body, content_type="application/json")
    assert stale.status_code == 409
    bad = {
        "version": world.ward.version + 1,
        "appendix": 6,
        "cells": [{"element": element.pk, "column": "percent", "number": "120"}],
    }
    refused = client_for(world.ward_officer).post(url, bad, content_type="application/json")
    assert refused.status_code == 400 and "không được vượt quá 100%" in refused.json()["detail"]


def test_api_submit_and_approve_and_the_status_of_the_period(client_for, world, units):
    world.ward = write_text(world.ward)
    with time_machine.travel(NOW, tick=False):
        submitted = client_for(world.ward_officer).post(
            f"/api/v1/reports/{world.ward.pk}/submit/",
            {"version": world.ward.version},
            content_type="application/json",
        )
    assert submitted.status_code == 200 and submitted.json()["state"] == ReportState.SUBMITTED
    version = submitted.json()["version"]
    forbidden = client_for(world.ward_officer).post(
        f"/api/v1/reports/{world.ward.pk}/approve/", {"version": version}, content_type="application/json"
    )
    assert forbidden.status_code == 403
    approved = client_for(world.reviewer).post(
        f"/api/v1/reports/{world.ward.pk}/approve/", {"version": version}, content_type="application/json"
    )
    assert approved.json()["state"] == ReportState.APPROVED
    status = (
        client_for(world.reviewer)
        .get(f"/api/v1/reporting-periods/{world.q3.pk}/status/?unit={units.province.pk}")
        .json()
    )
    assert (status["expected"], status["submitted"], status["on_time"]) == (5, 1, 1)
    assert (
        client_for(world.other_ward_officer)
        .get(f"/api/v1/reporting-periods/{world.q3.pk}/status/?unit={units.province.pk}")
        .status_code
        == 404
    )
