"""Plan documents: the decision with the plan and its appendices (DOCX), the plan as a workbook, and the
progress report of the plan (DOCX in the official report layout, and XLSX).

The documents are Vietnamese whatever the user's language: they are what the office files and sends. Every
export reads the plan in a fixed number of queries (see `load_plan`), whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import slugify

from par.core.http import DOCX_TYPE, PDF_TYPE, XLSX_TYPE  # noqa: F401  (the types of the files made here)
from par.documents import official, xlsx
from par.documents.official import Column, GroupRow, TableSpec
from par.orgunits.groups import UnitGroup
from par.orgunits.models import UnitKind
from par.plans import queries
from par.plans.access import visible_assignments
from par.plans.models import (
    AreaCode,
    Assignment,
    Comparator,
    PlanArea,
    PlanState,
    PlanTask,
    ProgressUpdate,
    ReformPlan,
    Target,
    UnitRole,
)
from par.plans.status import DONE, Rollup, Status, rollup, task_status

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
    """The "Cơ quan thực hiện" cell: as the plan wrote it, else built from the named units and groups."""
    if task.units_text.strip():
        return [line.strip() for line in task.units_text.splitlines() if line.strip()]
    lines = []
    for role, label in ((UnitRole.LEAD, "Cơ quan chủ trì"), (UnitRole.COORDINATING, "Cơ quan phối hợp")):
        names = [a.unit.name for a in task.assignments.all() if a.role == role and not a.via_group]
        names += [GROUP_NAMES.get(g.group, g.group) for g in task.unit_groups.all() if g.role == role]
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


# ---------------------------------------------------------------------------------------------- plan DOCX


def plan_docx(plan: ReformPlan) -> bytes:
    """The decision issuing the plan, the plan (objectives, tasks by area, responsibilities) and one
    landscape appendix table per area with tasks, in the layout of Decree 30/2020/NĐ-CP."""
    data = load_plan(plan)
    doc = official.new_document(title=plan_name(plan), author=data.issuer.full_name)
    _decision_page(doc, data)
    official.page_break(doc)
    _plan_body(doc, data)
    official.add_section(doc, landscape=True)
    _plan_appendices(doc, data)
    return official.to_bytes(doc)


def _legal_bases(data: PlanData) -> list[str]:
    plan, issuer = data.plan, data.issuer
    reference = plan.decision_date or dt.date(plan.year - 1, 12, 1)
    bases = []
    # The Law on Local Government Organisation of 16/06/2025 (No. 72/2025/QH15) replaced that of 19/06/2015
    # from 01/07/2025; Resolution 76/NQ-CP (15/07/2021) replaced 30c/NQ-CP as the PAR master programme.
    if issuer.is_committee:
        law_date = dt.date(2025, 6, 16) if reference >= dt.date(2025, 7, 1) else dt.date(2015, 6, 19)
        bases.append(f"Căn cứ Luật Tổ chức chính quyền địa phương {official.long_date(law_date)};")
    if reference >= dt.date(2021, 7, 15):
        bases.append(
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình "
            "tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;"
        )
    else:
        bases.append(
            "Căn cứ Nghị quyết số 30c/NQ-CP ngày 08 tháng 11 năm 2011 của Chính phủ ban hành Chương trình "
            "tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020;"
        )
    parent, parent_issuer = data.parent_plan, data.parent_plan_issuer
    if parent is not None and parent_issuer is not None and parent.decision_number:
        bases.append(
            f"Căn cứ {plan_name(parent)} ban hành kèm theo Quyết định số {parent.decision_number}"
            f" ngày {official.short_date(parent.decision_date)}"
            f" của {_signer_title(parent, parent_issuer)} {parent_issuer.full_name};"
        )
    if plan.unit.kind == UnitKind.PROVINCE:
        bases.append("Theo đề nghị của Giám đốc Sở Nội vụ.")
    elif plan.unit.kind == UnitKind.DISTRICT:
        bases.append("Theo đề nghị của Trưởng phòng Nội vụ.")
    elif bases:
        bases[-1] = bases[-1][:-1] + "."
    return bases


def _recipients(data: PlanData, *, first: str) -> list[str]:
    items = [first] if first else []
    if data.parent_issuer is not None:
        items.append(f"{data.parent_issuer.full_name} (để b/c);")
    elif data.plan.unit.kind == UnitKind.PROVINCE:
        items.append("Bộ Nội vụ (để b/c);")
    items.append("Lưu: VT.")
    return items


def _decision_page(doc, data: PlanData) -> None:
    plan, issuer = data.plan, data.issuer
    number = plan.decision_number or f"      /QĐ-{issuer.symbol}"
    dateline = official.place_and_date(issuer.place, plan.decision_date)
    official.add_header(doc, issuer, number=number, dateline=dateline, draft=plan.state == PlanState.DRAFT)
    official.add_title(doc, "QUYẾT ĐỊNH", f"Ban hành {plan_name(plan)}")
    title = _signer_title(plan, issuer)
    official.add_heading(doc, f"{title.upper()} {issuer.full_name.upper()}", centred=True)
    for basis in _legal_bases(data):
        official.add_paragraph(doc, basis, italic=True)
    official.add_heading(doc, "QUYẾT ĐỊNH:", centred=True)
    official.add_paragraph(doc, f"Ban hành kèm theo Quyết định này {plan_name(plan)}.", lead="Điều 1. ")
    official.add_paragraph(doc, "Quyết định này có hiệu lực thi hành kể từ ngày ký.", lead="Điều 2. ")
    official.add_paragraph(
        doc,
        "Thủ trưởng các cơ quan, đơn vị và các cá nhân có liên quan chịu trách nhiệm thi hành "
        "Quyết định này./.",
        lead="Điều 3. ",
    )
    official.add_recipients_and_signature(
        doc,
        recipients=_recipients(data, first="Như Điều 3;"),
        signer_title=title,
        signer_name=plan.signer,
    )


def _plan_body(doc, data: PlanData) -> None:
    plan, issuer = data.plan, data.issuer
    official.add_header(doc, issuer, number=None, dateline=None)
    name = plan_name(plan)
    subtitle = name[len("Kế hoạch ") :] if name.lower().startswith("kế hoạch ") else name
    official.add_title(
        doc,
        "KẾ HOẠCH",
        subtitle[:1].upper() + subtitle[1:],
        note=f"(Ban hành kèm theo {_decision_reference(data)})",
    )
    official.add_heading(doc, "I. MỤC TIÊU, YÊU CẦU")
    official.add_heading(doc, "1. Mục tiêu")
    if data.targets:
        for i, target in enumerate(data.targets):
            official.add_paragraph(doc, f"{official.letter(i)}) {target.text}")
    else:
        official.add_paragraph(
            doc,
            "Thực hiện đầy đủ, đúng tiến độ, có sản phẩm cụ thể các nhiệm vụ cải cách hành chính nêu tại "
            "các phụ lục kèm theo Kế hoạch này.",
        )
    official.add_heading(doc, "2. Yêu cầu")
    official.add_paragraph(
        doc,
        "a) Xác định công tác cải cách hành chính là nhiệm vụ trọng tâm; gắn trách nhiệm của người đứng đầu "
        "cơ quan, đơn vị với kết quả thực hiện các nhiệm vụ được giao.",
    )
    official.add_paragraph(
        doc,
        "b) Các nhiệm vụ có sản phẩm, thời hạn và cơ quan chủ trì cụ thể; định kỳ hằng quý, 6 tháng, "
        "9 tháng và năm báo cáo kết quả thực hiện.",
    )
    official.add_heading(doc, "II. NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
    with_tasks = [a for a in data.areas if a.tasks]
    for n, area in enumerate(with_tasks, start=1):
        official.add_heading(doc, f"{n}. {area.title}")
        for i, task in enumerate(area.tasks):
            official.add_paragraph(doc, f"{official.letter(i)}) {task.text}")
    official.add_heading(doc, "III. TRÁCH NHIỆM THỰC HIỆN")
    official.add_paragraph(
        doc,
        "Cơ quan chủ trì, cơ quan phối hợp, thời gian thực hiện và sản phẩm cụ thể của các nhiệm vụ cải cách "
        "hành chính được nêu tại các phụ lục kèm theo Kế hoạch này.",
    )
    for n, area in enumerate(with_tasks, start=1):
        coordinator = area.area.coordinator
        duty = (
            f" - {coordinator.name} chịu trách nhiệm chủ trì triển khai, đôn đốc, hướng dẫn, "
            "tổng hợp, báo cáo."
            if coordinator
            else "."
        )
        official.add_paragraph(doc, f"{n}. Phụ lục số {n:02d}: {area.title}{duty}")
    official.add_heading(doc, "IV. TỔ CHỨC THỰC HIỆN")
    via = " (qua Sở Nội vụ)" if plan.unit.kind == UnitKind.PROVINCE else ""
    official.add_paragraph(
        doc,
        "Thủ trưởng các cơ quan, đơn vị căn cứ Kế hoạch này xây dựng kế hoạch cụ thể của cơ quan, "
        "đơn vị mình, tổ chức thực hiện và định kỳ hằng quý, 6 tháng, 9 tháng, năm báo cáo kết quả "
        f"thực hiện về {issuer.full_name}{via} để tổng hợp./.",
    )


def _plan_appendices(doc, data: PlanData) -> None:
    plan = data.plan
    official.add_title(
        doc,
        f"KẾ HOẠCH TRIỂN KHAI CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {plan.year}",
        note=f"(Kèm theo {_decision_reference(data)})",
        before=0,
    )
    columns = official.scale_columns(PLAN_COLUMNS, official.text_width_cm(doc) - 0.1)
    for n, area in enumerate((a for a in data.areas if a.tasks), start=1):
        official.add_heading(doc, f"Phụ lục số {n:02d}: {area.title}", indent=False)
        rows = [
            [task.number, task.text, _products(task), _performers(task), task.schedule_text, _note(task)]
            for task in area.tasks
        ]
        official.add_table(doc, TableSpec(columns, rows))


# ---------------------------------------------------------------------------------------------- plan XLSX


def plan_xlsx(plan: ReformPlan) -> bytes:
    """The plan's tasks on one sheet with an area column (to filter on), and its targets on a second."""
    data = load_plan(plan)
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Kế hoạch")
    columns = [
        xlsx.Col("Phụ lục", 8, align="center"),
        xlsx.Col("Lĩnh vực", 20),
        xlsx.Col("TT", 5, align="center"),
        xlsx.Col("Nhiệm vụ cụ thể", 50),
        xlsx.Col("Sản phẩm", 26),
        xlsx.Col("Cơ quan thực hiện", 30),
        xlsx.Col("Thời gian thực hiện", 18),
        xlsx.Col("Hạn hoàn thành", 12, align="center"),
        xlsx.Col("Ghi chú", 16),
    ]
    start = xlsx.write_title(
        sheet,
        [plan_name(plan).upper(), data.issuer.full_name, f"(Ban hành kèm theo {_decision_reference(data)})"],
        width=len(columns),
    )
    rows = []
    for n, area in enumerate((a for a in data.areas if a.tasks), start=1):
        for task in area.tasks:
            rows.append(
                [
                    f"{n:02d}",
                    area.title,
                    task.number,
                    task.text,
                    [p.name for p in task.products.all()],
                    _performers(task),
                    task.schedule_text,
                    task.final_due,
                    _note(task),
                ]
            )
    xlsx.write_table(sheet, columns, rows, start_row=start)

    targets = xlsx.add_sheet(workbook, "Mục tiêu")
    target_columns = [
        xlsx.Col("TT", 6, align="center"),
        xlsx.Col("Mục tiêu", 60),
        xlsx.Col("So sánh", 9, align="center"),
        xlsx.Col("Chỉ tiêu", 11, xlsx.DECIMAL_FORMAT, align="right"),
        xlsx.Col("Đơn vị tính", 11, align="center"),
        xlsx.Col("Kết quả đo", 11, xlsx.DECIMAL_FORMAT, align="right"),
        xlsx.Col("Ngày đo", 13, align="center"),
        xlsx.Col("Nguồn số liệu", 30),
    ]
    start = xlsx.write_title(targets, ["MỤC TIÊU CỦA KẾ HOẠCH", plan_name(plan)], width=len(target_columns))
    xlsx.write_table(
        targets,
        target_columns,
        [
            [
                i,
                t.text,
                COMPARATOR_WORDS.get(t.comparator, t.comparator),
                t.target_value,
                t.unit_of_measure,
                t.measured_value,
                t.measured_on,
                t.measured_source,
            ]
            for i, t in enumerate(data.targets, start=1)
        ],
        start_row=start,
    )
    return xlsx.to_bytes(workbook)


