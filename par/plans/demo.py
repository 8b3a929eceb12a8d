"""The demo province's current PAR plan, built through the actions, with progress so every status shows up."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from par.orgunits.groups import UnitGroup
from par.orgunits.models import Unit, UnitKind
from par.plans import actions
from par.plans.actions import TaskInput
from par.plans.models import Assignment, ReformPlan, UnitRole

# Loaded by `manage.py load_demo` after the apps named here (decision 0118).
AFTER: tuple[str, ...] = ()

# (area, text, products, lead department names, lead groups, coordinating department names, schedule)
# Adapted from the province's real plans (seed 001) to the 2025 structure: no districts; Science and Technology
# took over Information and Communications.
TASKS = [
    (
        "institutions",
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành; đề xuất sửa đổi, bổ sung, thay thế phù hợp với mô hình chính quyền địa phương hai cấp.",
        ["Báo cáo kết quả rà soát", "Quyết định của cơ quan có thẩm quyền"],
        ["Sở Tư pháp"],
        [UnitGroup.DEPARTMENTS],
        [],
        "Báo cáo kết quả rà soát: Quý II/2026. - Quyết định công bố: Quý III/2026.",
    ),
    (
        "institutions",
        "Kiểm tra, theo dõi thi hành pháp luật trong các lĩnh vực trọng tâm.",
        ["Báo cáo kết quả theo dõi, kiểm tra"],
        ["Sở Tư pháp"],
        [],
        [],
        "Báo cáo kết quả thực hiện trong quý IV/2026.",
    ),
    (
        "institutions",
        "Xây dựng, hoàn thiện quy chế phối hợp giữa các cơ quan chuyên môn cấp tỉnh và UBND cấp xã trong giải quyết thủ tục hành chính.",
        ["Quyết định của cơ quan có thẩm quyền"],
        ["Văn phòng Ủy ban nhân dân tỉnh"],
        [],
        ["Sở Tư pháp"],
        "Quý II/2026.",
    ),
    (
        "procedures",
        "Rà soát, đơn giản hóa thủ tục hành chính, cắt giảm thời gian giải quyết tối thiểu 30% so với quy định.",
        ["Quyết định phê duyệt phương án đơn giản hóa", "Báo cáo kết quả thực hiện"],
        [],
        [UnitGroup.DEPARTMENTS],
        ["Văn phòng Ủy ban nhân dân tỉnh"],
        "Quý III/2026.",
    ),
    (
        "procedures",
        "Công khai kết quả giải quyết thủ tục hành chính của các sở, ngành, UBND cấp xã trên Cổng dịch vụ công của tỉnh.",
        ["Kết quả công khai trên Cổng dịch vụ công", "Báo cáo kết quả thực hiện"],
        [],
        [UnitGroup.DEPARTMENTS, UnitGroup.COMMUNES],
        ["Sở Khoa học và Công nghệ"],
        "Báo cáo kết quả định kỳ hàng quý.",
    ),
    (
        "procedures",
        "Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về quy định hành chính.",
        ["Báo cáo kết quả thực hiện"],
        ["Văn phòng Ủy ban nhân dân tỉnh"],
        [],
        [],
        "Thường xuyên trong năm.",
    ),
    (
        "organisation",
        "Kiện toàn tổ chức bộ máy các cơ quan chuyên môn sau sắp xếp; ban hành quy định chức năng, nhiệm vụ, quyền hạn.",
        ["Quyết định của cơ quan có thẩm quyền"],
        ["Sở Nội vụ"],
        [],
        [],
        "Quý I/2026.",
    ),
    (
        "organisation",
        "Khảo sát, đánh giá mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước.",
        ["Kế hoạch khảo sát", "Báo cáo kết quả khảo sát"],
        ["Sở Nội vụ"],
        [],
        [],
        "Kế hoạch khảo sát: quý I/2026. - Báo cáo kết quả khảo sát: tháng 11/2026.",
    ),
    (
        "civil_service",
        "Xây dựng, phê duyệt vị trí việc làm của các cơ quan, tổ chức hành chính sau sắp xếp.",
        ["Quyết định phê duyệt vị trí việc làm"],
        [],
        [UnitGroup.DEPARTMENTS],
        ["Sở Nội vụ"],
        "Quý II/2026.",
    ),
    (
        "civil_service",
        "Đào tạo, bồi dưỡng cán bộ, công chức cấp xã theo mô hình chính quyền địa phương hai cấp.",
        ["Báo cáo kết quả đào tạo, bồi dưỡng"],
        ["Sở Nội vụ"],
        [],
        [],
        "Quý IV/2026.",
    ),
    (
        "civil_service",
        "Tăng cường kỷ luật, kỷ cương hành chính; kiểm tra công vụ đột xuất.",
        ["Báo cáo kết quả kiểm tra"],
        ["Sở Nội vụ"],
        [],
        ["Thanh tra tỉnh"],
        "Báo cáo kết quả thực hiện quý III/2026.",
    ),
    (
        "public_finance",
        "Giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập giai đoạn 2026 - 2030.",
        ["Quyết định của cơ quan có thẩm quyền"],
        ["Sở Tài chính"],
        [],
        [],
        "Quý III/2026.",
    ),
    (
        "public_finance",
        "Thực hiện cơ chế khoán kinh phí quản lý hành chính gắn với kết quả thực hiện nhiệm vụ.",
        ["Báo cáo kết quả thực hiện"],
        ["Sở Tài chính"],
        [],
        [],
        "Quý IV/2026.",
    ),
    (
        "e_government",
        "Phát triển nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP) và bảo đảm an toàn thông tin cho các hệ thống.",
        ["Báo cáo kết quả triển khai"],
        ["Sở Khoa học và Công nghệ"],
        [],
        [],
        "Báo cáo kết quả thực hiện: định kỳ hàng quý.",
    ),
    (
        "e_government",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo quy định.",
        ["Báo cáo kết quả thực hiện"],
        [],
        [UnitGroup.COMMUNES],
        ["Sở Khoa học và Công nghệ"],
        "Quý III/2026.",
    ),
    (
        "e_government",
        "Duy trì, cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại các cơ quan hành chính.",
        ["Báo cáo kết quả thực hiện"],
        ["Sở Khoa học và Công nghệ"],
        [],
        [],
        "Quý IV/2026.",
    ),
    (
        "direction",
        "Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch CCHC năm 2026 của cơ quan, đơn vị mình.",
        ["Kế hoạch CCHC 2026 của các cơ quan, đơn vị"],
        [],
        [UnitGroup.DEPARTMENTS],
        [],
        "Trước 31/01/2026.",
    ),
    (
        "direction",
        "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2026 kèm tài liệu kiểm chứng.",
        ["Báo cáo tự chấm điểm cùng tài liệu kiểm chứng"],
        [],
        [UnitGroup.DEPARTMENTS],
        ["Sở Nội vụ"],
        "Trước 05/12/2026.",
    ),
    (
        "direction",
        "Đổi mới, đa dạng hóa hình thức tuyên truyền cải cách hành chính.",
        ["Báo cáo kết quả thực hiện"],
        ["Sở Nội vụ"],
        [],
        [],
        "Thường xuyên trong năm.",
    ),
]

TARGETS = [
    (
        "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước đạt trên 90%.",
        "gte",
        Decimal("90"),
        Decimal("88.5"),
        "surveys.satisfaction_index",
    ),
    (
        "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt tối thiểu 50%.",
        "gte",
        Decimal("50"),
        Decimal("41.2"),
        "",
    ),
    ("100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa.", "gte", Decimal("100"), None, ""),
]


def load_demo(units: dict, stdout) -> None:
    """The province's plan for this year (found by `manage.py load_demo`, decision 0118); idempotent."""
    today = timezone.localdate()
    plan = load_demo_plan(units["province"], year=today.year, today=today)
    if plan is not None:
        stdout.write(f"Demo plan: {plan.title} ({plan.tasks.count()} tasks)")


