"""Demo reports: the national model template, Thanh Hóa's own version of it, the province's periods of this year
and last year on that version, and the third-quarter reports of a ward (approved, with the Bỉm Sơn quarter I 2017
report's procedure and staff figures), a department (submitted), Home Affairs (draft) and the province (draft,
with its external indices). Idempotent: the second run writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from par.reporting import actions
from par.reporting.defaults import DEFAULT_CODE
from par.reporting.models import PeriodKind, Rank, Report, ReportingPeriod, ReportTemplate
from par.reporting.setup_actions import (
    do_create_periods,
    do_install_default_template,
    do_new_template_version,
    do_save_template_part,
)

# Loaded by `manage.py load_demo` after the apps named here (decision 0118): the ward's report is filled with
# the inspection findings, and its appendices read the plan and the one-stop data.
AFTER: tuple[str, ...] = ("plans", "dossiers", "petitions", "portal", "inspections")

D = Decimal
# Appendix 4 and 6 of the Bỉm Sơn quarter I 2017 report (Bỉm Sơn, quarter I 2017): (appendix, row code) → {column: value}.
FIGURES = {
    (4, "tthc_trong_bo"): {"total": D(2738), "province": D(2285), "commune": D(149)},
    (4, "tthc_cong_khai"): {"total": D(1811), "province": D(1276), "district": D(216), "commune": D(108)},
    (4, "tthc_mot_cua"): {"total": D(339), "district": D(225), "commune": D(90), "percent": D(95)},
    (6, "cong_chuc_cap_xa"): {"total": D(78), "percent": D("95.12"), "note": "(Tháng 01/2017)"},
    (6, "cbcc_dat_chuan"): {"total": D(158), "percent": D(100)},
    (6, "cbcc_boi_duong"): {"total": D(240), "percent": D(151)},
}
# The province's PAR index as its 2016 annual report states it ("86,88/100 điểm (đứng vị trí 20/63 tỉnh, thành
# phố)"), the one published result in the shipped sources: typed rows of appendix 7, with the year in the note.
INDICES = {
    (7, "par_index"): {"total": D("86.88"), "note": "Kết quả năm 2015"},
    (7, "par_index_hang"): {"total": Rank(20, 63), "note": "Kết quả năm 2015"},
}
TEXTS = {
    "Công tác chỉ đạo, điều hành cải cách hành chính": "Ủy ban nhân dân ban hành Kế hoạch cải cách hành chính năm, phân công rõ đơn vị chủ trì từng nhiệm vụ.",
    "Về kế hoạch cải cách hành chính": "Ủy ban nhân dân phường ban hành Kế hoạch cải cách hành chính năm và triển khai đầy đủ các nhiệm vụ.",
    "Cải cách thể chế": "Rà soát văn bản quy phạm pháp luật theo kế hoạch; không phát hiện văn bản trái quy định.",
    "Cải cách thủ tục hành chính": "Niêm yết công khai đầy đủ thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả.",
    "Cải cách tổ chức bộ máy hành chính nhà nước": "Kiện toàn tổ chức bộ máy sau sắp xếp đơn vị hành chính.",
    "Cải cách chế độ công vụ": "Bố trí công chức theo vị trí việc làm; cử công chức tham gia bồi dưỡng nghiệp vụ.",
    "Cải cách tài chính công": "Thực hiện quy chế chi tiêu nội bộ và công khai ngân sách theo quy định.",
    "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số": "Tiếp nhận hồ sơ trực tuyến và số hóa kết quả giải quyết thủ tục hành chính.",
    "Đánh giá chung": "Các nhiệm vụ trong kỳ cơ bản hoàn thành đúng tiến độ.",
    "Phương hướng, nhiệm vụ cải cách hành chính trong thời gian tới": "Tiếp tục nâng tỷ lệ hồ sơ trực tuyến và giải quyết đúng hạn.",
    "Kiến nghị, đề xuất": "Đề nghị tỉnh mở lớp tập huấn nghiệp vụ cho công chức làm việc tại Bộ phận một cửa.",
}


def write(report: Report, *, actor=None) -> Report:
    """Write the demo text in each section of the report's outline that has one."""
    texts = {s.pk: TEXTS[s.title] for s in report.template.sections.all() if s.title in TEXTS}
    return actions.do_save_sections(report, texts=texts, expected_version=report.version, actor=actor)


def fill(report: Report, figures=FIGURES, *, actor=None) -> Report:
    """Enter `figures` in the report's appendices through the action, one appendix at a time."""
    tables = {t.number: t for t in report.template.tables.all()}
    by_table: dict[int, dict] = {}
    for (number, code), row in figures.items():
        element = tables[number].elements.get(code=code)
        for column, value in row.items():
            by_table.setdefault(number, {})[(element.pk, column)] = value
    for number, cells in by_table.items():
        report = actions.do_save_values(
            report, tables[number], cells=cells, expected_version=report.version, actor=actor
        )
    return report


def province_template(province) -> ReportTemplate:
    """The province's own version of the national model (made once: a province issues its own form)."""
    own = ReportTemplate.objects.filter(province=province, code=DEFAULT_CODE).order_by("-revision").first()
    if own is not None:
        return own
    national, _created = do_install_default_template(actor=None)
    own = do_new_template_version(national, province=province, actor=None)
    own.name = f"Báo cáo cải cách hành chính định kỳ của {province.name[:1].lower()}{province.name[1:]}"
    return do_save_template_part(own, actor=None)


def load_demo(units: dict, stdout) -> None:
    province = units["province"]
    template = province_template(province)
    today = timezone.localdate()
    for year in (today.year - 1, today.year):
        do_create_periods(province=province, year=year, template=template, actor=None)
    # The latest third quarter whose deadline has passed.
    year = today.year if today.month >= 10 else today.year - 1
    period = ReportingPeriod.objects.get(province=province, kind=PeriodKind.QUARTER, quarter=3, year=year)
    if Report.objects.filter(period=period).exists():
        return
    ward = actions.do_create_report(unit=units["ward"], period=period, actor=None)
    ward = write(fill(ward))
    ward = actions.do_submit_report(ward, expected_version=ward.version, actor=None)
    actions.do_approve_report(ward, expected_version=ward.version, actor=None)
    justice = actions.do_create_report(unit=units["justice"], period=period, actor=None)
    actions.do_autofill(justice, actor=None)
    justice = fill(
        Report.objects.get(pk=justice.pk), {(5, "van_de_ra_soat_vbqppl"): {"total": D(12), "done": D(9)}}
    )
    justice = write(justice)
    actions.do_submit_report(justice, expected_version=justice.version, actor=None)
    actions.do_create_report(unit=units["home_affairs"], period=period, actor=None)
    # The province's own report, filled from live data, so that its roll-up has the province's figures too, and
    # with its external indices.
    own = actions.do_create_report(unit=province, period=period, actor=None)
    actions.do_autofill(own, actor=None)
    fill(Report.objects.get(pk=own.pk), INDICES)
    stdout.write(
        f"Demo reports: {period.name} on {template} (ward approved, Sở Tư pháp submitted, Sở Nội vụ and the "
        "province draft)"
    )
