"""Demo inspections: the province's PAR inspection plan of the year, two inspections held, findings (one closed).
Idempotent: the second run writes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from par.inspections import actions
from par.inspections.models import InspectionPlan

# Loaded by `manage.py load_demo` after the apps named here (decision 0118).
AFTER: tuple[str, ...] = ("plans",)


def load_demo(units: dict, stdout) -> None:
    today = timezone.localdate()
    # The latest year whose demo inspections (April and August) are already in the past.
    year = today.year if today.month >= 10 else today.year - 1
    province = units["province"]
    if InspectionPlan.objects.filter(unit=province, year=year).exists():
        return
    plan = actions.do_create_inspection_plan(
        unit=province,
        year=year,
        title=f"Kế hoạch kiểm tra cải cách hành chính năm {year}",
        decision_number="215/KH-UBND",
        decision_date=dt.date(year, 1, 20),
        actor=None,
    )
    for key, month, findings in (
        (
            "justice",
            4,
            ["Chưa cập nhật kịp thời thủ tục hành chính sửa đổi, bổ sung.", "Hồ sơ lưu trữ chưa đầy đủ."],
        ),
        ("ward", 8, ["Chưa niêm yết công khai đầy đủ bộ thủ tục hành chính cấp xã."]),
    ):
        inspection = actions.do_schedule_inspection(
            plan, inspected_unit=units[key], scheduled_on=dt.date(year, month, 10), actor=None
        )
        inspection = actions.do_record_inspection(
            inspection,
            held_on=dt.date(year, month, 12),
            conclusion="Cơ bản thực hiện tốt nhiệm vụ CCHC.",
            expected_version=inspection.version,
            actor=None,
        )
        for text in findings:
            actions.do_add_finding(
                inspection, text=text, area="procedures", due_on=dt.date(year, month + 2, 1), actor=None
            )
    first = plan.inspections.earliest("scheduled_on").findings.earliest("pk")
    actions.do_close_finding(
        first,
        closed_on=dt.date(year, 5, 20),
        note="Đã cập nhật đầy đủ.",
        expected_version=first.version,
        actor=None,
    )
    stdout.write(f"Demo inspections: {plan.title}")