def load_demo_plan(province: Unit, *, year: int, today: dt.date, actor=None) -> ReformPlan | None:
    """Create and issue the province's plan for `year` with varied progress; does nothing if it exists."""
    if ReformPlan.objects.filter(unit=province, year=year).exists():
        return None
    current = Unit.objects.as_of(dt.date(year, 1, 1)).filter(path__startswith=province.path)
    departments = {u.name: u for u in current.filter(kind=UnitKind.DEPARTMENT)}
    rng = random.Random(year)  # noqa: S311 - demo data only, reproducible
    with transaction.atomic():
        plan = actions.do_create_plan(
            unit=province,
            year=year,
            title=f"Kế hoạch cải cách hành chính năm {year}",
            decision_number="4823/QĐ-UBND",
            decision_date=dt.date(year - 1, 12, 26),
            signer="Đỗ Minh Tuấn",
            signer_title="Chủ tịch",
            actor=actor,
        )
        # A target the registry can measure names its live measure: the plan page and the dashboards show the
        # live value beside the typed-in one.
        for text, comparator, value, measured, metric in TARGETS:
            actions.do_save_target(
                plan,
                data={
                    "text": text,
                    "metric": metric,
                    "comparator": comparator,
                    "target_value": value,
                    "measured_value": measured,
                    "measured_on": today if measured is not None else None,
                    "measured_source": "Dữ liệu minh họa" if measured is not None else "",
                },
                actor=actor,
            )
        numbers: dict[str, int] = {}
        for area, text, products, leads, lead_groups, coordinators, schedule in TASKS:
            numbers[area] = numbers.get(area, 0) + 1
            actions.do_add_task(
                plan,
                TaskInput(
                    area_code=area,
                    number=str(numbers[area]),
                    text=text,
                    products=products,
                    lead_units=[departments[n] for n in leads if n in departments],
                    lead_groups=list(lead_groups),
                    coordinating_units=[departments[n] for n in coordinators if n in departments],
                    units_text="; ".join(leads + [str(UnitGroup(g).label) for g in lead_groups]),
                    schedule_text=schedule,
                ),
                actor=actor,
            )
        plan = actions.do_issue_plan(plan, actor=actor)
        _progress(plan, today, rng)
    return plan


