"""Units are told when a task is assigned to them: their officers and heads find an in-app notice when the plan
is issued and when a unit is added to a task of an issued plan; a draft plan tells no one yet."""

import pytest
from django.urls import reverse

from par.notices.models import Notice
from par.plans.actions import TaskInput, do_add_task, do_update_task
from par.plans.notify import KIND_ASSIGNED
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def _assigned(user):
    return Notice.objects.filter(user=user, kind=KIND_ASSIGNED)


def test_a_draft_plan_notifies_no_unit(people, units):
    build_plans(units, people, issue=False)
    assert not Notice.objects.filter(kind=KIND_ASSIGNED).exists()


def test_issuing_the_plan_tells_the_justice_officer_and_head_of_each_task_of_their_unit(people, units):
    plans = build_plans(units, people)
    for person in (people.justice_officer, people.justice_head):
        urls = set(_assigned(person).values_list("url", flat=True))
        # The review task names the department; the decentralisation task reaches it through "departments".
        assert reverse("plans:task_detail", args=[plans.review.pk]) in urls
        assert reverse("plans:task_detail", args=[plans.decentralise.pk]) in urls
    notice = _assigned(people.justice_officer).get(url=reverse("plans:task_detail", args=[plans.review.pk]))
    assert notice.unit == units.justice and "Sở Tư pháp" in notice.title
    assert "đơn vị chủ trì" in notice.body
    assert not _assigned(people.ward_clerk).exists()  # a one-stop clerk is not the ward's plan officer


def test_the_justice_officer_reads_the_notice_on_the_notices_page(client_for, people, units):
    build_plans(units, people)
    html = client_for(people.justice_officer).get(reverse("notices:list")).content.decode()
    assert "Rà soát, hệ thống hóa văn bản" in html


def test_a_task_added_to_the_issued_plan_notifies_its_units_in_the_same_transaction(people, units):
    plans = build_plans(units, people)
    before = _assigned(people.justice_officer).count()
    task = do_add_task(
        plans.plan,
        TaskInput(area_code="institutions", number="9", text="Kiểm tra văn bản.", lead_units=[units.justice]),
        actor=people.par_officer,
    )
    assert _assigned(people.justice_officer).count() == before + 1
    assert _assigned(people.justice_officer).filter(url=reverse("plans:task_detail", args=[task.pk])).exists()


def test_a_unit_added_later_is_told_once_and_the_units_already_assigned_are_not_told_again(people, units):
    plans = build_plans(units, people)
    task = plans.communication  # lead: home affairs only
    assert (
        not _assigned(people.justice_officer)
        .filter(url=reverse("plans:task_detail", args=[task.pk]))
        .exists()
    )
    data = TaskInput(
        area_code=task.area.code,
        number=task.number,
        text=task.text,
        lead_units=[units.home_affairs],
        coordinating_units=[units.justice],
        schedule_text=task.schedule_text,
    )
    task = do_update_task(task, data, expected_version=task.version, actor=people.par_officer)
    url = reverse("plans:task_detail", args=[task.pk])
    assert _assigned(people.justice_officer).filter(url=url).count() == 1
    assert _assigned(people.justice_head).filter(url=url).count() == 1
    total = Notice.objects.filter(kind=KIND_ASSIGNED).count()
    do_update_task(task, data, expected_version=task.version, actor=people.par_officer)
    assert Notice.objects.filter(kind=KIND_ASSIGNED).count() == total
