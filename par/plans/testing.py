"""Builders for the tests of plans and of the apps that read plans (metrics, scoring); test support only, never
imported by application code (par/core/tests/test_layers.py).

The province's 2026 plan, made through the actions as officials would make it:

1. institutions 1 · lead Sở Tư pháp, coordinating Sở Nội vụ · due 31/03/2026
2. institutions 2 · lead: all provincial departments (Sở Nội vụ, Sở Tư pháp) · due 30/06/2026
3. procedures 1 · lead: all communes (the two wards), coordinating Sở Tư pháp · due 30/06/2026
4. direction 1 · lead Sở Nội vụ · continuous, due 31/12/2026

and Sở Tư pháp's own 2026 plan, which no ward can see.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from par.orgunits.groups import UnitGroup
from par.plans.actions import TaskInput, do_add_task, do_create_plan, do_issue_plan
from par.plans.models import Assignment

# 09:00 on Friday 27/03/2026 in Hà Nội: task 1 is due in 4 days.
NOW = dt.datetime(2026, 3, 27, 2, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 27)


def build_plans(units, people, *, issue: bool = True) -> SimpleNamespace:
    """The two plans above; the province plan is issued unless `issue` is False."""
    plan = do_create_plan(
        unit=units.province,
        year=2026,
        title="Kế hoạch cải cách hành chính năm 2026",
        decision_number="120/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
        signer="Đỗ Minh Tuấn",
        signer_title="Chủ tịch",
        actor=people.par_officer,
    )
    review = do_add_task(
        plan,
        TaskInput(
            area_code="institutions",
            number="1",
            text="Rà soát, hệ thống hóa văn bản quy phạm pháp luật của tỉnh.",
            products=["Báo cáo kết quả rà soát"],
            lead_units=[units.justice],
            coordinating_units=[units.home_affairs],
            schedule_text="Quý I/2026.",
        ),
        actor=people.par_officer,
    )
    decentralise = do_add_task(
        plan,
        TaskInput(
            area_code="institutions",
            number="2",
            text="Tiếp tục phân cấp quản lý nhà nước trong các lĩnh vực thuộc thẩm quyền của tỉnh.",
            products=["Báo cáo kết quả thực hiện"],
            lead_groups=[UnitGroup.DEPARTMENTS],
            schedule_text="Báo cáo kết quả: tháng 6/2026.",
        ),
        actor=people.par_officer,
    )
    online = do_add_task(
        plan,
        TaskInput(
            area_code="procedures",
            number="1",
            text="Đẩy mạnh giải quyết thủ tục hành chính trên môi trường điện tử.",
            products=["Báo cáo kết quả thực hiện"],
            coordinating_units=[units.justice],
            lead_groups=[UnitGroup.COMMUNES],
            schedule_text="Quý II/2026.",
        ),
        actor=people.par_officer,
    )
    communication = do_add_task(
        plan,
        TaskInput(
            area_code="direction",
            number="1",
            text="Tuyên truyền cải cách hành chính.",
            lead_units=[units.home_affairs],
            schedule_text="Thường xuyên trong năm.",
        ),
        actor=people.par_officer,
    )
    if issue:
        plan = do_issue_plan(plan, actor=people.par_officer)
    justice_plan = do_create_plan(
        unit=units.justice,
        year=2026,
        title="Kế hoạch CCHC năm 2026 của Sở Tư pháp",
        actor=people.justice_head,
    )
    internal = do_add_task(
        justice_plan,
        TaskInput(
            area_code="civil_service",
            number="1",
            text="Bồi dưỡng công chức của Sở.",
            lead_units=[units.justice],
            schedule_text="Quý IV/2026.",
        ),
        actor=people.justice_head,
    )
    return SimpleNamespace(
        plan=plan,
        review=review,
        decentralise=decentralise,
        online=online,
        communication=communication,
        justice_plan=justice_plan,
        internal=internal,
    )


def assignment(task, unit) -> Assignment:
    return Assignment.objects.get(task=task, unit=unit)