# ---------------------------------------------------------------------------------------------- progress


@dataclass
class TaskProgress:
    """One task's derived progress on a day: status, due and completion dates, products and evidence."""

    area: AreaTasks
    task: PlanTask
    status: Status
    due: dt.date | None
    completed_on: dt.date | None
    leads: list[str]
    products: list[str]
    product_reference: str
    evidence: list[str]


@dataclass
class ProgressData:
    """The progress of a whole plan on a day, with its rollup overall and per area."""

    data: PlanData
    today: dt.date
    rows: list[TaskProgress]
    overall: Rollup
    by_area: list[tuple[AreaTasks, Rollup]]


def _task_progress(area: AreaTasks, task: PlanTask, today: dt.date, shown: set[int] | None) -> TaskProgress:
    due = task.final_due
    assignments = list(task.assignments.all())
    leads = [a for a in assignments if a.role == UnitRole.LEAD]
    # `completed_on` is an annotation of queries.annotate_assignments.
    per_lead = [(a, queries.assignment_status(a, today), getattr(a, "completed_on", None)) for a in leads]
    status = task_status([s for _, s, _ in per_lead], cancelled=task.cancelled_at is not None)
    completed = max((c for _, _, c in per_lead if c), default=None) if status in DONE else None

    lead_names = [a.unit.name for a, _, _ in per_lead if not a.via_group]
    by_group: dict[str, list[Status]] = {}
    for a, s, _ in per_lead:
        if a.via_group:
            by_group.setdefault(a.via_group, []).append(s)
    for group, statuses in by_group.items():
        done = sum(1 for s in statuses if s in DONE)
        lead_names.append(f"{GROUP_NAMES.get(group, group)}: {done}/{len(statuses)} đơn vị đã hoàn thành")

    # A task's status is public within the plan; what a unit reported behind it (documents, files) only to
    # those who may see that unit's assignment, as on the plan pages.
    reported = [a for a in assignments if shown is None or a.pk in shown]
    updates = sorted(
        (u for a in reported for u in a.updates.all()), key=lambda u: (u.created_at, u.pk), reverse=True
    )
    reference = next((u.product_reference for u in updates if u.product_reference), "")
    files = [e.original_name for u in reversed(updates) for e in u.evidence.all()]
    if len(files) > EVIDENCE_LISTED:
        files = files[:EVIDENCE_LISTED] + [f"… và {len(files) - EVIDENCE_LISTED} tệp khác"]
    return TaskProgress(
        area=area,
        task=task,
        status=status,
        due=due,
        completed_on=completed,
        leads=lead_names,
        products=[p.name for p in task.products.all()],
        product_reference=reference,
        evidence=files,
    )


