"""The decision approving the index results and ranking (DOCX in the Decree 30/2020 layout) and its table as a
workbook. Vietnamese whatever the user's language: it is the document the office signs and sends."""

from __future__ import annotations

from django.utils import timezone

from par.documents import official, xlsx
from par.scoring.models import IndexFramework
from par.scoring.results import ResultRow

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _n(value) -> str:
    """A number as Vietnamese documents write it: comma for decimals (86,88)."""
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",")


def _delta(value) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return sign + _n(value)


def _subject(framework: IndexFramework) -> str:
    return (
        f"Phê duyệt và công bố kết quả Chỉ số cải cách hành chính năm {framework.year} "
        f"của {framework.get_assessed_kind_display().lower()}"
    )


def ranking_docx(framework: IndexFramework, rows: list[ResultRow]) -> bytes:
    issuer = official.issuer_for(framework.owner)
    doc = official.new_document(title=_subject(framework))
    day = framework.decision_date or timezone.localdate()
    number = framework.decision_number or f"      /QĐ-{issuer.symbol}"
    official.add_header(doc, issuer, number=number, dateline=official.place_and_date(issuer.place, day))
    official.add_title(doc, "QUYẾT ĐỊNH", _subject(framework))
    official.add_paragraph(
        doc,
        f"Căn cứ {framework.legal_basis};"
        if framework.legal_basis
        else "Căn cứ Bộ chỉ số cải cách hành chính;",
        italic=True,
    )
    official.add_paragraph(
        doc, "Theo đề nghị của Hội đồng thẩm định Chỉ số cải cách hành chính.", italic=True
    )
    official.add_heading(doc, "QUYẾT ĐỊNH:", centred=True, indent=False)
    official.add_paragraph(
        doc,
        f"Phê duyệt và công bố kết quả Chỉ số cải cách hành chính năm {framework.year} của "
        f"{len(rows)} đơn vị (chi tiết tại Phụ lục kèm theo).",
        lead="Điều 1. ",
    )
    official.add_paragraph(
        doc,
        "Kết quả Chỉ số cải cách hành chính là căn cứ đánh giá, xếp loại mức độ hoàn thành nhiệm vụ "
        "và bình xét thi đua, khen thưởng năm của các cơ quan, đơn vị.",
        lead="Điều 2. ",
    )
    official.add_paragraph(
        doc,
        "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này.",
        lead="Điều 3. ",
    )
    official.add_recipients_and_signature(
        doc,
        recipients=["Như Điều 3;", "Bộ Nội vụ (để b/c);", "Lưu: VT."],
        signer_title="Chủ tịch",
        signer_name="",
        on_behalf="TM. ỦY BAN NHÂN DÂN" if issuer.is_committee else "",
    )
    official.add_section(doc, landscape=True)
    official.add_title(doc, "PHỤ LỤC", f"Kết quả Chỉ số cải cách hành chính năm {framework.year}", before=0)
    columns = official.scale_columns(
        [
            official.Column("Xếp hạng", 1.8, "centre"),
            official.Column("Đơn vị", 8.0),
            official.Column("Tổng điểm", 2.2, "centre"),
            official.Column("Điểm tối đa áp dụng", 2.2, "centre"),
            official.Column("Chỉ số (%)", 2.2, "centre"),
            official.Column("Xếp loại", 5.0),
            official.Column("Năm trước (%)", 2.4, "centre"),
            official.Column("Tăng, giảm", 2.2, "centre"),
        ],
        official.text_width_cm(doc),
    )
    official.add_table(
        doc,
        official.TableSpec(
            columns=columns,
            rows=[
                [
                    str(r.rank),
                    r.unit_name,
                    _n(r.total),
                    _n(r.applicable_max),
                    _n(r.percent),
                    r.classification,
                    _n(r.previous_percent),
                    _delta(r.delta),
                ]
                for r in rows
            ],
        ),
    )
    _add_applicability_notes(doc, framework, rows)
    return official.to_bytes(doc)


def _left_out(rows: list[ResultRow]) -> str:
    return "; ".join(f"{r.unit_name}: {', '.join(r.not_applicable)}" for r in rows if r.not_applicable)


def _add_applicability_notes(doc, framework: IndexFramework, rows: list[ResultRow]) -> None:
    """How the index is computed, and which criteria did not apply to which unit (decision 0120)."""
    official.add_paragraph(
        doc,
        f"Chỉ số (%) = Tổng điểm ÷ Điểm tối đa áp dụng × 100; điểm tối đa áp dụng là {_n(framework.max_total)} "
        "điểm trừ điểm tối đa của các tiêu chí không áp dụng đối với đơn vị.",
        lead="Ghi chú: ",
        italic=True,
    )
    left_out = _left_out(rows)
    if left_out:
        official.add_paragraph(doc, left_out + ".", lead="Tiêu chí không áp dụng: ", italic=True)


def ranking_xlsx(framework: IndexFramework, rows: list[ResultRow]) -> bytes:
    book = xlsx.new_workbook()
    sheet = xlsx.add_sheet(book, f"Xếp hạng {framework.year}")
    areas = list(framework.criteria.filter(parent__isnull=True).order_by("order"))
    columns = [
        xlsx.Col("Xếp hạng", 9, "0", align="center"),
        xlsx.Col("Đơn vị", 40),
        *[xlsx.Col(f"{a.code}. {a.title} ({_n(a.max_points)})", 14, "0.00") for a in areas],
        xlsx.Col("Tổng điểm", 11, "0.00"),
        xlsx.Col("Điểm tối đa áp dụng", 11, "0.00"),
        xlsx.Col("Chỉ số (%)", 11, "0.00"),
        xlsx.Col("Xếp loại", 28),
        xlsx.Col("Năm trước (%)", 12, "0.00"),
        xlsx.Col("Tăng, giảm", 11, "+0.00;-0.00;0.00"),
        xlsx.Col("Tiêu chí không áp dụng", 24),
    ]
    start = xlsx.write_title(
        sheet, [_subject(framework).upper(), framework.decision_number or ""], width=len(columns)
    )
    xlsx.write_table(
        sheet,
        columns,
        [
            [
                r.rank,
                r.unit_name,
                *[float(r.areas.get(a.pk, 0)) for a in areas],
                float(r.total),
                float(r.applicable_max),
                float(r.percent),
                r.classification,
                float(r.previous_percent) if r.previous_percent is not None else None,
                float(r.delta) if r.delta is not None else None,
                ", ".join(r.not_applicable),
            ]
            for r in rows
        ],
        start_row=start,
    )
    return xlsx.to_bytes(book)
