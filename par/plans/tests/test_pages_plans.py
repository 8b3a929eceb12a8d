"""Plan pages through HTTP: the list, the plan by area, the timeline, the header form and issuing."""

import json

import pytest
from django.urls import reverse

from par.core.testing import english, make_unit
from par.orgunits.groups import UnitGroup
from par.orgunits.models import UnitKind
from par.plans.actions import TaskInput, do_add_task, do_report_progress
from par.plans.models import PlanState, ReformPlan
from par.plans.testing import NOW, TODAY, assignment, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def plans(units, people):
    return build_plans(units, people)


def _detail(plan, **params):
    from urllib.parse import urlencode

    return reverse("plans:plan_detail", args=[plan.pk]) + ("?" + urlencode(params) if params else "")


# --- plan list -----------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_anonymous_visitor_is_sent_to_login_from_every_plan_page(client, plans):
    for url in [
        reverse("plans:plan_list"),
        reverse("plans:plan_create"),
        reverse("plans:plan_detail", args=[plans.plan.pk]),
        reverse("plans:plan_edit", args=[plans.plan.pk]),
        reverse("plans:plan_issue", args=[plans.plan.pk]),
        reverse("plans:plan_timeline", args=[plans.plan.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.smoke
def test_ward_clerk_lists_the_province_plan_but_not_a_departments_plan(client_for, people, plans):
    html = client_for(people.ward_clerk).get(reverse("plans:plan_list")).content.decode()
    assert "Kế hoạch cải cách hành chính năm 2026" in html
    assert "Kế hoạch CCHC năm 2026 của Sở Tư pháp" not in html


def test_par_officer_lists_every_plan_of_the_province_by_year(client_for, people, plans):
    html = english(client_for(people.par_officer)).get(reverse("plans:plan_list")).content.decode()
    assert "Year 2026" in html
    assert "Kế hoạch cải cách hành chính năm 2026" in html and "Kế hoạch CCHC năm 2026 của Sở Tư pháp" in html
    assert "120/QĐ-UBND · 05/01/2026" in html


def test_plan_list_filters_by_state_through_htmx(client_for, people, plans):
    response = client_for(people.par_officer).get(
        reverse("plans:plan_list") + "?state=draft", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-table">')
    assert "Sở Tư pháp" in html and "120/QĐ-UBND" not in html


def test_plan_list_query_count_does_not_grow_with_plans(
    client_for, people, units, plans, django_assert_max_num_queries
):
    # 12: the list and its totals, its filter, and whether the user may import a plan (the link above the list).
    client = client_for(people.par_officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("plans:plan_list"))
    for code in range(3):
        unit = make_unit(f"38.S{code}", f"Sở số {code}", UnitKind.DEPARTMENT, units.province)
        from par.plans.actions import do_create_plan

        do_create_plan(unit=unit, year=2026, title=f"Kế hoạch {code}", actor=None)
    with django_assert_max_num_queries(12):
        client.get(reverse("plans:plan_list"))


# --- plan detail ---------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_par_officer_sees_the_plan_by_area_with_units_milestones_and_status(client_for, people, plans):
    response = english(client_for(people.par_officer)).get(_detail(plans.plan))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        # Area names are plan data, stored in Vietnamese when the plan is created; the heading is translated.
        "Appendix 1: Cải cách thể chế" in html and "Appendix 2: Cải cách thủ tục hành chính" in html
    )
    assert "Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh." in html
    assert "Báo cáo kết quả rà soát" in html
    assert '<strong class="text-nowrap">31/03/2026</strong>' in html
    assert 'data-status="due_soon"' in html  # task 1 is due on 31/03, four days away
    assert "All commune people&#x27;s committees: Phường Bỉm Sơn, Phường Quang Trung" in html
    assert "On-time rate = tasks done on time" in html  # the whole-plan formula is shown


def test_a_group_expanded_to_many_units_is_collapsed_with_its_count(client_for, people, units, plans):
    for code in range(3):
        make_unit(f"38.S{code}", f"Sở số {code}", UnitKind.DEPARTMENT, units.province)
    do_add_task(
        plans.plan,
        TaskInput(
            area_code="organisation", number="1", text="Sắp xếp tổ chức bộ máy.", lead_groups=["departments"]
        ),
        actor=people.par_officer,
    )
    html = english(client_for(people.par_officer)).get(_detail(plans.plan)).content.decode()
    assert "<summary>All provincial departments (5)</summary>" in html


def test_the_task_status_follows_the_lead_units_progress(
    client_for, people, units, plans, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    do_report_progress(
        assignment(plans.review, units.justice),
        text="Đã hoàn thành rà soát.",
        completed_on=TODAY,
        actor=people.justice_officer,
    )
    html = (
        english(client_for(people.par_officer)).get(_detail(plans.plan, area="institutions")).content.decode()
    )
    assert 'data-status="done_on_time"' in html
    assert "1/1 lead units done, 1 on time" in html
    assert "lead units done on time (1)" in html  # the per-task formula


def test_ward_clerk_sees_only_the_tasks_of_their_ward_in_the_province_plan(client_for, people, plans):
    html = client_for(people.ward_clerk).get(_detail(plans.plan)).content.decode()
    assert "Đẩy mạnh giải quyết thủ tục hành chính" in html
    assert "Rà soát, hệ thống hóa" not in html
    assert reverse("plans:plan_edit", args=[plans.plan.pk]) not in html


@pytest.mark.smoke
def test_ward_clerk_cannot_open_a_departments_plan_which_looks_missing(client_for, people, plans):
    assert client_for(people.ward_clerk).get(_detail(plans.justice_plan)).status_code == 404
    assert client_for(people.ward_clerk).get(_detail(ReformPlan(pk=99999))).status_code == 404


def test_plan_detail_filters_by_area_unit_and_status(client_for, people, units, plans):
    client = client_for(people.par_officer)
    html = client.get(_detail(plans.plan, area="procedures")).content.decode()
    assert "Đẩy mạnh giải quyết" in html and "Rà soát, hệ thống hóa" not in html
    html = client.get(_detail(plans.plan, unit=units.ward_bim_son.pk)).content.decode()
    assert "Đẩy mạnh giải quyết" in html and "Tuyên truyền" not in html
    html = client.get(_detail(plans.plan, status="due_soon")).content.decode()
    assert "Rà soát, hệ thống hóa" in html and "Tuyên truyền" not in html


def test_htmx_filtering_returns_only_the_task_block(client_for, people, plans):
    response = client_for(people.par_officer).get(
        _detail(plans.plan, area="direction"), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-tasks">')
    assert "<html" not in html and "Tuyên truyền cải cách hành chính." in html


def test_plan_detail_query_count_does_not_grow_with_tasks_and_units(
    client_for, people, units, plans, django_assert_max_num_queries
):
    client = client_for(people.par_officer)
    with django_assert_max_num_queries(22):
        client.get(_detail(plans.plan))
    for code in range(5):
        make_unit(f"38.S{code}", f"Sở số {code}", UnitKind.DEPARTMENT, units.province)
    for number in range(2, 8):
        do_add_task(
            plans.plan,
            TaskInput(
                area_code="procedures",
                number=str(number),
                text=f"Nhiệm vụ {number}",
                products=["Báo cáo"],
                lead_groups=[UnitGroup.DEPARTMENTS],
                coordinating_groups=[UnitGroup.COMMUNES],
                schedule_text="Báo cáo định kỳ hàng quý.",
            ),
            actor=people.par_officer,
        )
    with django_assert_max_num_queries(22):
        response = client.get(_detail(plans.plan))
    assert "Nhiệm vụ 7" in response.content.decode()


# --- timeline ------------------------------------------------------------------------------------------


def test_timeline_gives_the_chart_its_milestones_as_json_and_a_table(client_for, people, plans):
    response = client_for(people.par_officer).get(reverse("plans:plan_timeline", args=[plans.plan.pk]))
    html = response.content.decode()
    start = html.index('<script id="plan-timeline-data" type="application/json">')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert data["year"] == 2026 and len(data["areas"]) == 7
    review = next(p for p in data["points"] if p["date"] == "31/03/2026")
    assert review["y"] == 0 and review["x"] == 3 and review["status"] == "due_soon"
    assert "plans/timeline.js" in html and "vendor/chartjs/chart.umd.js" in html


def test_timeline_of_a_plan_outside_the_users_scope_looks_missing(client_for, people, plans):
    url = reverse("plans:plan_timeline", args=[plans.justice_plan.pk])
    assert client_for(people.other_ward_clerk).get(url).status_code == 404


# --- create, edit, issue -------------------------------------------------------------------------------


def test_justice_head_creates_a_draft_plan_for_their_department(client_for, people, units):
    response = client_for(people.justice_head).post(
        reverse("plans:plan_create"),
        {
            "unit": units.justice.pk,
            "year": 2027,
            "title": "Kế hoạch CCHC năm 2027",
            "decision_date": "15/12/2026",
        },
    )
    plan = ReformPlan.objects.get(unit=units.justice, year=2027)
    assert response.status_code == 302 and response["Location"] == _detail(plan)
    assert plan.state == PlanState.DRAFT and plan.decision_date.isoformat() == "2026-12-15"
    assert plan.areas.count() == 7


def test_a_second_plan_for_the_same_unit_and_year_is_refused_and_nothing_is_created(
    client_for, people, units, plans
):
    response = english(client_for(people.justice_head)).post(
        reverse("plans:plan_create"), {"unit": units.justice.pk, "year": 2026, "title": "Trùng"}
    )
    assert response.status_code == 400
    assert "This unit already has a PAR plan for 2026." in response.content.decode()
    assert ReformPlan.objects.filter(unit=units.justice).count() == 1


def test_a_ward_clerk_cannot_choose_a_unit_to_create_a_plan_for(client_for, people, units):
    response = english(client_for(people.ward_clerk)).post(
        reverse("plans:plan_create"), {"unit": units.ward_bim_son.pk, "year": 2027, "title": "Kế hoạch"}
    )
    assert response.status_code == 400 and "Select a valid choice." in response.content.decode()
    assert not ReformPlan.objects.exists()


def test_plan_header_is_edited_with_its_version(client_for, people, plans):
    plan = plans.plan
    response = client_for(people.par_officer).post(
        reverse("plans:plan_edit", args=[plan.pk]),
        {"title": "Kế hoạch CCHC 2026 (sửa)", "decision_number": "121/QĐ-UBND", "version": plan.version},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch CCHC 2026 (sửa)" and plan.decision_number == "121/QĐ-UBND"


def test_editing_a_plan_someone_else_changed_answers_409_with_a_conflict_message(client_for, people, plans):
    stale = plans.plan.version - 1
    response = english(client_for(people.par_officer)).post(
        reverse("plans:plan_edit", args=[plans.plan.pk]), {"title": "Ghi đè", "version": stale}
    )
    assert response.status_code == 409
    assert "Someone else changed this item while you were editing it." in response.content.decode()
    plans.plan.refresh_from_db()
    assert plans.plan.title != "Ghi đè"


def test_auditor_sees_the_plan_but_its_edit_and_issue_pages_look_missing(client_for, people, plans):
    client = client_for(people.auditor)
    assert client.get(_detail(plans.plan)).status_code == 200
    assert client.get(reverse("plans:plan_edit", args=[plans.plan.pk])).status_code == 404
    assert client.post(reverse("plans:plan_issue", args=[plans.justice_plan.pk])).status_code == 404


def test_issuing_asks_for_confirmation_then_assigns_the_units(client_for, people, units):
    plans = build_plans(units, people, issue=False)
    client = english(client_for(people.par_officer))
    page = client.get(reverse("plans:plan_issue", args=[plans.plan.pk])).content.decode()
    assert "“All provincial departments” on 1 task will be expanded" in page
    assert plans.plan.tasks.get(number="2", area__code="institutions").assignments.count() == 0
    response = client.post(reverse("plans:plan_issue", args=[plans.plan.pk]))
    assert response.status_code == 302
    plans.plan.refresh_from_db()
    assert plans.plan.state == PlanState.ISSUED
    assert plans.decentralise.assignments.count() == 2


def test_issuing_without_a_decision_number_is_refused_with_the_reason(client_for, people, plans):
    response = english(client_for(people.justice_head)).post(
        reverse("plans:plan_issue", args=[plans.justice_plan.pk])
    )
    assert response.status_code == 400
    assert "Enter the decision number and date before issuing the plan." in response.content.decode()
    plans.justice_plan.refresh_from_db()
    assert plans.justice_plan.state == PlanState.DRAFT


def test_issuing_needs_a_post(client_for, people, plans):
    client_for(people.justice_head).get(reverse("plans:plan_issue", args=[plans.justice_plan.pk]))
    plans.justice_plan.refresh_from_db()
    assert plans.justice_plan.state == PlanState.DRAFT