def load_progress(plan: ReformPlan, today: dt.date | None = None, *, user=None) -> ProgressData:
    """Every task's status on `today` (derived from dates and updates, never stored) and the rollups; with
    `user`, product references and evidence only from the assignments that user may see."""
    today = today or timezone.localdate()
    data = load_plan(plan, with_progress=True)
    shown = None
    if user is not None:
        shown = set(visible_assignments(user).filter(task__plan=plan).values_list("pk", flat=True))
    rows = [_task_progress(area, task, today, shown) for area in data.areas for task in area.tasks]
    by_area = []
    for area in data.areas:
        mine = [r for r in rows if r.area is area]
        if mine:
            by_area.append((area, rollup([r.status for r in mine], [r.due for r in mine], today)))
    overall = rollup([r.status for r in rows], [r.due for r in rows], today)
    return ProgressData(data=data, today=today, rows=rows, overall=overall, by_area=by_area)


def progress_docx(plan: ReformPlan, today: dt.date | None = None, *, user=None) -> bytes:
    """The report on the plan's progress in the official report layout, with the task table appended
    (`user`: see `load_progress`)."""
    progress = load_progress(plan, today, user=user)
    data, today = progress.data, progress.today
    issuer = data.issuer
    doc = official.new_document(title=f"Báo cáo tiến độ {plan_name(plan)}", author=issuer.full_name)
    number = f"      /BC-{issuer.symbol}"
    official.add_header(doc, issuer, number=number, dateline=official.place_and_date(issuer.place, today))
    official.add_title(
        doc,
        "BÁO CÁO",
        f"Tình hình thực hiện {plan_name(plan)[:1].lower()}{plan_name(plan)[1:]}",
        note=f"(Số liệu tính đến ngày {official.short_date(today)})",
    )
    official.add_paragraph(
        doc,
        f"Thực hiện {plan_name(plan)} ban hành kèm theo {_decision_reference(data)}, "
        f"{issuer.full_name} báo cáo tình hình thực hiện đến ngày {official.short_date(today)} như sau:",
    )
    _progress_summary(doc, progress)
    official.add_recipients_and_signature(
        doc,
        recipients=_recipients(data, first=""),
        signer_title=_signer_title(plan, issuer),
        signer_name=plan.signer,
        on_behalf="TM. ỦY BAN NHÂN DÂN" if issuer.is_committee else "",
    )
    official.add_section(doc, landscape=True)
    official.add_title(
        doc,
        "Phụ lục",
        f"TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {plan.year}",
        note=f"(Kèm theo Báo cáo số {number} {official.long_date(today)} của {issuer.full_name})",
        before=0,
    )
    columns = official.scale_columns(PROGRESS_COLUMNS, official.text_width_cm(doc) - 0.1)
    official.add_table(doc, TableSpec(columns, _progress_table_rows(progress), font_pt=11))
    return official.to_bytes(doc)


