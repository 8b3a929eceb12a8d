"""Reading a plan for its documents in a fixed number of queries, and the names and columns they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import slugify

from par.core.http import DOCX_TYPE, PDF_TYPE, XLSX_TYPE  # noqa: F401  (the types of the files made here)
from par.documents import official
from par.documents.official import Column
from par.orgunits.groups import UnitGroup
from par.orgunits.models import UnitKind
from par.plans import queries
from par.plans.models import (
    AreaCode,
    Assignment,
    Comparator,
    PlanArea,
    PlanTask,
    ProgressUpdate,
    ReformPlan,
    Target,
    UnitRole,
)
from par.plans.status import Status

# The areas as the Government's programme names them (Resolution 76/NQ-CP), for the default area codes.
AREA_NAMES: dict[str, str] = {
    AreaCode.INSTITUTIONS: "Cải cách thể chế",
    AreaCode.PROCEDURES: "Cải cách thủ tục hành chính",
    AreaCode.ORGANISATION: "Cải cách tổ chức bộ máy hành chính nhà nước",
    AreaCode.CIVIL_SERVICE: "Cải cách chế độ công vụ",
    AreaCode.PUBLIC_FINANCE: "Cải cách tài chính công",
    AreaCode.E_GOVERNMENT: "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
    AreaCode.DIRECTION: "Công tác chỉ đạo, điều hành, tuyên truyền cải cách hành chính",
}
GROUP_NAMES: dict[str, str] = {
    UnitGroup.DEPARTMENTS: "các sở, ban, ngành cấp tỉnh",
    UnitGroup.DISTRICTS: "UBND các huyện, thị xã, thành phố",
    UnitGroup.COMMUNES: "UBND cấp xã",
    UnitGroup.PUBLIC_SERVICE_UNITS: "các đơn vị sự nghiệp công lập",
}
STATUS_NAMES: dict[str, str] = {
    Status.NOT_STARTED: "Chưa triển khai",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.DUE_SOON: "Sắp đến hạn",
    Status.OVERDUE: "Quá hạn, chưa hoàn thành",
    Status.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Status.DONE_LATE: "Hoàn thành quá hạn",
    Status.CANCELLED: "Đã hủy",
}
COMPARATOR_WORDS: dict[str, str] = {
    Comparator.AT_LEAST: "≥",
    Comparator.AT_MOST: "≤",
    Comparator.EXACTLY: "=",
}
# Evidence names listed per task in a report cell; the rest are counted.
EVIDENCE_LISTED = 10

PLAN_COLUMNS = [
    Column("TT", 1.1, "centre"),
    Column("Nhiệm vụ cụ thể", 8.4, "justify"),
    Column("Sản phẩm", 4.6),
    Column("Cơ quan thực hiện", 5.4),
    Column("Thời gian thực hiện", 4.0),
    Column("Ghi chú", 2.2),
]
PROGRESS_COLUMNS = [
    Column("TT", 1.0, "centre"),
    Column("Nhiệm vụ", 6.0, "justify"),
    Column("Cơ quan chủ trì", 3.6),
    Column("Sản phẩm", 3.4),
    Column("Tình trạng", 2.5),
    Column("Hạn hoàn thành", 2.2, "centre"),
    Column("Ngày hoàn thành", 2.2, "centre"),
    Column("Văn bản, sản phẩm", 2.6),
    Column("Tài liệu kiểm chứng", 2.2),
]


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class AreaTasks:
    """An area of the plan with its tasks, in the plan's order."""

    area: PlanArea
    title: str
    tasks: list[PlanTask] = field(default_factory=list)


@dataclass
class PlanData:
    """Everything a plan document shows, read in a fixed number of queries."""

    plan: ReformPlan
    issuer: official.Issuer
    areas: list[AreaTasks]
    targets: list[Target]
    parent_issuer: official.Issuer | None  # the body above the issuing unit (recipient "để b/c")
    parent_plan: ReformPlan | None = None  # the plan this one implements, and who issued it
    parent_plan_issuer: official.Issuer | None = None


