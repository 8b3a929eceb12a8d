"""The plan as issued: the decision with the plan and its appendices (DOCX), and the plan as a workbook."""

from __future__ import annotations

import datetime as dt

from par.documents import official, xlsx
from par.documents.official import TableSpec
from par.orgunits.models import UnitKind
from par.plans.exporting.reading import (
    COMPARATOR_WORDS,
    PLAN_COLUMNS,
    PlanData,
    _decision_reference,
    _note,
    _performers,
    _products,
    _signer_title,
    load_plan,
    plan_name,
)
from par.plans.models import (
    PlanState,
    ReformPlan,
)

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