def _progress_summary(doc, progress: ProgressData) -> None:
    overall, today = progress.overall, progress.today
    counts = Counter(r.status for r in progress.rows)
    day = official.short_date(today)
    official.add_heading(doc, "I. KẾT QUẢ THỰC HIỆN CHUNG")
    cancelled = counts.get(Status.CANCELLED, 0)
    official.add_paragraph(
        doc,
        f"Kế hoạch có {overall.total} nhiệm vụ"
        + (f" (không kể {cancelled} nhiệm vụ đã hủy)" if cancelled else "")
        + f"; đến ngày {day} có {overall.due} nhiệm vụ đã đến hạn hoặc đã hoàn thành, trong đó:",
    )
    lines = [
        f"- Đã hoàn thành: {overall.done} nhiệm vụ (đúng hạn: {overall.done_on_time}; "
        f"quá hạn: {counts.get(Status.DONE_LATE, 0)});",
        f"- Quá hạn, chưa hoàn thành: {counts.get(Status.OVERDUE, 0)} nhiệm vụ;",
        f"- Chưa đến hạn: {counts.get(Status.DUE_SOON, 0)} nhiệm vụ sắp đến hạn, "
        f"{counts.get(Status.IN_PROGRESS, 0)} nhiệm vụ đang thực hiện, "
        f"{counts.get(Status.NOT_STARTED, 0)} nhiệm vụ chưa triển khai.",
    ]
    for line in lines:
        official.add_paragraph(doc, line)
    official.add_paragraph(
        doc,
        f"Tỷ lệ hoàn thành: {_percent(overall.completion_rate)}; tỷ lệ hoàn thành đúng hạn: "
        f"{_percent(overall.on_time_rate)} (số nhiệm vụ đã hoàn thành, số nhiệm vụ hoàn thành đúng hạn "
        "so với số nhiệm vụ đã đến hạn; nhiệm vụ đã hủy không tính; nhiệm vụ hoàn thành khi mọi cơ quan "
        "chủ trì đã báo cáo hoàn thành).",
    )
    official.add_heading(doc, "II. KẾT QUẢ THEO LĨNH VỰC")
    width = official.text_width_cm(doc)
    columns = official.scale_columns(
        [
            Column("TT", 1.0, "centre"),
            Column("Lĩnh vực", 6.0),
            Column("Số nhiệm vụ", 2.0, "centre"),
            Column("Đã đến hạn", 2.0, "centre"),
            Column("Đã hoàn thành", 2.2, "centre"),
            Column("Đúng hạn", 1.9, "centre"),
            Column("Tỷ lệ hoàn thành", 2.2, "centre"),
        ],
        width - 0.1,
    )
    rows = [
        [
            str(n),
            area.title,
            str(r.total),
            str(r.due),
            str(r.done),
            str(r.done_on_time),
            _percent(r.completion_rate),
        ]
        for n, (area, r) in enumerate(progress.by_area, start=1)
    ]
    rows.append(
        [
            "",
            "Tổng cộng",
            str(overall.total),
            str(overall.due),
            str(overall.done),
            str(overall.done_on_time),
            _percent(overall.completion_rate),
        ]
    )
    official.add_table(doc, TableSpec(columns, rows))
    official.add_heading(doc, "III. NHIỆM VỤ QUÁ HẠN, CHƯA HOÀN THÀNH")
    overdue = [r for r in progress.rows if r.status == Status.OVERDUE]
    if not overdue:
        official.add_paragraph(doc, "Không có nhiệm vụ quá hạn.")
    for r in overdue:
        leads = "; ".join(r.leads) or "chưa giao cơ quan chủ trì"
        official.add_paragraph(
            doc,
            f"- {r.area.title}, nhiệm vụ {r.task.number}: {r.task.text} "
            f"({leads}; hạn {official.short_date(r.due)}).",
        )
    official.add_paragraph(doc, "Chi tiết tiến độ từng nhiệm vụ tại Phụ lục kèm theo Báo cáo này./.")


