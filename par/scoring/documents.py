"""The decision approving the index results and ranking (DOCX in the Decree 30/2020 layout) and its table as a
workbook. Vietnamese whatever the user's language: it is the document the office signs and sends.

A draft (the ranking as it stands) carries "DỰ THẢO" under its number and leaves the number and date blank; a
published decision is written from its snapshot alone, so it reads the same every time it is downloaded
(decision 0110). A unit not yet approved is "Chưa đánh giá" and an excluded one "Không xếp hạng": neither gets a
rank or a classification.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from docx.enum.text import WD_ALIGN_PARAGRAPH

from par.documents import official, xlsx
from par.scoring.models import IndexFramework, RankingPublication, ResultStatus

DRAFT_MARK = "DỰ THẢO"
NOT_ASSESSED = "Chưa đánh giá"
EXCLUDED = "Không xếp hạng"


@dataclass
class Decision:
    """What a decision document says: a draft of the next decision, or a published one."""

    framework: IndexFramework
    rows: list  # RankingLine (draft) or PublishedResult (published), ranked units first
    draft: bool = True
    number: str = ""
    day: dt.date | None = None
    signer_name: str = ""
    signer_title: str = ""
    corrects: RankingPublication | None = None
    correction_reason: str = ""
    area_codes: list[str] = field(default_factory=list)
    # The framework's maximum as the decision states it (the snapshot's for a published one).
    max_total: Decimal | None = None

    def __post_init__(self) -> None:
        if self.max_total is None:
            self.max_total = self.framework.max_total


def draft_decision(framework: IndexFramework, lines: list, *, corrects=None) -> Decision:
    return Decision(framework=framework, rows=lines, draft=True, corrects=corrects)


def published_decision(publication: RankingPublication, rows: list) -> Decision:
    return Decision(
        framework=publication.framework,
        rows=rows,
        draft=False,
        number=publication.decision_number,
        day=publication.decision_date,
        signer_name=publication.signer_name,
        signer_title=publication.signer_title,
        corrects=publication.corrects,
        correction_reason=publication.correction_reason,
        max_total=publication.max_total,
    )


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


def standing(row) -> str:
    """The classification column: the class of a ranked unit, else why it has none."""
    if row.status == ResultStatus.RANKED:
        return row.classification
    if row.status == ResultStatus.EXCLUDED:
        return f"{EXCLUDED} ({row.reason})" if row.reason else EXCLUDED
    return NOT_ASSESSED


def _subject(decision: Decision) -> str:
    framework = decision.framework
    what = (
        f"kết quả Chỉ số cải cách hành chính năm {framework.year} "
        f"của {framework.get_assessed_kind_display().lower()}"
    )
    if decision.corrects is not None:
        return f"Điều chỉnh {what}"
    return f"Phê duyệt và công bố {what}"


def _earlier(decision: Decision) -> str:
    earlier = decision.corrects
    assert earlier is not None
    return f"Quyết định số {earlier.decision_number} ngày {earlier.decision_date:%d/%m/%Y}"


def ranking_docx(decision: Decision) -> bytes:
    framework = decision.framework
    issuer = official.issuer_for(framework.owner)
    subject = _subject(decision)
    doc = official.new_document(title=f"{DRAFT_MARK} – {subject}" if decision.draft else subject)
    number = decision.number or f"      /QĐ-{issuer.symbol}"
    official.add_header(
        doc,
        issuer,
        number=number,
        dateline=official.place_and_date(issuer.place, decision.day),
        draft=decision.draft,
    )
    official.add_title(doc, "QUYẾT ĐỊNH", subject)
    official.add_paragraph(
        doc,
        f"Căn cứ {framework.legal_basis};"
        if framework.legal_basis
        else "Căn cứ Bộ chỉ số cải cách hành chính;",
        italic=True,
    )
    if decision.corrects is not None:
        official.add_paragraph(
            doc,
            f"Căn cứ {_earlier(decision)} phê duyệt và công bố kết quả Chỉ số cải cách hành chính năm "
            f"{framework.year};",
            italic=True,
        )
    official.add_paragraph(
        doc, "Theo đề nghị của Hội đồng thẩm định Chỉ số cải cách hành chính.", italic=True
    )
    official.add_heading(doc, "QUYẾT ĐỊNH:", centred=True, indent=False)
    ranked = sum(1 for r in decision.rows if r.status == ResultStatus.RANKED)
    if decision.corrects is not None:
        first = (
            f"Điều chỉnh kết quả Chỉ số cải cách hành chính năm {framework.year} đã công bố tại "
            f"{_earlier(decision)}"
            + (f" (lý do: {decision.correction_reason})" if decision.correction_reason else "")
            + f"; kết quả sau điều chỉnh của {ranked} đơn vị chi tiết tại Phụ lục kèm theo."
        )
    else:
        first = (
            f"Phê duyệt và công bố kết quả Chỉ số cải cách hành chính năm {framework.year} của "
            f"{ranked} đơn vị (chi tiết tại Phụ lục kèm theo)."
        )
    official.add_paragraph(doc, first, lead="Điều 1. ")
    official.add_paragraph(
        doc,
        "Kết quả Chỉ số cải cách hành chính là căn cứ đánh giá, xếp loại mức độ hoàn thành nhiệm vụ "
        "và bình xét thi đua, khen thưởng năm của các cơ quan, đơn vị.",
        lead="Điều 2. ",
    )
    replaces = f" và thay thế {_earlier(decision)}" if decision.corrects is not None else ""
    official.add_paragraph(
        doc,
        f"Quyết định này có hiệu lực kể từ ngày ký{replaces}. Thủ trưởng các cơ quan, đơn vị có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        lead="Điều 3. ",
    )
    title = decision.signer_title or "Chủ tịch"
    if issuer.is_committee and title.lower().startswith("phó chủ tịch"):
        # Decree 30/2020, Appendix I: a vice-chairman signs "KT. CHỦ TỊCH" above his own title.
        title = f"KT. Chủ tịch\n{title}"
    official.add_recipients_and_signature(
        doc,
        recipients=["Như Điều 3;", "Bộ Nội vụ (để b/c);", "Lưu: VT."],
        signer_title=title,
        signer_name=decision.signer_name,
        on_behalf="TM. ỦY BAN NHÂN DÂN" if issuer.is_committee else "",
    )
    official.add_section(doc, landscape=True)
    note = (
        f"(Kèm theo Quyết định số {decision.number} ngày {decision.day:%d/%m/%Y})"
        if decision.number and decision.day
        else ""
    )
    official.add_title(
        doc, "PHỤ LỤC", f"Kết quả Chỉ số cải cách hành chính năm {framework.year}", note=note, before=0
    )
    if decision.draft:
        official.add_paragraph(doc, DRAFT_MARK, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
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
            rows=[_docx_row(r) for r in decision.rows],
        ),
    )
    _add_applicability_notes(doc, decision)
    return official.to_bytes(doc)


def _docx_row(r) -> list[str]:
    if r.status != ResultStatus.RANKED:
        return ["—", r.unit_name, "—", "—", "—", standing(r), "—", "—"]
    return [
        str(r.rank),
        r.unit_name,
        _n(r.total),
        _n(r.applicable_max),
        _n(r.percent),
        r.classification,
        _n(r.previous_percent),
        _delta(r.delta),
    ]


def _left_out(rows: list) -> str:
    return "; ".join(
        f"{r.unit_name}: {', '.join(r.not_applicable)}" for r in rows if r.is_ranked and r.not_applicable
    )


def _add_applicability_notes(doc, decision: Decision) -> None:
    """How the index is computed, and which criteria did not apply to which unit (decision 0120)."""
    official.add_paragraph(
        doc,
        f"Chỉ số (%) = Tổng điểm ÷ Điểm tối đa áp dụng × 100; điểm tối đa áp dụng là {_n(decision.max_total)} "
        "điểm trừ điểm tối đa của các tiêu chí không áp dụng đối với đơn vị.",
        lead="Ghi chú: ",
        italic=True,
    )
    left_out = _left_out(decision.rows)
    if left_out:
        official.add_paragraph(doc, left_out + ".", lead="Tiêu chí không áp dụng: ", italic=True)


def ranking_xlsx(decision: Decision) -> bytes:
    framework = decision.framework
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
    heading = [_subject(decision).upper()]
    heading.append(
        DRAFT_MARK if decision.draft else f"Quyết định số {decision.number} ngày {decision.day:%d/%m/%Y}"
    )
    start = xlsx.write_title(sheet, heading, width=len(columns))

    def number(value):
        return float(value) if value is not None else None

    def line(r) -> list:
        if r.status != ResultStatus.RANKED:
            return [
                None,
                r.unit_name,
                *[None for _a in areas],
                None,
                None,
                None,
                standing(r),
                None,
                None,
                None,
            ]
        return [
            r.rank,
            r.unit_name,
            *[number(r.points_of(a.code)) for a in areas],
            number(r.total),
            number(r.applicable_max),
            number(r.percent),
            r.classification,
            number(r.previous_percent),
            number(r.delta),
            ", ".join(r.not_applicable),
        ]

    xlsx.write_table(sheet, columns, [line(r) for r in decision.rows], start_row=start)
    return xlsx.to_bytes(book)
