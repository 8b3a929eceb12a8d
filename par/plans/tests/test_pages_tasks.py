"""Task pages through HTTP: the task with its units and progress, the task form, cancelling, evidence files."""

import pytest
from django.urls import reverse

from par.audit.models import AuditEvent
from par.core.testing import english, pdf
from par.plans.actions import do_report_progress
from par.plans.models import Evidence, PlanTask, ProgressUpdate
from par.plans.testing import NOW, TODAY, assignment, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def plans(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_plans(units, people)


@pytest.fixture
def reported(plans, units, people):
    """Sở Tư pháp reports task 1 done on time with a scanned report."""
    return do_report_progress(
        assignment(plans.review, units.justice),
        text="Đã ban hành báo cáo rà soát.",
        product_reference="Báo cáo số 45/BC-STP ngày 20/03/2026",
        completed_on=TODAY,
        files=[pdf("bao-cao-ra-soat.pdf")],
        actor=people.justice_officer,
    )


def _task_form(units, **extra):
    data = {
        "area": "institutions",
        "number": "3",
        "text": "Xây dựng quy chế phối hợp.",
        "products": "Quyết định của UBND tỉnh\nBáo cáo kết quả",
        "lead_units": [units.justice.pk],
        "coordinating_groups": ["departments"],
        "schedule_text": "Quý III/2026.",
        "note": "",
    }
    return {**data, **extra}


# --- task detail ---------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_anonymous_visitor_is_sent_to_login_from_every_task_page(client, plans, reported):
    evidence = Evidence.objects.get()
    for url in [
        reverse("plans:task_detail", args=[plans.review.pk]),
        reverse("plans:task_create", args=[plans.plan.pk]),
        reverse("plans:task_edit", args=[plans.review.pk]),
        reverse("plans:task_cancel", args=[plans.review.pk]),
        reverse("plans:schedule_preview"),
        reverse("plans:evidence_download", args=[evidence.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.smoke
def test_task_detail_shows_units_progress_and_evidence_to_the_par_officer(
    client_for, people, plans, reported
):
    html = (
        english(client_for(people.par_officer))
        .get(reverse("plans:task_detail", args=[plans.review.pk]))
        .content.decode()
    )
    assert "Đã ban hành báo cáo rà soát." in html
    assert "Báo cáo số 45/BC-STP ngày 20/03/2026" in html
    assert reverse("plans:evidence_download", args=[Evidence.objects.get().pk]) in html
    assert 'data-status="done_on_time"' in html
    assert "Sở Nội vụ" in html  # the coordinating unit, still without a report


def test_ward_clerk_cannot_open_a_task_not_assigned_to_their_ward(client_for, people, plans):
    assert (
        client_for(people.ward_clerk).get(reverse("plans:task_detail", args=[plans.review.pk])).status_code
        == 404
    )
    assert client_for(people.ward_clerk).get(reverse("plans:task_detail", args=[99999])).status_code == 404


def test_ward_clerk_sees_only_their_own_wards_progress_on_a_shared_task(client_for, people, units, plans):
    html = (
        client_for(people.ward_clerk)
        .get(reverse("plans:task_detail", args=[plans.online.pk]))
        .content.decode()
    )
    rows = html[html.index("assignments-heading") :]
    assert "Phường Bỉm Sơn" in rows and "Phường Quang Trung" not in rows.split("</table>")[0]


def test_task_detail_query_count_is_fixed(client_for, people, plans, reported, django_assert_max_num_queries):
    client = client_for(people.par_officer)
    # 20: with the page of units, its count and the totals by status.
    with django_assert_max_num_queries(20):
        client.get(reverse("plans:task_detail", args=[plans.online.pk]))


# --- evidence downloads --------------------------------------------------------------------------------


def test_evidence_is_downloaded_through_an_access_check(client_for, people, plans, reported):
    evidence = Evidence.objects.get()
    response = client_for(people.justice_head).get(reverse("plans:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'attachment; filename="bao-cao-ra-soat.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


def test_evidence_of_another_unit_looks_missing(client_for, people, plans, reported):
    evidence = Evidence.objects.get()
    url = reverse("plans:evidence_download", args=[evidence.pk])
    assert client_for(people.ward_clerk).get(url).status_code == 404
    assert client_for(people.outsider).get(url).status_code == 404


def test_evidence_is_not_linked_from_media_url(client_for, people, plans, reported, settings):
    html = (
        client_for(people.par_officer)
        .get(reverse("plans:task_detail", args=[plans.review.pk]))
        .content.decode()
    )
    assert settings.MEDIA_URL + "plans/evidence" not in html


# --- add and edit tasks --------------------------------------------------------------------------------


def test_par_officer_adds_a_task_with_products_units_groups_and_schedule(client_for, people, units, plans):
    response = client_for(people.par_officer).post(
        reverse("plans:task_create", args=[plans.plan.pk]), _task_form(units)
    )
    task = PlanTask.objects.get(plan=plans.plan, area__code="institutions", number="3")
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:task_detail", args=[task.pk]
    )
    assert [p.name for p in task.products.all()] == ["Quyết định của UBND tỉnh", "Báo cáo kết quả"]
    assert [m.due_date.isoformat() for m in task.milestones.all()] == ["2026-09-30"]
    # The plan is issued, so the group is expanded at once: the two departments, Sở Tư pháp staying lead.
    roles = dict(task.assignments.values_list("unit__code", "role"))
    assert roles == {"38.STP": "lead", "38.SNV": "coordinating"}


def test_an_invalid_task_is_refused_and_nothing_is_left_behind(client_for, people, units, plans):
    before = PlanTask.objects.count(), AuditEvent.objects.count()
    response = english(client_for(people.par_officer)).post(
        reverse("plans:task_create", args=[plans.plan.pk]), _task_form(units, number="1", text="Trùng số")
    )
    assert response.status_code == 400
    assert "This area already has a task with this number." in response.content.decode()
    assert (PlanTask.objects.count(), AuditEvent.objects.count()) == before


def test_a_unit_cannot_be_both_lead_and_coordinating(client_for, people, units, plans):
    response = english(client_for(people.par_officer)).post(
        reverse("plans:task_create", args=[plans.plan.pk]),
        _task_form(units, coordinating_units=[units.justice.pk]),
    )
    assert response.status_code == 400
    assert "A unit cannot be both lead and coordinating: Sở Tư pháp." in response.content.decode()


def test_the_task_form_offers_only_units_valid_on_the_plan_date(client_for, people, units, plans):
    html = (
        client_for(people.par_officer)
        .get(reverse("plans:task_create", args=[plans.plan.pk]))
        .content.decode()
    )
    assert f'value="{units.ward_bim_son.pk}"' in html
    assert f'value="{units.bim_son.pk}"' not in html  # the district ended on 30/06/2025


def test_ward_clerk_and_auditor_cannot_open_the_task_form(client_for, people, plans):
    for persona in (people.ward_clerk, people.auditor):
        client = client_for(persona)
        assert client.get(reverse("plans:task_create", args=[plans.plan.pk])).status_code == 404
        assert client.get(reverse("plans:task_edit", args=[plans.online.pk])).status_code == 404


def test_editing_a_task_keeps_the_units_and_parses_the_new_schedule(client_for, people, units, plans):
    task = plans.review
    data = _task_form(units, number="1", text=task.text, coordinating_groups=[], version=task.version)
    data["coordinating_units"] = [units.home_affairs.pk]
    data["schedule_text"] = "Tháng 5/2026."
    response = client_for(people.par_officer).post(reverse("plans:task_edit", args=[task.pk]), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert [m.due_date.isoformat() for m in task.milestones.all()] == ["2026-05-31"]
    assert task.version == 2


def test_editing_a_task_someone_else_changed_answers_409(client_for, people, units, plans):
    task = plans.review
    data = _task_form(units, number="1", text="Ghi đè", version=task.version - 1 if task.version > 1 else 0)
    response = english(client_for(people.par_officer)).post(reverse("plans:task_edit", args=[task.pk]), data)
    assert response.status_code == 409
    assert "Someone else changed this item" in response.content.decode()
    task.refresh_from_db()
    assert task.text != "Ghi đè"


def test_the_edit_form_starts_from_the_task_as_it_is(client_for, people, units, plans):
    html = (
        client_for(people.par_officer)
        .get(reverse("plans:task_edit", args=[plans.online.pk]))
        .content.decode()
    )
    tag = html[html.index('name="lead_groups" value="communes"') :].split(">")[0]
    assert "checked" in tag
    assert f'<option value="{units.justice.pk}" selected>' in html
    assert "Quý II/2026." in html


# --- the live schedule preview -------------------------------------------------------------------------


def test_the_schedule_preview_shows_the_parsed_milestones(client_for, people):
    url = (
        reverse("plans:schedule_preview")
        + "?year=2026&schedule_text=K%E1%BA%BF+ho%E1%BA%A1ch%3A+qu%C3%BD+I.+-+B%C3%A1o+c%C3%A1o%3A+th%C3%A1ng+11"
    )
    response = client_for(people.par_officer).get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="schedule-preview"')
    assert "<strong>31/03/2026</strong> · Kế hoạch" in html
    assert "<strong>30/11/2026</strong> · Báo cáo" in html


def test_the_schedule_preview_reports_what_it_cannot_read(client_for, people):
    url = reverse("plans:schedule_preview") + "?year=2026&schedule_text=%C4%91%E1%BB%8Bnh+k%E1%BB%B3"
    html = client_for(people.par_officer).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Không rõ chu kỳ" in html


def test_the_task_form_wires_the_preview_to_the_schedule_field(client_for, people, plans):
    html = (
        client_for(people.par_officer)
        .get(reverse("plans:task_create", args=[plans.plan.pk]))
        .content.decode()
    )
    assert f'hx-get="{reverse("plans:schedule_preview")}"' in html
    assert 'hx-target="#schedule-preview"' in html


# --- cancelling ----------------------------------------------------------------------------------------


def test_par_officer_cancels_a_task_with_a_reason(client_for, people, plans):
    url = reverse("plans:task_cancel", args=[plans.communication.pk])
    response = client_for(people.par_officer).post(url, {"reason": "Gộp vào nhiệm vụ khác."})
    assert response.status_code == 302
    plans.communication.refresh_from_db()
    assert plans.communication.cancelled_at is not None
    html = (
        client_for(people.par_officer)
        .get(reverse("plans:task_detail", args=[plans.communication.pk]))
        .content.decode()
    )
    assert "Gộp vào nhiệm vụ khác." in html and 'data-status="cancelled"' in html


def test_cancelling_without_a_reason_is_refused(client_for, people, plans):
    response = english(client_for(people.par_officer)).post(
        reverse("plans:task_cancel", args=[plans.communication.pk]), {"reason": " "}
    )
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    plans.communication.refresh_from_db()
    assert plans.communication.cancelled_at is None


def test_a_unit_officer_of_another_unit_cannot_cancel_a_task(client_for, people, plans):
    response = client_for(people.ward_clerk).post(
        reverse("plans:task_cancel", args=[plans.online.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()
    plans.online.refresh_from_db()
    assert plans.online.cancelled_at is None


def test_a_deadline_counted_from_an_event_is_shown_as_such_and_is_never_overdue(
    client_for, people, units, plans
):
    schedule = "Trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản đề nghị của Bộ Nội vụ."
    client_for(people.par_officer).post(
        reverse("plans:task_create", args=[plans.plan.pk]), _task_form(units, schedule_text=schedule)
    )
    task = PlanTask.objects.get(plan=plans.plan, area__code="institutions", number="3")
    (milestone,) = task.milestones.all()
    assert (milestone.due_date, milestone.after_days, milestone.working_days) == (None, 5, True)
    assert milestone.after_event == "ngày nhận được văn bản đề nghị của Bộ Nội vụ"

    html = (
        english(client_for(people.par_officer))
        .get(reverse("plans:task_detail", args=[task.pk]))
        .content.decode()
    )
    assert "5 working days after:</strong> ngày nhận được văn bản đề nghị của Bộ Nội vụ" in html
    assert "not due until the event is recorded" in html
    assert 'data-status="overdue"' not in html
