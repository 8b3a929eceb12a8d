"""/api/v1/plans, plan-tasks, plan-assignments, plan-updates: scope, derived status, writes through actions."""

import pytest

from par.apitokens.testing import issue_key, token_header
from par.core.testing import english, make_unit, pdf
from par.orgunits.groups import UnitGroup
from par.orgunits.models import UnitKind
from par.plans.actions import TaskInput, do_add_task, do_report_progress
from par.plans.models import Evidence, PlanState, PlanTask, ProgressUpdate, ReformPlan
from par.plans.testing import NOW, TODAY, assignment, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

ENDPOINTS = ["plans", "plan-tasks", "plan-assignments", "plan-updates"]


@pytest.fixture
def plans(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    built = build_plans(units, people)
    do_report_progress(
        assignment(built.review, units.justice),
        text="Đã rà soát xong.",
        completed_on=TODAY,
        files=[pdf()],
        actor=people.justice_officer,
    )
    return built


def _detail_urls(plans, units):
    a = assignment(plans.review, units.justice)
    return {
        "plans": f"/api/v1/plans/{plans.plan.pk}/",
        "plan-tasks": f"/api/v1/plan-tasks/{plans.review.pk}/",
        "plan-assignments": f"/api/v1/plan-assignments/{a.pk}/",
        "plan-updates": f"/api/v1/plan-updates/{ProgressUpdate.objects.get().pk}/",
    }


# --- reading: anonymous, other unit, allowed -----------------------------------------------------------


@pytest.mark.smoke
def test_anonymous_caller_gets_nothing_from_any_plan_endpoint(client, units, plans):
    for name in ENDPOINTS:
        assert client.get(f"/api/v1/{name}/").status_code in (401, 403), name
    for name, url in _detail_urls(plans, units).items():
        assert client.get(url).status_code in (401, 403), name
    assert client.post(
        "/api/v1/plans/", {"unit": units.justice.pk, "year": 2027, "title": "x"}
    ).status_code in (401, 403)


@pytest.mark.smoke
def test_a_ward_clerk_reads_none_of_another_units_objects_which_look_missing(
    client_for, people, units, plans
):
    client = client_for(people.ward_clerk)
    for name, url in _detail_urls(plans, units).items():
        if name == "plans":
            url = f"/api/v1/plans/{plans.justice_plan.pk}/"
        assert client.get(url).status_code == 404, name


def test_a_ward_clerk_lists_only_what_concerns_their_ward(client_for, people, units, plans):
    client = client_for(people.ward_clerk)
    assert [p["id"] for p in client.get("/api/v1/plans/").json()["results"]] == [plans.plan.pk]
    assert [t["id"] for t in client.get("/api/v1/plan-tasks/").json()["results"]] == [plans.online.pk]
    rows = client.get("/api/v1/plan-assignments/").json()["results"]
    assert [r["unit"] for r in rows] == [units.ward_bim_son.pk]
    assert client.get("/api/v1/plan-updates/").json()["results"] == []


def test_a_token_caller_reads_tasks_with_their_derived_status(client, people, units, plans):
    headers = token_header(issue_key(people.justice_officer))
    data = client.get(f"/api/v1/plan-tasks/{plans.review.pk}/", **headers).json()
    assert data["status"] == "done_on_time" and data["final_due"] == "2026-03-31"
    assert data["area"] == "institutions" and data["products"] == ["Báo cáo kết quả rà soát"]
    assert data["lead_units"] == [units.justice.pk] and data["coordinating_units"] == [units.home_affairs.pk]
    assert data["milestones"][0]["due_date"] == "2026-03-31"


def test_assignments_carry_their_dates_and_status(client_for, people, units, plans):
    a = assignment(plans.review, units.home_affairs)
    data = client_for(people.par_officer).get(f"/api/v1/plan-assignments/{a.pk}/").json()
    assert data["role"] == "coordinating" and data["next_due"] == "2026-03-31"
    assert data["status"] == "due_soon" and data["update_count"] == 0


def test_the_plan_detail_gives_the_rollup_with_its_formula(client_for, people, plans):
    data = client_for(people.par_officer).get(f"/api/v1/plans/{plans.plan.pk}/").json()
    assert data["rollup"]["done_on_time"] == 1 and data["rollup"]["due"] == 1
    assert data["rollup"]["on_time_rate"] == 100.0 and "(1)" in data["rollup"]["formula"]
    assert [a["code"] for a in data["areas"]][:2] == ["institutions", "procedures"]


def test_filters_are_shared_with_the_pages(client_for, people, units, plans):
    client = client_for(people.par_officer)
    tasks = client.get("/api/v1/plan-tasks/?status=done_on_time").json()["results"]
    assert [t["id"] for t in tasks] == [plans.review.pk]
    tasks = client.get(f"/api/v1/plan-tasks/?plan={plans.plan.pk}&area=procedures").json()["results"]
    assert [t["id"] for t in tasks] == [plans.online.pk]
    rows = client.get("/api/v1/plan-assignments/?status=due_soon").json()["results"]
    assert [(r["task"], r["unit"]) for r in rows] == [(plans.review.pk, units.home_affairs.pk)]
    rows = client.get(f"/api/v1/plan-assignments/?unit={units.ward_quang_trung.pk}").json()["results"]
    assert [r["task"] for r in rows] == [plans.online.pk]
    assert client.get("/api/v1/plans/?state=draft").json()["results"][0]["id"] == plans.justice_plan.pk


def test_updates_list_their_evidence_with_a_checked_download_link(client_for, people, plans):
    data = client_for(people.justice_head).get("/api/v1/plan-updates/").json()["results"]
    evidence = Evidence.objects.get()
    assert data[0]["evidence"][0]["download_url"] == f"/plans/evidence/{evidence.pk}/"
    assert "/media/" not in str(data)


def test_list_endpoints_take_a_fixed_number_of_queries(
    client_for, people, units, plans, django_assert_max_num_queries
):
    client = client_for(people.par_officer)

    def measure():
        for name in ENDPOINTS:
            with django_assert_max_num_queries(12):
                assert client.get(f"/api/v1/{name}/").status_code == 200

    measure()
    for code in range(4):
        make_unit(f"38.S{code}", f"Sở số {code}", UnitKind.DEPARTMENT, units.province)
    for number in range(2, 7):
        task = do_add_task(
            plans.plan,
            TaskInput(
                area_code="procedures",
                number=str(number),
                text=f"Việc {number}",
                products=["Báo cáo"],
                lead_groups=[UnitGroup.DEPARTMENTS],
                schedule_text="Hàng quý.",
            ),
            actor=people.par_officer,
        )
        do_report_progress(
            assignment(task, units.justice), text="Đang làm", files=[pdf()], actor=people.justice_officer
        )
    measure()


# --- writing through the actions -----------------------------------------------------------------------


def test_creating_a_plan_then_adding_a_task_then_issuing_it(client_for, people, units):
    client = client_for(people.justice_head)
    response = client.post(
        "/api/v1/plans/",
        {
            "unit": units.justice.pk,
            "year": 2027,
            "title": "Kế hoạch 2027",
            "decision_number": "9/QĐ-STP",
            "decision_date": "2026-12-20",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    response = client.post(
        "/api/v1/plan-tasks/",
        {
            "plan": plan_id,
            "area": "civil_service",
            "text": "Đào tạo",
            "lead_units": [units.justice.pk],
            "products": ["Báo cáo"],
            "schedule_text": "Quý II/2027.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["final_due"] == "2027-06-30" and response.json()["status"] == "not_started"
    response = client.post(f"/api/v1/plans/{plan_id}/issue/")
    assert response.status_code == 200 and response.json()["state"] == PlanState.ISSUED


def test_a_rule_the_action_refuses_is_a_400_in_the_callers_language(client_for, people, units, plans):
    client = english(client_for(people.justice_head))
    response = client.post(f"/api/v1/plans/{plans.justice_plan.pk}/issue/")
    assert response.status_code == 400
    assert response.json()["detail"] == "Enter the decision number and date before issuing the plan."
    response = client.post(
        "/api/v1/plans/",
        {"unit": units.justice.pk, "year": 2026, "title": "Trùng"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "already has a PAR plan for 2026" in response.json()["detail"]


def test_a_stale_version_is_a_409_conflict_with_its_code(client_for, people, plans):
    client = english(client_for(people.par_officer))
    url = f"/api/v1/plans/{plans.plan.pk}/"
    response = client.patch(
        url, {"title": "Mới", "version": plans.plan.version}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["title"] == "Mới"
    response = client.patch(
        url, {"title": "Cũ", "version": plans.plan.version}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Someone else changed this item while you were editing it. Reload the page to see their "
        "changes.",
        "code": "conflict",
    }
    assert ReformPlan.objects.get(pk=plans.plan.pk).title == "Mới"


def test_invalid_input_is_a_400_naming_the_field(client_for, people, units, plans):
    response = english(client_for(people.justice_head)).post(
        "/api/v1/plans/", {"unit": units.justice.pk, "year": 2027}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json() == {"title": ["This field is required."]}
    assert not ReformPlan.objects.filter(year=2027).exists()


def test_writing_to_a_plan_outside_the_scope_is_404_and_to_a_visible_one_without_the_right_is_403(
    client_for, people, plans
):
    body = {"plan": plans.justice_plan.pk, "area": "civil_service", "text": "Việc lạ"}
    assert (
        client_for(people.ward_clerk)
        .post("/api/v1/plan-tasks/", body, content_type="application/json")
        .status_code
        == 404
    )
    body["plan"] = plans.plan.pk
    assert (
        client_for(people.auditor)
        .post("/api/v1/plan-tasks/", body, content_type="application/json")
        .status_code
        == 403
    )
    assert not PlanTask.objects.filter(text="Việc lạ").exists()
    ward = client_for(people.ward_clerk)
    assert ward.post(f"/api/v1/plans/{plans.justice_plan.pk}/issue/").status_code == 404
    assert (
        ward.patch(
            f"/api/v1/plans/{plans.justice_plan.pk}/",
            {"title": "x", "version": 1},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert ward.post(f"/api/v1/plan-tasks/{plans.internal.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert client_for(people.auditor).post(f"/api/v1/plans/{plans.plan.pk}/issue/").status_code == 403


def test_naming_a_unit_outside_the_scope_is_404(client_for, people, units, plans):
    body = {
        "plan": plans.justice_plan.pk,
        "area": "civil_service",
        "text": "Việc",
        "lead_units": [units.ward_bim_son.pk],
    }
    response = client_for(people.justice_head).post(
        "/api/v1/plan-tasks/", body, content_type="application/json"
    )
    assert response.status_code == 404


def test_reporting_progress_with_files_through_the_api(client_for, people, units, plans):
    a = assignment(plans.review, units.home_affairs)
    response = client_for(people.home_affairs_officer).post(
        "/api/v1/plan-updates/",
        {
            "assignment": a.pk,
            "text": "Đã góp ý",
            "completed_on": "2026-03-26",
            "files": [pdf("gop-y.pdf"), pdf("phu-luc.pdf")],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["percent"] == 100 and sorted(e["original_name"] for e in data["evidence"]) == [
        "gop-y.pdf",
        "phu-luc.pdf",
    ]
    row = client_for(people.par_officer).get(f"/api/v1/plan-assignments/{a.pk}/").json()
    assert row["status"] == "done_on_time"


def test_reporting_for_a_unit_one_may_see_but_not_report_for_is_403(client_for, people, units, plans):
    a = assignment(plans.review, units.home_affairs)
    response = english(client_for(people.auditor)).post(
        "/api/v1/plan-updates/", {"assignment": a.pk, "text": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not report progress for this unit."}
    response = client_for(people.ward_clerk).post(
        "/api/v1/plan-updates/", {"assignment": a.pk, "text": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert ProgressUpdate.objects.count() == 1


def test_a_bad_evidence_file_is_a_400_and_nothing_is_saved(client_for, people, units, plans):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = assignment(plans.review, units.home_affairs)
    response = english(client_for(people.home_affairs_officer)).post(
        "/api/v1/plan-updates/",
        {"assignment": a.pk, "text": "Xong", "files": [SimpleUploadedFile("x.exe", b"MZ")]},
    )
    assert response.status_code == 400 and "file type not accepted" in response.json()["detail"]
    assert ProgressUpdate.objects.count() == 1


def test_cancelling_a_task_through_the_api_needs_a_reason(client_for, people, plans):
    client = client_for(people.par_officer)
    url = f"/api/v1/plan-tasks/{plans.communication.pk}/cancel/"
    assert client.post(url, {"reason": ""}, content_type="application/json").status_code == 400
    response = client.post(url, {"reason": "Gộp"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_the_schema_documents_the_plan_endpoints(client_for, people):
    content = client_for(people.par_officer).get("/api/v1/schema/").content
    for name in ENDPOINTS:
        assert f"/api/v1/{name}/".encode() in content
