"""My unit's tasks with the inline progress form, the deadlines page and the plan menu, through HTTP."""

import pytest
from django.urls import reverse

from par.audit.models import AuditEvent
from par.core.testing import english, make_unit, pdf
from par.notices.models import Notice
from par.orgunits.groups import UnitGroup
from par.orgunits.models import UnitKind
from par.plans.actions import TaskInput, do_add_task, do_report_progress
from par.plans.models import Evidence, ProgressUpdate
from par.plans.testing import NOW, assignment, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plans(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_plans(units, people)


def _progress_url(a, **params):
    return reverse("plans:assignment_progress", args=[a.pk]) + ("?edit=1" if params.get("edit") else "")


# --- my unit's tasks -----------------------------------------------------------------------------------


@pytest.mark.smoke
def test_anonymous_visitor_is_sent_to_login_from_my_tasks_progress_and_deadlines(client, units, plans):
    a = assignment(plans.review, units.justice)
    for url in [reverse("plans:my_tasks"), _progress_url(a), reverse("plans:deadlines")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    assert client.post(_progress_url(a), {"text": "x"}).status_code == 302
    assert not ProgressUpdate.objects.exists()


@pytest.mark.smoke
def test_justice_officer_sees_their_departments_tasks_open_first(client_for, people, units, plans):
    html = client_for(people.justice_officer).get(reverse("plans:my_tasks")).content.decode()
    rows = html[html.index('id="task-table"') :]
    assert (
        rows.index("Rà soát, hệ thống hóa")
        < rows.index("Tiếp tục phân cấp")
        < rows.index("Đẩy mạnh giải quyết")
    )
    assert "Tuyên truyền" not in rows  # Sở Nội vụ's task
    assert f'hx-get="{_progress_url(assignment(plans.review, units.justice), edit=True)}"' in rows


def test_a_draft_plan_is_nobodys_work_yet(client_for, people, plans):
    response = client_for(people.justice_officer).get(reverse("plans:my_tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rà soát, hệ thống hóa" in html  # the issued plan's task is listed
    assert "Bồi dưỡng công chức của Sở" not in html  # Sở Tư pháp's own plan is still a draft


def test_a_ward_clerk_sees_their_wards_task_but_may_not_report(client_for, people, units, plans):
    html = client_for(people.ward_clerk).get(reverse("plans:my_tasks")).content.decode()
    assert "Đẩy mạnh giải quyết" in html and "Phường Bỉm Sơn" in html
    assert "Phường Quang Trung" not in html
    assert "?edit=1" not in html


def test_my_tasks_filters_by_status(client_for, people, plans):
    response = client_for(people.justice_officer).get(
        reverse("plans:my_tasks") + "?status=due_soon", headers=HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="task-table"')
    assert "Rà soát, hệ thống hóa" in html and "Tiếp tục phân cấp" not in html


def test_my_tasks_query_count_does_not_grow_with_tasks(
    client_for, people, units, plans, django_assert_max_num_queries
):
    client = client_for(people.justice_officer)
    with django_assert_max_num_queries(16):
        client.get(reverse("plans:my_tasks"))
    for number in range(2, 9):
        do_add_task(
            plans.plan,
            TaskInput(
                area_code="procedures",
                number=str(number),
                text=f"Nhiệm vụ {number}",
                lead_groups=[UnitGroup.DEPARTMENTS],
                schedule_text="Báo cáo định kỳ hàng quý.",
            ),
            actor=people.par_officer,
        )
    with django_assert_max_num_queries(16):
        response = client.get(reverse("plans:my_tasks"))
    assert "Nhiệm vụ 8" in response.content.decode()


# --- the inline progress form --------------------------------------------------------------------------


def test_the_report_button_opens_the_form_inside_the_row(client_for, people, units, plans):
    a = assignment(plans.review, units.justice)
    response = client_for(people.justice_officer).get(_progress_url(a, edit=True), headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tbody id="assignment-{a.pk}"')
    assert 'enctype="multipart/form-data"' in html and f'hx-post="{_progress_url(a)}"' in html
    assert f'id="a{a.pk}-completed_on"' in html and "31/03/2026" in html  # the milestone choice


@pytest.mark.smoke
def test_reporting_completion_with_evidence_rerenders_the_row_as_done_on_time(
    client_for, people, units, plans
):
    a = assignment(plans.review, units.justice)
    data = {
        "text": "Đã ban hành báo cáo rà soát.",
        "percent": "",
        "milestone": a.task.milestones.get().pk,
        "product_reference": "Báo cáo số 45/BC-STP",
        "completed_on": "26/03/2026",
        "evidence": [pdf("bao-cao.pdf"), pdf("phu-luc.pdf")],
    }
    response = client_for(people.justice_officer).post(_progress_url(a), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tbody id="assignment-{a.pk}" data-status="done_on_time">')
    assert "<form" not in html
    update = ProgressUpdate.objects.get()
    assert update.percent == 100 and update.completed_on.isoformat() == "2026-03-26"
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["bao-cao.pdf", "phu-luc.pdf"]


def test_a_report_without_text_comes_back_with_the_error_and_saves_nothing(client_for, people, units, plans):
    a = assignment(plans.review, units.justice)
    response = client_for(people.justice_officer).post(
        _progress_url(a), {"text": "", "percent": "150"}, headers=HTMX
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "invalid-feedback" in html and "<form" in html
    assert not ProgressUpdate.objects.exists()


def test_a_disguised_file_is_refused_and_nothing_is_left_behind(client_for, people, units, plans, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = assignment(plans.review, units.justice)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    events = AuditEvent.objects.count()
    response = english(client_for(people.justice_officer)).post(
        _progress_url(a), {"text": "Xong", "evidence": [pdf(), fake]}, headers=HTMX
    )
    assert response.status_code == 400
    assert "does not look like a .pdf file" in response.content.decode()
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    assert AuditEvent.objects.count() == events
    assert not list(tmp_path.rglob("*.pdf")) and not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_completion_date_in_the_future_is_refused_in_the_users_language(client_for, people, units, plans):
    a = assignment(plans.review, units.justice)
    response = english(client_for(people.justice_officer)).post(
        _progress_url(a), {"text": "Xong", "completed_on": "01/04/2026"}, headers=HTMX
    )
    assert response.status_code == 400
    assert "The completion date cannot be in the future." in response.content.decode()


def test_without_javascript_the_report_is_a_page_that_redirects_back(client_for, people, units, plans):
    a = assignment(plans.review, units.justice)
    client = client_for(people.justice_officer)
    page = client.get(_progress_url(a))
    assert page.status_code == 200 and "<html" in page.content.decode()
    response = client.post(_progress_url(a), {"text": "Đang rà soát", "percent": "40"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:my_tasks")
    assert ProgressUpdate.objects.get().percent == 40


def test_reporting_for_another_unit_looks_missing(client_for, people, units, plans):
    a = assignment(plans.online, units.ward_quang_trung)
    for persona in (people.justice_officer, people.ward_clerk, people.auditor):
        response = client_for(persona).post(_progress_url(a), {"text": "Xong"}, headers=HTMX)
        assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_reporting_progress_needs_a_post(client_for, people, units, plans):
    a = assignment(plans.review, units.justice)
    response = client_for(people.justice_officer).get(_progress_url(a) + "?text=Xong&completed_on=26/03/2026")
    assert response.status_code == 200  # the form, empty: a GET reads, it never records
    assert response.context["form"].is_bound is False
    assert not ProgressUpdate.objects.exists()


def test_closing_the_form_gives_back_the_plain_row(client_for, people, units, plans):
    a = assignment(plans.review, units.justice)
    html = client_for(people.justice_officer).get(_progress_url(a), headers=HTMX).content.decode()
    assert html.lstrip().startswith(f'<tbody id="assignment-{a.pk}"') and "<form" not in html


# --- deadlines -----------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_par_officer_sees_overdue_and_due_soon_lead_units(client_for, people, units, plans):
    do_add_task(
        plans.plan,
        TaskInput(
            area_code="procedures",
            number="2",
            text="Báo cáo quý I.",
            lead_units=[units.ward_bim_son],
            schedule_text="Tháng 2/2026.",
        ),
        actor=people.par_officer,
    )
    html = english(client_for(people.par_officer)).get(reverse("plans:deadlines")).content.decode()
    assert 'data-testid="overdue-total">1<' in html and 'data-testid="due-soon-total">1<' in html
    # One list, overdue first.
    overdue, due_soon = html.split('data-status="due_soon"', 1)
    assert 'data-status="overdue"' in overdue and "Báo cáo quý I." in overdue and "28/02/2026" in overdue
    assert "Rà soát, hệ thống hóa" in due_soon
    assert (
        "Sở Nội vụ" not in html.split("<tbody>")[1]
    )  # coordinating units are not answerable for the deadline


def test_a_completed_assignment_leaves_the_deadline_list(client_for, people, units, plans):
    do_report_progress(
        assignment(plans.review, units.justice),
        text="Xong",
        completed_on=NOW.date(),
        actor=people.justice_officer,
    )
    html = client_for(people.par_officer).get(reverse("plans:deadlines")).content.decode()
    assert 'data-testid="due-soon-total">0<' in html


def test_deadlines_are_scoped_to_the_units_the_user_sees(client_for, people, units, plans):
    do_add_task(
        plans.plan,
        TaskInput(
            area_code="procedures",
            number="2",
            text="Báo cáo quý I.",
            lead_units=[units.ward_quang_trung],
            schedule_text="Tháng 2/2026.",
        ),
        actor=people.par_officer,
    )
    html = client_for(people.ward_clerk).get(reverse("plans:deadlines")).content.decode()
    assert "Báo cáo quý I." not in html and "Rà soát, hệ thống hóa" not in html


def test_deadlines_filter_by_unit_through_htmx(client_for, people, units, plans):
    url = reverse("plans:deadlines") + f"?unit={units.home_affairs.pk}"
    html = client_for(people.par_officer).get(url, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="lists">')
    assert "Rà soát, hệ thống hóa" not in html


def test_deadlines_query_count_does_not_grow_with_units(
    client_for, people, units, plans, django_assert_max_num_queries
):
    client = client_for(people.par_officer)
    with django_assert_max_num_queries(16):
        client.get(reverse("plans:deadlines"))
    for code in range(6):
        make_unit(f"38.S{code}", f"Sở số {code}", UnitKind.DEPARTMENT, units.province)
    do_add_task(
        plans.plan,
        TaskInput(
            area_code="procedures",
            number="2",
            text="Gấp",
            lead_groups=[UnitGroup.DEPARTMENTS],
            schedule_text="Tháng 3/2026.",
        ),
        actor=people.par_officer,
    )
    with django_assert_max_num_queries(16):
        response = client.get(reverse("plans:deadlines"))
    assert response.content.decode().count("Gấp") == 8


# --- the menu ------------------------------------------------------------------------------------------


def test_the_menu_offers_plan_pages_by_role_and_counts_unread_notices(client_for, people, plans):
    Notice.objects.create(user=people.par_officer, kind="t", key="t:1", title="Nhắc việc")
    html = english(client_for(people.par_officer)).get(reverse("home")).content.decode()
    for label in ("Plans", "My unit&#x27;s tasks", "Deadlines", "Notices (1)"):
        assert f">{label}</a>" in html, label
    html = english(client_for(people.ward_clerk)).get(reverse("home")).content.decode()
    assert ">Plans</a>" in html and ">Notices</a>" in html
    assert "Deadlines" not in html and "My unit&#x27;s tasks" not in html


def test_a_user_without_a_unit_still_sees_their_unread_notices(client_for, people):
    Notice.objects.create(user=people.outsider, kind="t", key="t:1", title="Chào mừng")
    html = english(client_for(people.outsider)).get(reverse("home")).content.decode()
    assert ">Notices (1)</a>" in html