def _progress(plan: ReformPlan, today: dt.date, rng: random.Random) -> None:
    """Report progress on lead assignments: most past-due work done (some late), some left overdue."""
    from par.accounts.models import Membership, Role

    reporters = {
        m.unit_id: m.user
        for m in Membership.objects.filter(role__in=[Role.UNIT_OFFICER, Role.PAR_OFFICER]).select_related(
            "user"
        )
    }
    fallback = Membership.objects.filter(role=Role.PAR_OFFICER, unit=plan.unit).select_related("user").first()
    leads = Assignment.objects.filter(task__plan=plan, role=UnitRole.LEAD).select_related("task", "unit")
    for assignment in leads.prefetch_related("task__milestones"):
        due = assignment.task.final_due
        actor = reporters.get(assignment.unit_id) or (fallback.user if fallback else None)
        if actor is None or due is None:
            continue
        roll = rng.random()
        if due < today and roll < 0.75:
            completed = (
                due - dt.timedelta(days=rng.randint(0, 20))
                if roll < 0.6
                else due + dt.timedelta(days=rng.randint(3, 25))
            )
            completed = min(completed, today)
            actions.do_report_progress(
                assignment,
                text="Đã hoàn thành, ban hành văn bản theo kế hoạch.",
                completed_on=completed,
                product_reference=f"Văn bản số {rng.randint(100, 999)}/{assignment.unit.short_name or 'UBND'}",
                actor=actor,
            )
        elif roll < 0.9:
            actions.do_report_progress(
                assignment,
                text="Đang triển khai, đã hoàn thành dự thảo.",
                percent=rng.choice([30, 50, 70]),
                actor=actor,
            )