def _progress_table_rows(progress: ProgressData):
    current = None
    for r in progress.rows:
        if r.area is not current:
            current = r.area
            yield GroupRow(r.area.title)
        yield [
            r.task.number,
            r.task.text,
            _capitalised(r.leads),
            r.products,
            STATUS_NAMES[r.status],
            official.short_date(r.due),
            official.short_date(r.completed_on),
            r.product_reference,
            r.evidence,
        ]


def progress_xlsx(plan: ReformPlan, today: dt.date | None = None, *, user=None) -> bytes:
    """The progress per task (status, dates as real dates, products, evidence) and a summary sheet
    (`user`: see `load_progress`)."""
    progress = load_progress(plan, today, user=user)
    data, today, overall = progress.data, progress.today, progress.overall
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, "Tiến độ")
    columns = [
        xlsx.Col("Lĩnh vực", 18),
        xlsx.Col("TT", 5, align="center"),
        xlsx.Col("Nhiệm vụ", 45),
        xlsx.Col("Cơ quan chủ trì", 26),
        xlsx.Col("Sản phẩm", 24),
        xlsx.Col("Tình trạng", 14),
        xlsx.Col("Hạn hoàn thành", 12, align="center"),
        xlsx.Col("Ngày hoàn thành", 12, align="center"),
        xlsx.Col("Văn bản, sản phẩm", 22),
        xlsx.Col("Tài liệu kiểm chứng", 22),
    ]
    start = xlsx.write_title(
        sheet,
        [
            f"TIẾN ĐỘ THỰC HIỆN {plan_name(plan).upper()}",
            data.issuer.full_name,
            f"(Số liệu tính đến ngày {official.short_date(today)})",
        ],
        width=len(columns),
    )
    rows = [
        [
            r.area.title,
            r.task.number,
            r.task.text,
            _capitalised(r.leads),
            r.products,
            STATUS_NAMES[r.status],
            r.due,
            r.completed_on,
            r.product_reference,
            r.evidence,
        ]
        for r in progress.rows
    ]
    xlsx.write_table(sheet, columns, rows, start_row=start)

    summary = xlsx.add_sheet(workbook, "Tổng hợp", landscape=False)
    counts = Counter(r.status for r in progress.rows)
    next_row = xlsx.write_title(summary, ["TỔNG HỢP TIẾN ĐỘ", plan_name(plan)], width=2)
    pairs: list[tuple] = [
        ("Ngày số liệu", today),
        ("Tổng số nhiệm vụ (không kể nhiệm vụ đã hủy)", overall.total),
        ("Số nhiệm vụ đã đến hạn hoặc đã hoàn thành", overall.due),
        ("Đã hoàn thành", overall.done),
        ("Trong đó hoàn thành đúng hạn", overall.done_on_time),
    ]
    pairs += [(STATUS_NAMES[s], counts.get(s, 0)) for s in Status if s not in DONE]
    pairs += [
        ("Tỷ lệ hoàn thành", _ratio(overall.completion_rate), xlsx.PERCENT_FORMAT),
        ("Tỷ lệ hoàn thành đúng hạn", _ratio(overall.on_time_rate), xlsx.PERCENT_FORMAT),
    ]
    next_row = xlsx.write_pairs(summary, pairs, start_row=next_row)
    xlsx.write_note(
        summary,
        next_row + 1,
        "Cách tính: tỷ lệ = số nhiệm vụ đã hoàn thành (đúng hạn) ÷ số nhiệm vụ đã đến hạn; nhiệm vụ đã "
        "hủy không tính; nhiệm vụ hoàn thành khi mọi cơ quan chủ trì đã báo cáo hoàn thành.",
        width=2,
        chars=63,
    )
    return xlsx.to_bytes(workbook)


def _ratio(percent: float | None) -> float | None:
    return None if percent is None else percent / 100
