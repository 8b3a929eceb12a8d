"""The plan lists (plans, my unit's tasks, the deadline board) page, sort, filter and count in a fixed number of
queries, and hide nothing: every row is on some page."""

import pytest
from django.urls import reverse

from par.core.testing import english, make_unit
from par.orgunits.groups import UnitGroup
from par.orgunits.models import UnitKind
from par.plans.actions import TaskInput, do_add_task, do_create_plan
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

HTMX = {"HX-Request": "true"}


@pytest.fixture
def plans(units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_plans(units, people)


def _more_plans(units, count: int) -> None:
    for n in range(count):
        do_create_plan(unit=units.justice, year=2000 + n, title=f"Kế hoạch thử {2000 + n}", actor=None)


# --- plans ---------------------------------------------------------------------------------------------


def test_the_plan_list_takes_the_same_number_of_queries_for_few_and_many_plans(
    client_for, people, units, plans, django_assert_num_queries
):
    client = client_for(people.par_officer)
    url = reverse("plans:plan_list") + "?per_page=20"
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    _more_plans(units, 25)
    with django_assert_num_queries(12):
        html = client.get(url).content.decode()
    assert "Dòng 1–20 trên tổng số 27" in html


def test_the_plan_list_pages_sorts_and_counts_the_issued_plans(client_for, people, units, plans):
    _more_plans(units, 25)
    client = english(client_for(people.par_officer))
    url = reverse("plans:plan_list") + "?per_page=20"
    first = client.get(url).content.decode()
    assert "Year 2026" in first and "Kế hoạch thử 2000" not in first
    assert 'data-testid="total-issued">1 issued<' in first and "27 plans" in first
    last = client.get(url + "&page=2").content.decode()
    assert "Kế hoạch thử 2000" in last and "Year 2000" in last
    by_title = client.get(url + "&sort=-title").content.decode()
    assert by_title.index("Kế hoạch thử 2024") < by_title.index("Kế hoạch thử 2023")
    assert 'aria-sort="descending"' in by_title and "Year 2024" not in by_title


def test_the_plan_list_filter_and_pager_keep_the_htmx_fragment(client_for, people, units, plans):
    _more_plans(units, 25)
    response = client_for(people.par_officer).get(
        reverse("plans:plan_list") + "?state=draft&per_page=20&page=2", headers=HTMX
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-table">')
    assert "Dòng 21–26 trên tổng số 26" in html and "state=draft" in html


def test_the_plan_list_is_scoped_to_the_units_the_person_sees(client, client_for, people, units, plans):
    response = client.get(reverse("plans:plan_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    other = client_for(people.home_affairs_officer).get(reverse("plans:plan_list")).content.decode()
    assert "Kế hoạch CCHC năm 2026 của Sở Tư pháp" not in other
    own = client_for(people.justice_head).get(reverse("plans:plan_list")).content.decode()
    assert "Kế hoạch CCHC năm 2026 của Sở Tư pháp" in own


# --- my unit's tasks -----------------------------------------------------------------------------------


def _more_tasks(plans, people, count: int, **schedule) -> None:
    for number in range(2, 2 + count):
        do_add_task(
            plans.plan,
            TaskInput(
                area_code="procedures",
                number=str(number),
                text=f"Nhiệm vụ thử {number:03d}",
                lead_groups=[UnitGroup.DEPARTMENTS],
                schedule_text=schedule.get("text", "Quý IV/2026."),
            ),
            actor=people.par_officer,
        )


def test_my_tasks_take_the_same_number_of_queries_for_few_and_many_tasks(
    client_for, people, plans, django_assert_num_queries
):
    client = client_for(people.justice_officer)
    url = reverse("plans:my_tasks") + "?per_page=20"
    with django_assert_num_queries(12):
        assert client.get(url).status_code == 200
    _more_tasks(plans, people, 24)
    with django_assert_num_queries(12):
        html = client.get(url).content.decode()
    assert "Dòng 1–20 trên tổng số 27" in html


def test_my_tasks_page_sort_and_count_the_tasks_by_status(client_for, people, plans):
    _more_tasks(plans, people, 24)
    client = english(client_for(people.justice_officer))
    url = reverse("plans:my_tasks") + "?per_page=20&sort=task"
    first = client.get(url).content.decode()
    assert "Nhiệm vụ thử 025" not in first and "27 tasks" in first
    assert 'data-testid="total-due_soon">Due soon: 1<' in first
    assert 'data-testid="total-not_started">Not started: 26<' in first
    last = client.get(url + "&page=2").content.decode()
    assert "Nhiệm vụ thử 025" in last
    due = client.get(reverse("plans:my_tasks") + "?status=due_soon", headers=HTMX).content.decode()
    assert due.lstrip().startswith('<div id="task-table"') and "1 task" in due


def test_my_tasks_are_scoped_to_the_persons_own_units(client, client_for, people, plans):
    response = client.get(reverse("plans:my_tasks"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    other = client_for(people.ward_clerk).get(reverse("plans:my_tasks")).content.decode()
    assert "Rà soát, hệ thống hóa" not in other and "Tuyên truyền" not in other
    own = client_for(people.justice_officer).get(reverse("plans:my_tasks")).content.decode()
    assert "Rà soát, hệ thống hóa" in own and "Tuyên truyền" not in own


# --- the deadline board --------------------------------------------------------------------------------


def test_the_deadline_board_takes_the_same_number_of_queries_for_few_and_many_units(
    client_for, people, units, plans, django_assert_num_queries
):
    client = client_for(people.par_officer)
    url = reverse("plans:deadlines") + "?per_page=20"
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    for code in range(25):
        make_unit(f"38.S{code:02d}", f"Sở số {code:02d}", UnitKind.DEPARTMENT, units.province)
    _more_tasks(plans, people, 1, text="Tháng 3/2026.")
    with django_assert_num_queries(13):
        html = client.get(url).content.decode()
    assert "Dòng 1–20 trên tổng số 28" in html


def test_the_deadline_board_hides_nothing_beyond_the_old_cap_of_500(client_for, people, units, plans):
    names = [f"Sở số {code:03d}" for code in range(505)]
    for code, name in enumerate(names):
        make_unit(f"38.S{code:03d}", name, UnitKind.DEPARTMENT, units.province)
    _more_tasks(plans, people, 1, text="Tháng 3/2026.")
    client = english(client_for(people.par_officer))
    url = reverse("plans:deadlines") + "?per_page=200&sort=-unit"
    pages = [client.get(url + f"&page={n}").content.decode() for n in (1, 2, 3)]
    assert 'data-testid="due-soon-total">508<' in pages[0]
    assert "Rows 401–508 of 508" in pages[2]
    seen = "".join(pages)
    assert all(f"<td>{name}</td>" in seen for name in names)


def test_the_deadline_board_filters_by_status_and_is_scoped(client, client_for, people, units, plans):
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
    response = client.get(reverse("plans:deadlines"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    overdue = client_for(people.par_officer).get(reverse("plans:deadlines") + "?status=overdue")
    html = overdue.content.decode()
    assert "Báo cáo quý I." in html and "Rà soát, hệ thống hóa" not in html
    other = client_for(people.other_ward_clerk).get(reverse("plans:deadlines")).content.decode()
    assert "Báo cáo quý I." not in other
    own = client_for(people.ward_clerk).get(reverse("plans:deadlines")).content.decode()
    assert "Báo cáo quý I." in own
