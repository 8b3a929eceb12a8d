"""Inspections: the province plans and records them, the inspected ward follows up, the province closes the
findings; who may see and do what; the measures that feed appendix 5."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from par import metrics
from par.accounts.models import Membership, Role, User
from par.audit.models import AuditEvent
from par.core.testing import PASSWORD
from par.inspections import actions
from par.inspections.models import Finding, FollowUp, Inspection, InspectionPlan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 9, 15, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _officer(username, unit):
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    Membership.objects.create(user=user, unit=unit, role=Role.UNIT_OFFICER)
    return user


@pytest.fixture
def visit(units, people):
    plan = actions.do_create_inspection_plan(
        unit=units.province, year=2026, title="Kế hoạch kiểm tra CCHC năm 2026", actor=people.par_officer
    )
    inspection = actions.do_schedule_inspection(
        plan, inspected_unit=units.ward_bim_son, scheduled_on=dt.date(2026, 8, 10), actor=people.par_officer
    )
    return actions.do_record_inspection(
        inspection,
        held_on=dt.date(2026, 8, 12),
        conclusion="Đạt yêu cầu.",
        expected_version=inspection.version,
        actor=people.par_officer,
    )


def _pages(visit):
    return [
        reverse("inspections:inspection_list"),
        reverse("inspections:plan_detail", args=[visit.plan_id]),
        reverse("inspections:inspection_detail", args=[visit.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, visit):
    for url in _pages(visit):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_another_ward_gets_not_found_and_the_province_and_the_ward_see_the_inspection(
    client_for, visit, units, people
):
    other = _officer("canbo.quangtrung", units.ward_quang_trung)
    ward = _officer("canbo.bimson", units.ward_bim_son)
    assert client_for(other).get(_pages(visit)[2]).status_code == 404
    assert client_for(other).get(_pages(visit)[1]).status_code == 404
    assert client_for(ward).get(_pages(visit)[2]).status_code == 200
    for url in _pages(visit):
        assert client_for(people.par_officer).get(url).status_code == 200


def test_the_province_adds_a_finding_the_ward_follows_up_and_the_province_closes_it(
    client_for, visit, units, people
):
    url = reverse("inspections:inspection_detail", args=[visit.pk])
    province = client_for(people.par_officer)
    assert (
        province.post(
            url,
            {
                "step": "finding",
                "text": "Chưa niêm yết đủ TTHC.",
                "area": "procedures",
                "due_on": "30/09/2026",
            },
        ).status_code
        == 302
    )
    finding = Finding.objects.get()
    ward = client_for(_officer("canbo.bimson", units.ward_bim_son))
    refused = ward.post(url, {"step": "finding", "text": "Tự thêm", "area": "par"})
    assert refused.status_code == 403
    assert "Bạn không có quyền sửa cuộc kiểm tra này." in refused.content.decode()
    assert (
        ward.post(
            url, {"step": "follow_up", "finding": finding.pk, "text": "Đã niêm yết bổ sung."}
        ).status_code
        == 302
    )
    assert (
        ward.post(
            url,
            {
                "step": "close",
                "finding": finding.pk,
                "closed_on": "14/09/2026",
                "note": "x",
                "version": finding.version,
            },
        ).status_code
        == 403
    )
    province = client_for(people.par_officer)
    response = province.post(
        url,
        {
            "step": "close",
            "finding": finding.pk,
            "closed_on": "14/09/2026",
            "note": "",
            "version": finding.version,
        },
    )
    assert response.status_code == 400 and "Hãy nêu cách đã khắc phục." in response.content.decode()
    assert (
        province.post(
            url,
            {
                "step": "close",
                "finding": finding.pk,
                "closed_on": "14/09/2026",
                "note": "Đã kiểm tra lại.",
                "version": finding.version,
            },
        ).status_code
        == 302
    )
    finding.refresh_from_db()
    assert finding.closed_on == dt.date(2026, 9, 14) and FollowUp.objects.get().text == "Đã niêm yết bổ sung."
    assert set(
        AuditEvent.objects.filter(action__startswith="inspections.").values_list("action", flat=True)
    ) >= {
        "inspections.add_finding",
        "inspections.follow_up",
        "inspections.close_finding",
    }


def test_a_stale_close_gets_a_conflict(client_for, visit, people):
    finding = actions.do_add_finding(
        visit, text="Thiếu sổ theo dõi.", area="par", due_on=None, actor=people.par_officer
    )
    stale = finding.version
    actions.do_close_finding(
        finding,
        closed_on=dt.date(2026, 9, 1),
        note="Đã bổ sung.",
        expected_version=stale,
        actor=people.par_officer,
    )
    response = client_for(people.par_officer).post(
        reverse("inspections:inspection_detail", args=[visit.pk]),
        {
            "step": "close",
            "finding": finding.pk,
            "closed_on": "02/09/2026",
            "note": "Lần hai",
            "version": stale,
        },
    )
    assert response.status_code == 409
    assert "Người khác đã thay đổi mục này trong lúc bạn đang sửa." in response.content.decode()


def test_only_units_below_the_inspecting_unit_can_be_inspected(visit, units, people):
    plan = actions.do_create_inspection_plan(
        unit=units.justice, year=2026, title="Kiểm tra nội bộ", actor=people.justice_head
    )
    with pytest.raises(Exception, match="trực thuộc"):
        actions.do_schedule_inspection(
            plan,
            inspected_unit=units.ward_bim_son,
            scheduled_on=dt.date(2026, 5, 1),
            actor=people.justice_head,
        )
    assert InspectionPlan.objects.count() == 2 and Inspection.objects.count() == 1


def test_the_measures_count_inspections_and_findings_of_the_period(visit, units, people):
    first = actions.do_add_finding(visit, text="A", area="par", due_on=None, actor=people.par_officer)
    actions.do_add_finding(visit, text="B", area="par", due_on=None, actor=people.par_officer)
    actions.do_close_finding(
        first,
        closed_on=dt.date(2026, 9, 1),
        note="Xong",
        expected_version=first.version,
        actor=people.par_officer,
    )
    start, end = dt.date(2026, 6, 15), dt.date(2026, 9, 14)
    assert metrics.measure("inspections.inspections_done", units.province, start, end).value == 1
    assert metrics.measure("inspections.findings", units.ward_bim_son, start, end).value == 2
    assert metrics.measure("inspections.findings_closed", units.ward_bim_son, start, end).value == 1
    assert (
        metrics.measure("inspections.findings_closed", units.ward_bim_son, start, dt.date(2026, 8, 31)).value
        == 0
    )
    assert metrics.measure("inspections.findings", units.ward_quang_trung, start, end).value == 0


def test_the_inspection_page_reads_in_a_fixed_number_of_queries(
    client_for, visit, people, django_assert_num_queries
):
    finding = actions.do_add_finding(visit, text="A", area="par", due_on=None, actor=people.par_officer)
    actions.do_add_follow_up(finding, text="Đã nhận.", actor=people.par_officer)
    client = client_for(people.par_officer)
    url = reverse("inspections:inspection_detail", args=[visit.pk])
    client.get(url)
    # session, user, access (paths, inspection), findings, follow-ups and their authors, two role checks, menu
    with django_assert_num_queries(10) as first:
        client.get(url)
    for text in ("B", "C", "D"):
        finding = actions.do_add_finding(visit, text=text, area="par", due_on=None, actor=people.par_officer)
        actions.do_add_follow_up(finding, text="Đang khắc phục.", actor=people.par_officer)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


def test_api_lists_only_the_inspections_in_scope(client_for, client, visit, units, people):
    assert client.get("/api/v1/inspections/").status_code in (401, 403)
    other = (
        client_for(_officer("canbo.quangtrung", units.ward_quang_trung)).get("/api/v1/inspections/").json()
    )
    assert (other["results"] if isinstance(other, dict) else other) == []
    mine = client_for(people.par_officer).get("/api/v1/inspections/").json()
    assert [i["id"] for i in (mine["results"] if isinstance(mine, dict) else mine)] == [visit.pk]


def test_only_the_inspecting_unit_plans_and_schedules(client_for, visit, units, people):
    ward = client_for(_officer("canbo.bimson", units.ward_bim_son))
    plan_url = reverse("inspections:plan_detail", args=[visit.plan_id])
    body = {"inspected_unit": units.ward_quang_trung.pk, "scheduled_on": "01/10/2026"}
    assert ward.post(plan_url, body).status_code == 404
    list_url = reverse("inspections:inspection_list")
    assert ward.post(list_url, {"unit": units.province.pk, "year": "2026", "title": "X"}).status_code == 404
    province = client_for(people.par_officer)
    unreadable = province.post(plan_url, {**body, "scheduled_on": "1/10"})
    assert unreadable.status_code == 400 and "Nhập ngày theo dạng dd/mm/yyyy." in unreadable.content.decode()
    assert province.post(plan_url, body).status_code == 302
    assert Inspection.objects.filter(inspected_unit=units.ward_quang_trung).count() == 1


def test_closing_a_finding_keeps_in_the_audit_row_that_it_was_open_before(client_for, visit, people):
    finding = actions.do_add_finding(
        visit, text="Thiếu sổ theo dõi.", area="par", due_on=None, actor=people.par_officer
    )
    response = client_for(people.par_officer).post(
        reverse("inspections:inspection_detail", args=[visit.pk]),
        {
            "step": "close",
            "finding": finding.pk,
            "closed_on": "14/09/2026",
            "note": "Đã bổ sung sổ.",
            "version": finding.version,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="inspections.close_finding")
    assert event.before == {"closed_on": None, "closure_note": ""}
    assert event.after == {"closed_on": "2026-09-14", "closure_note": "Đã bổ sung sổ."}


def test_recording_an_inspection_again_with_the_same_words_writes_no_second_audit_row(visit, people):
    again = actions.do_record_inspection(
        visit,
        held_on=visit.held_on,
        conclusion=visit.conclusion,
        expected_version=visit.version,
        actor=people.par_officer,
    )
    assert again.version == visit.version
    assert AuditEvent.objects.filter(action="inspections.record").count() == 1
