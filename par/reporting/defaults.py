"""The national model report template and the default periods of a province's year (MoHA letter 581/BNV-CCHC).

The template is the outline and the six appendices of a town's quarterly report (the Bỉm Sơn quarter I 2017
report), plus a seventh with the province's external indices and an eighth with the results of the one-stop shop
and their rates, and the default document frame. Every row says how it rolls up (docs/decisions/0140). Only data and
unsaved rows here: `setup_actions.do_install_default_template` and `do_create_periods` save them with their audit
rows (the `reporting_defaults` command and the demo call those); a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from par.orgunits.models import AdminLevel, Unit, UnitKind
from par.reporting.models import (
    Aggregation,
    AppendixTable,
    DataElement,
    PercentMode,
    PeriodDeadline,
    PeriodKind,
    ReportingPeriod,
    ReportTemplate,
    TemplateSection,
    TotalRule,
    ValueType,
)

DEFAULT_CODE = "cchc-dinh-ky"
DEFAULT_YEAR = 2017
LEGAL_BASIS = "Công văn số 581/BNV-CCHC của Bộ Nội vụ"
OPENING = (
    "Thực hiện chế độ báo cáo cải cách hành chính định kỳ theo Công văn số 581/BNV-CCHC của Bộ Nội vụ, "
    "{unit} báo cáo kết quả thực hiện cải cách hành chính {period} như sau:"
)

# (number, title, depth, required): the outline of a quarterly, half-year or annual PAR report. A required heading
# is satisfied by text in any of its parts (docs/decisions/0141): the direction of PAR, each of the six reform
# areas, the overall assessment and the tasks ahead must be written; proposals may be left out.
SECTIONS = [
    ("I", "Công tác chỉ đạo, điều hành cải cách hành chính", 0, True),
    ("1", "Về kế hoạch cải cách hành chính", 1, False),
    ("2", "Về tổ chức chỉ đạo, điều hành cải cách hành chính", 1, False),
    ("3", "Về kiểm tra công tác cải cách hành chính", 1, False),
    ("4", "Về công tác tuyên truyền cải cách hành chính", 1, False),
    ("II", "Kết quả thực hiện cải cách hành chính", 0, False),
    ("1", "Cải cách thể chế", 1, True),
    ("2", "Cải cách thủ tục hành chính", 1, True),
    ("3", "Cải cách tổ chức bộ máy hành chính nhà nước", 1, True),
    ("4", "Cải cách chế độ công vụ", 1, True),
    ("5", "Cải cách tài chính công", 1, True),
    ("6", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", 1, True),
    ("III", "Đánh giá chung", 0, True),
    ("1", "Ưu điểm", 1, False),
    ("2", "Hạn chế, tồn tại", 1, False),
    ("3", "Nguyên nhân", 1, False),
    ("IV", "Phương hướng, nhiệm vụ cải cách hành chính trong thời gian tới", 0, True),
    ("V", "Kiến nghị, đề xuất", 0, False),
]

_INDEX = {"aggregation": Aggregation.OWN, "total_rule": TotalRule.FREE, "percent_max": None}
_INDEX_PERCENT = {**_INDEX, "value_type": ValueType.PERCENT, "percent_max": Decimal(100)}
_INDEX_SCORE = {**_INDEX, "value_type": ValueType.DECIMAL}
_INDEX_RANK = {**_INDEX, "value_type": ValueType.RANK}

LEVELS = [
    {"key": "total", "title": "Tổng số"},
    {"key": "province", "title": "Cấp tỉnh"},
    {"key": "district", "title": "Cấp huyện"},
    {"key": "commune", "title": "Cấp xã"},
]
NOTE = {"key": "note", "title": "Ghi chú"}

# How each row rolls up (docs/decisions/0140): a row is a sum unless its options say otherwise.
OWN = {
    "aggregation": Aggregation.OWN
}  # shared by the units (procedures, legal documents): the unit's own figure


def rate(numerator: str, denominator: str) -> dict:
    """A percentage recomputed at every level from two rows of the same appendix."""
    return {
        "aggregation": Aggregation.RATE,
        "rate_numerator": numerator,
        "rate_denominator": denominator,
        "value_type": ValueType.DECIMAL,
    }


# A row of an appendix: (code, label, options), the options being DataElement fields (another row by its code).
RowSpec = tuple[str, str, dict[str, Any]]
# number → (title, label header, columns, rows).
APPENDICES: dict[int, tuple[str, str, list[dict[str, str]], list[RowSpec]]] = {
    1: (
        "Kết quả thực hiện các kế hoạch",
        "Kế hoạch",
        [
            {"key": "issued", "title": "Thời gian ban hành"},
            {"key": "total", "title": "Số nhiệm vụ/ số đơn vị trong kế hoạch"},
            {"key": "done", "title": "Số nhiệm vụ/ đơn vị được hoàn thành theo kế hoạch"},
            NOTE,
        ],
        [
            (
                "ke_hoach_cchc",
                "Kế hoạch cải cách hành chính năm",
                {"source_metric": "plans.tasks_due", "done_metric": "plans.tasks_completed"},
            ),
            (
                "ke_hoach_kiem_tra",
                "Kế hoạch kiểm tra cải cách hành chính năm",
                {
                    "source_metric": "inspections.inspections_planned",
                    "done_metric": "inspections.inspections_done",
                },
            ),
            ("ke_hoach_tuyen_truyen", "Kế hoạch tuyên truyền cải cách hành chính", {}),
            ("ke_hoach_ra_soat_tthc", "Kế hoạch rà soát, đánh giá thủ tục hành chính", {}),
            (
                "ke_hoach_kiem_tra_to_chuc",
                "Kế hoạch kiểm tra, đánh giá tình hình tổ chức và hoạt động của các cơ quan chuyên môn",
                {},
            ),
            ("ke_hoach_dao_tao", "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức", {}),
            ("ke_hoach_cntt", "Kế hoạch ứng dụng công nghệ thông tin", {}),
        ],
    ),
    2: (
        "Thống kê số lượng cơ quan, đơn vị theo các tiêu chí thực hiện cải cách hành chính",
        "Tiêu chí",
        [*LEVELS, NOTE],
        [
            ("tieu_chi_01", "Số cơ quan trong kế hoạch kiểm tra cải cách hành chính được phê duyệt", {}),
            (
                "tieu_chi_02",
                "Số cơ quan được kiểm tra về cải cách hành chính",
                {"source_metric": "inspections.units_inspected"},
            ),
            (
                "tieu_chi_03",
                "Số cơ quan công khai đầy đủ, đúng quy định bộ thủ tục hành chính tại bộ phận tiếp nhận và trả kết quả",
                {},
            ),
            (
                "tieu_chi_04",
                "Số cơ quan chuyên môn trong kế hoạch kiểm tra, đánh giá tình hình tổ chức và hoạt động",
                {},
            ),
            ("tieu_chi_05", "Số cơ quan được kiểm tra, đánh giá tình hình tổ chức và hoạt động", {}),
            ("tieu_chi_06", "Số cơ quan có cơ cấu công chức theo vị trí việc làm được phê duyệt", {}),
            (
                "tieu_chi_07",
                "Số đơn vị sự nghiệp dịch vụ công trực thuộc có cơ cấu viên chức theo vị trí việc làm được phê duyệt",
                {},
            ),
            ("tieu_chi_08", "Số cơ quan hành chính thực hiện đúng cơ cấu công chức được phê duyệt", {}),
            (
                "tieu_chi_09",
                "Số đơn vị sự nghiệp dịch vụ công thực hiện đúng cơ cấu viên chức được phê duyệt",
                {},
            ),
            (
                "tieu_chi_10",
                "Số cơ quan hành chính, đơn vị sự nghiệp dịch vụ công và tương đương thực hiện đúng quy định về tuyển dụng công chức, viên chức",
                {},
            ),
            (
                "tieu_chi_11",
                "Số cơ quan hành chính, đơn vị sự nghiệp dịch vụ công thực hiện đúng quy định về sử dụng, bổ nhiệm, khen thưởng và các chế độ chính sách đối với cán bộ, công chức, viên chức",
                {},
            ),
            (
                "tieu_chi_12",
                "Số cơ quan hành chính (tỉnh, huyện, xã) thực hiện cơ chế khoán biên chế và kinh phí hành chính",
                {},
            ),
            (
                "tieu_chi_13",
                "Số cơ quan hành chính (tỉnh, huyện, xã) ban hành quy chế chi tiêu nội bộ để triển khai cơ chế khoán biên chế và kinh phí hành chính",
                {},
            ),
            (
                "tieu_chi_14",
                "Số cơ quan hành chính (tỉnh, huyện, xã) ban hành tiêu chí đánh giá mức độ hoàn thành nhiệm vụ được giao làm căn cứ chi trả thu nhập tăng thêm cho công chức",
                {},
            ),
            (
                "tieu_chi_15",
                "Số đơn vị sự nghiệp cấp tỉnh, cấp huyện thực hiện cơ chế tự chủ, tự chịu trách nhiệm",
                {},
            ),
            (
                "tieu_chi_16",
                "Số đơn vị sự nghiệp công lập cấp tỉnh, cấp huyện ban hành quy chế chi tiêu nội bộ",
                {},
            ),
            (
                "tieu_chi_17",
                "Số đơn vị sự nghiệp công lập cấp tỉnh, cấp huyện ban hành tiêu chí đánh giá mức độ hoàn thành nhiệm vụ được giao làm căn cứ chi trả thu nhập tăng thêm cho người lao động",
                {},
            ),
            (
                "tieu_chi_18",
                "Số tổ chức khoa học và công nghệ công lập cấp tỉnh, cấp huyện được phê duyệt đề án chuyển đổi tổ chức hoạt động",
                {},
            ),
            (
                "tieu_chi_19",
                "Số tổ chức khoa học và công nghệ công lập cấp tỉnh, cấp huyện ban hành quy chế chi tiêu nội bộ",
                {},
            ),
            (
                "tieu_chi_20",
                "Số tổ chức khoa học và công nghệ cấp tỉnh, cấp huyện ban hành tiêu chí đánh giá mức độ hoàn thành nhiệm vụ được giao làm căn cứ chi trả thu nhập tăng thêm cho người lao động",
                {},
            ),
            (
                "tieu_chi_21",
                "Số cơ quan chuyên môn cấp tỉnh và đơn vị hành chính cấp huyện triển khai ứng dụng phần mềm quản lý văn bản",
                {},
            ),
            (
                "tieu_chi_22",
                "Số cơ quan chuyên môn cấp tỉnh và đơn vị hành chính cấp huyện sử dụng mạng nội bộ (mạng LAN) để trao đổi công việc",
                {},
            ),
            (
                "tieu_chi_23",
                "Số cơ quan chuyên môn cấp tỉnh và đơn vị hành chính cấp huyện có Cổng (hoặc Trang) thông tin điện tử",
                {},
            ),
            (
                "tieu_chi_24",
                "Số cơ quan chuyên môn cấp tỉnh và đơn vị hành chính cấp huyện được cấp chứng chỉ ISO",
                {},
            ),
            (
                "tieu_chi_25",
                "Số cơ quan chuyên môn cấp tỉnh và đơn vị hành chính cấp huyện thực hiện đúng quy định ISO trong hoạt động",
                {},
            ),
            (
                "tieu_chi_26",
                "Số cơ quan chuyên môn cấp tỉnh có giải quyết công việc liên quan trực tiếp tới người dân, doanh nghiệp triển khai cơ chế một cửa, cơ chế một cửa liên thông",
                {},
            ),
            (
                "tieu_chi_27",
                "Số đơn vị hành chính cấp huyện triển khai cơ chế một cửa, cơ chế một cửa liên thông",
                {},
            ),
            (
                "tieu_chi_28",
                "Số đơn vị hành chính cấp xã triển khai cơ chế một cửa, cơ chế một cửa liên thông",
                {},
            ),
            (
                "tieu_chi_29",
                "Số cơ quan chuyên môn cấp tỉnh và đơn vị hành chính cấp huyện đạt yêu cầu về cơ sở vật chất, trang thiết bị theo quy định",
                {},
            ),
            ("tieu_chi_30", "Số huyện thực hiện mô hình một cửa hiện đại", {}),
        ],
    ),
    3: (
        "Thống kê số lượng cơ quan, tổ chức",
        "Loại cơ quan",
        [*LEVELS, NOTE],
        [
            ("co_quan_hanh_chinh", "Cơ quan hành chính", {"source_metric": "orgunits.administrative_bodies"}),
            (
                "don_vi_su_nghiep",
                "Đơn vị sự nghiệp công lập (đơn vị sự nghiệp dịch vụ công) trực thuộc",
                {"source_metric": "orgunits.public_service_units"},
            ),
            ("to_chuc_khcn", "Tổ chức khoa học và công nghệ công lập", {}),
        ],
    ),
    4: (
        "Số lượng thủ tục hành chính",
        "Nhiệm vụ/Tiêu chí",
        [*LEVELS, {"key": "percent", "title": "Tỷ lệ % (So với tổng số TTHC trong bộ TTHC)"}, NOTE],
        [
            # The set's total includes procedures of agencies outside the three levels (decision 0050).
            (
                "tthc_trong_bo",
                "Số TTHC trong bộ thủ tục hành chính",
                {**OWN, "total_rule": TotalRule.AT_LEAST, "source_metric": "catalog.procedures_in_force"},
            ),
            (
                "tthc_cong_khai",
                "Số TTHC được công khai đầy đủ, đúng quy định trên Cổng thông tin điện tử hoặc Trang thông tin điện tử của tỉnh",
                {
                    **OWN,
                    "total_rule": TotalRule.AT_LEAST,
                    "not_above": "tthc_trong_bo",
                    "source_metric": "catalog.procedures_published",
                },
            ),
            (
                "tthc_mot_cua",
                "Số lượng các TTHC thực hiện ở địa phương được giải quyết theo cơ chế một cửa",
                {
                    **OWN,
                    "total_rule": TotalRule.AT_LEAST,
                    "not_above": "tthc_trong_bo",
                    "percent_mode": PercentMode.ENTERED,
                    "source_metric": "dossiers.procedures_handled",
                },
            ),
        ],
    ),
    5: (
        "Tổng hợp các vấn đề xử lý trong quá trình triển khai nhiệm vụ cải cách hành chính",
        "Tiêu chí",
        [
            {"key": "total", "title": "Tổng số"},
            {"key": "done", "title": "Đã xử lý/Đã thực hiện"},
            {"key": "percent", "title": "Tỷ lệ % so với tổng số"},
            NOTE,
        ],
        [
            (
                "van_de_sau_kiem_tra",
                "Số vấn đề đặt ra sau kiểm tra cải cách hành chính",
                {
                    "source_metric": "inspections.findings",
                    "done_metric": "inspections.findings_closed",
                    "percent_mode": PercentMode.DONE_OF_TOTAL,
                },
            ),
            (
                "phan_anh_kien_nghi",
                "Số phản ánh, kiến nghị của cá nhân, tổ chức đối với TTHC thuộc thẩm quyền giải quyết của địa phương",
                {
                    "source_metric": "petitions.received",
                    "done_metric": "petitions.answered",
                    "percent_mode": PercentMode.DONE_OF_TOTAL,
                },
            ),
            (
                "van_de_kiem_tra_to_chuc",
                "Số vấn đề đặt ra sau kiểm tra, đánh giá tình hình tổ chức và hoạt động của các cơ quan chuyên môn cấp tỉnh, cấp huyện",
                {"percent_mode": PercentMode.DONE_OF_TOTAL},
            ),
            (
                "van_de_ra_soat_vbqppl",
                "Số vấn đề phát hiện sau khi rà soát văn bản quy phạm pháp luật thực hiện tại địa phương",
                {"percent_mode": PercentMode.DONE_OF_TOTAL},
            ),
            (
                "van_de_kiem_tra_vbqppl",
                "Số vấn đề phát hiện sau khi tiến hành kiểm tra văn bản quy phạm pháp luật tại địa phương",
                {"percent_mode": PercentMode.DONE_OF_TOTAL},
            ),
            (
                "quy_dinh_phan_cap",
                "Số quy định của Chính phủ về phân cấp được thực hiện ở địa phương",
                {**OWN, "percent_mode": PercentMode.DONE_OF_TOTAL},
            ),
            (
                "vbqppl_trien_khai",
                "Số văn bản quy phạm pháp luật được tổ chức triển khai thực hiện tại địa phương (tổng số các văn bản của các ngành, lĩnh vực)",
                {**OWN, "percent_mode": PercentMode.DONE_OF_TOTAL},
            ),
            (
                "vbqppl_duoc_kiem_tra",
                "Số văn bản quy phạm pháp luật thực hiện tại địa phương được kiểm tra (tổng số các văn bản của các ngành, lĩnh vực)",
                {**OWN, "percent_mode": PercentMode.DONE_OF_TOTAL},
            ),
            (
                "van_de_kiem_tra_thuc_hien_vbqppl",
                "Số vấn đề phát hiện qua kiểm tra việc thực hiện văn bản quy phạm pháp luật tại địa phương",
                {"percent_mode": PercentMode.DONE_OF_TOTAL},
            ),
        ],
    ),
    6: (
        "Cán bộ, công chức cấp xã",
        "Tiêu chí",
        [{"key": "total", "title": "Tổng số"}, {"key": "percent", "title": "Tỷ lệ % so với tổng số"}, NOTE],
        [
            (
                "cong_chuc_cap_xa",
                "Số lượng công chức cấp xã",
                {"percent_mode": PercentMode.ENTERED, "total_rule": TotalRule.FREE},
            ),
            (
                "cbcc_dat_chuan",
                "Số lượng cán bộ, công chức cấp xã đạt chuẩn theo quy định",
                {"percent_mode": PercentMode.ENTERED, "total_rule": TotalRule.FREE},
            ),
            # Trainings are counted in person-times (lượt): more than 100 % of the staff is normal.
            (
                "cbcc_boi_duong",
                "Số cán bộ, công chức cấp xã được bồi dưỡng chuyên môn, nghiệp vụ trong năm",
                {
                    "percent_mode": PercentMode.ENTERED,
                    "total_rule": TotalRule.FREE,
                    "unit_label": "lượt",
                    "percent_max": None,
                },
            ),
        ],
    ),
    # Published results of the indices that rate the province (imported from their publications, never
    # computed here): typed rows, a result and a rank "n/N" each (decision 0134). Not added up in roll-ups:
    # the province's own figure, a rank as its "n/N" (decision 0140).
    7: (
        "Kết quả các chỉ số đánh giá của tỉnh",
        "Chỉ số",
        [{"key": "total", "title": "Kết quả"}, NOTE],
        [
            ("par_index", "Chỉ số cải cách hành chính (PAR INDEX), %", _INDEX_PERCENT),
            ("par_index_hang", "Xếp hạng Chỉ số cải cách hành chính", _INDEX_RANK),
            ("sipas", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS), %", _INDEX_PERCENT),
            ("sipas_hang", "Xếp hạng Chỉ số hài lòng về sự phục vụ hành chính", _INDEX_RANK),
            ("papi", "Chỉ số Hiệu quả quản trị và hành chính công cấp tỉnh (PAPI), điểm", _INDEX_SCORE),
            ("papi_hang", "Xếp hạng Chỉ số PAPI", _INDEX_RANK),
            ("pci", "Chỉ số Năng lực cạnh tranh cấp tỉnh (PCI), điểm", _INDEX_SCORE),
            ("pci_hang", "Xếp hạng Chỉ số PCI", _INDEX_RANK),
        ],
    ),
    8: (
        "Kết quả giải quyết hồ sơ thủ tục hành chính",
        "Tiêu chí",
        [*LEVELS, NOTE],
        [
            (
                "hs_tiep_nhan",
                "Số hồ sơ thủ tục hành chính đã tiếp nhận",
                {"source_metric": "dossiers.received"},
            ),
            (
                "hs_tiep_nhan_truc_tuyen",
                "Số hồ sơ tiếp nhận trực tuyến",
                {"not_above": "hs_tiep_nhan", "source_metric": "dossiers.received_online"},
            ),
            (
                "ty_le_truc_tuyen",
                "Tỷ lệ hồ sơ tiếp nhận trực tuyến (%)",
                rate("hs_tiep_nhan_truc_tuyen", "hs_tiep_nhan"),
            ),
            ("hs_giai_quyet", "Số hồ sơ đã giải quyết", {"source_metric": "dossiers.resolved"}),
            (
                "hs_dung_han",
                "Số hồ sơ giải quyết trước hạn và đúng hạn",
                {"not_above": "hs_giai_quyet", "source_metric": "dossiers.resolved_on_time"},
            ),
            (
                "ty_le_dung_han",
                "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn (%)",
                rate("hs_dung_han", "hs_giai_quyet"),
            ),
        ],
    ),
}
# Appendices filled in only by some kinds of unit (empty: every unit).
APPENDIX_KINDS = {7: [UnitKind.PROVINCE]}

ROW_REFERENCES = ("not_above", "percent_base", "rate_numerator", "rate_denominator")


TEMPLATE_FIELDS = {
    "name": "Báo cáo cải cách hành chính định kỳ",
    "legal_basis": LEGAL_BASIS,
    "opening": OPENING,
}


def default_sections(template: ReportTemplate) -> list[TemplateSection]:
    """The outline of the national model, unsaved."""
    return [
        TemplateSection(
            template=template, order=i, number=number, title=title, depth=depth, required=required
        )
        for i, (number, title, depth, required) in enumerate(SECTIONS, start=1)
    ]


def default_table(template: ReportTemplate, number: int) -> AppendixTable:
    """Appendix `number` of the national model, unsaved (its rows: `default_rows`)."""
    title, label_header, columns, _rows = APPENDICES[number]
    return AppendixTable(
        template=template,
        number=number,
        title=title,
        label_header=label_header,
        columns=columns,
        unit_kinds=APPENDIX_KINDS.get(number, []),
    )


def default_rows(table: AppendixTable, saved: dict[str, DataElement]) -> Iterator[DataElement]:
    """The rows of a national appendix, unsaved, in order. A row refers only to rows above it, so the caller
    saves each before taking the next and keeps it in `saved` by code, where the next rows find it."""
    for order, (code, label, options) in enumerate(APPENDICES[table.number][3], start=1):
        fields = {key: saved[value] if key in ROW_REFERENCES else value for key, value in options.items()}
        fields.setdefault("value_type", ValueType.INTEGER)
        yield DataElement(table=table, order=order, number=f"{order}.", code=code, label=label, **fields)


# kind, quarter, name, window start (month, day, previous year?), cut-off (month, day), due (month, day)
PERIOD_RULES = [
    (PeriodKind.QUARTER, 1, "Quý I năm {year}", (12, 15, True), (3, 14), (3, 20)),
    (PeriodKind.HALF_YEAR, None, "6 tháng đầu năm {year}", (12, 15, True), (6, 14), (6, 20)),
    (PeriodKind.QUARTER, 3, "Quý III năm {year}", (6, 15, False), (9, 14), (9, 20)),
    (PeriodKind.NINE_MONTHS, None, "9 tháng năm {year}", (12, 15, True), (9, 14), (9, 20)),
    (PeriodKind.YEAR, None, "Năm {year}", (12, 15, True), (12, 14), (12, 20)),
]
# Units report to the province a few days before it reports to the Ministry (decision 0051); editable.
UNIT_DUE_DAY = 16


def default_periods(year: int, *, province: Unit, template: ReportTemplate) -> list[ReportingPeriod]:
    """The province's default periods of `year` on `template`, unsaved, with their windows."""
    return [
        ReportingPeriod(
            province=province,
            template=template,
            kind=kind,
            year=year,
            quarter=quarter,
            name=label.format(year=year),
            start=dt.date(year - 1 if previous else year, sm, sd),
            cutoff=dt.date(year, cm, cd),
            due_date=dt.date(year, dm, dd),
            legal_basis=LEGAL_BASIS,
        )
        for kind, quarter, label, (sm, sd, previous), (cm, cd), (dm, dd) in PERIOD_RULES
    ]


def default_deadlines(period: ReportingPeriod) -> list[PeriodDeadline]:
    """The units' deadlines of a default period by level, unsaved: a few days before the province's own."""
    due = dt.date(period.year, period.due_date.month, UNIT_DUE_DAY)
    return [PeriodDeadline(period=period, level=level, due_date=due) for level in AdminLevel.values]