def load_plan(plan: ReformPlan, *, with_progress: bool = False) -> PlanData:
    """Read the plan, its areas, targets and tasks with their milestones, products, groups and assignments
    (and, `with_progress`, the progress updates and evidence) with prefetching: no query per task."""
    assignments = Assignment.objects.select_related("unit").order_by("role", "unit__path")
    if with_progress:
        # The same annotations (due, completion, updates) as the plan pages and the API, so that the report
        # shows the statuses they show.
        assignments = queries.annotate_assignments(assignments)
        updates = ProgressUpdate.objects.order_by("-created_at", "-id").prefetch_related("evidence")
        assignments = assignments.prefetch_related(Prefetch("updates", queryset=updates))
    # Tasks come through the plan's related manager, so each task's `plan` is this object (final_due reads
    # plan.year) rather than a query per task.
    tasks = plan.tasks.order_by("area__order", "order", "pk").prefetch_related(
        "milestones", "products", "unit_groups", Prefetch("assignments", queryset=assignments)
    )
    areas = {a.pk: AreaTasks(a, area_title(a)) for a in plan.areas.select_related("coordinator")}
    for task in tasks:
        areas[task.area_id].tasks.append(task)
        task.area = areas[task.area_id].area  # so that reading task.area never costs a query
    parent_issuer = official.issuer_for(plan.unit.parent) if plan.unit.parent_id else None
    parent_plan = None
    if plan.parent_id:
        parent_plan = ReformPlan.objects.select_related("unit").get(pk=plan.parent_id)
    return PlanData(
        plan=plan,
        issuer=official.issuer_for(plan.unit),
        areas=sorted(areas.values(), key=lambda a: (a.area.order, a.area.pk)),
        targets=list(plan.targets.order_by("order", "pk")),
        parent_issuer=parent_issuer,
        parent_plan=parent_plan,
        parent_plan_issuer=official.issuer_for(parent_plan.unit) if parent_plan else None,
    )


def area_title(area: PlanArea) -> str:
    """The Vietnamese name of an area: the programme's wording for a default area whose name is still the
    default label (in any UI language), else the name the plan gives it."""
    default = AREA_NAMES.get(area.code)
    if default is None:
        return area.name
    labels = set()
    for language in ("en", "vi"):
        with translation.override(language):
            labels.add(str(AreaCode(area.code).label))
    return default if not area.name or area.name in labels else area.name


def plan_name(plan: ReformPlan) -> str:
    """The plan's name in running text: its title when it reads as one, else the usual name."""
    if plan.title.lower().startswith("kế hoạch"):
        return plan.title
    return f"Kế hoạch cải cách hành chính năm {plan.year}"


def file_name(plan: ReformPlan, kind: str, extension: str) -> str:
    """An ASCII file name: `ke-hoach-cchc-2021-tinh-thanh-hoa.docx`, `tien-do-cchc-2021-….xlsx`."""
    prefix = {"plan": "ke-hoach-cchc", "progress": "tien-do-cchc"}[kind]
    unit = slugify(plan.unit.name.replace("đ", "d").replace("Đ", "D"))
    return f"{prefix}-{plan.year}-{unit}.{extension}"


def _performers(task: PlanTask) -> list[str]:
    """The "Cơ quan thực hiện" cell: as the plan wrote it, else built from the units, groups and names kept in text."""
    if task.units_text.strip():
        return [line.strip() for line in task.units_text.splitlines() if line.strip()]
    lines = []
    for role, label in ((UnitRole.LEAD, "Cơ quan chủ trì"), (UnitRole.COORDINATING, "Cơ quan phối hợp")):
        names = [a.unit.name for a in task.assignments.all() if a.role == role and not a.via_group]
        names += [GROUP_NAMES.get(g.group, g.group) for g in task.unit_groups.all() if g.role == role]
        # Bodies that are no unit of the system ("Bưu điện tỉnh") stay in the cell after the units change.
        names += [n["name"] for n in task.named_in_text if n.get("role") == role]
        if names:
            lines.append(f"- {label}: {'; '.join(names)}.")
    return lines


def _products(task: PlanTask) -> list[str]:
    products = [p.name for p in task.products.all()]
    return [f"- {p}" for p in products] if len(products) > 1 else products


def _note(task: PlanTask) -> str:
    note = task.note.strip()
    if task.cancelled_at:
        cancelled = f"Đã hủy ngày {official.short_date(timezone.localdate(task.cancelled_at))}"
        note = "\n".join(filter(None, [note, f"{cancelled}: {task.cancel_reason}".strip()]))
    return note


def _decision_reference(data: PlanData) -> str:
    """The issuing decision in running text: "Quyết định số 5476/QĐ-UBND ngày 24/12/2020 của Chủ tịch …"."""
    plan, issuer = data.plan, data.issuer
    number = plan.decision_number or f"      /QĐ-{issuer.symbol}"
    day = official.short_date(plan.decision_date) or "     /     /"
    return f"Quyết định số {number} ngày {day} của {_signer_title(plan, issuer)} {issuer.full_name}"


def _signer_title(plan: ReformPlan, issuer: official.Issuer) -> str:
    if plan.signer_title:
        return plan.signer_title
    if issuer.is_committee:
        return "Chủ tịch"
    return "Giám đốc" if plan.unit.kind == UnitKind.DEPARTMENT else "Thủ trưởng"


def _capitalised(lines: list[str]) -> list[str]:
    # Group names are written for running text ("các sở, ban, ngành cấp tỉnh"); a cell line starts upper-case.
    return [line[:1].upper() + line[1:] for line in lines]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"
