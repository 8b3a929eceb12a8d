"""The progress report of a plan: DOCX in the official report layout, and XLSX."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from par.documents import official, xlsx
from par.documents.official import Column, GroupRow, TableSpec
from par.plans import queries
from par.plans.access import visible_assignments
from par.plans.exporting.plan import _recipients
from par.plans.exporting.reading import (
    EVIDENCE_LISTED,
    GROUP_NAMES,
    PROGRESS_COLUMNS,
    STATUS_NAMES,
    AreaTasks,
    PlanData,
    _capitalised,
    _decision_reference,
    _percent,
    _signer_title,
    load_plan,
    plan_name,
)
from par.plans.models import (
    PlanTask,
    ReformPlan,
    UnitRole,
)
from par.plans.status import DONE, Rollup, Status, rollup, task_status

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
