"""The schedule parser reads "thời gian thực hiện" cells the way a PAR officer reads them.

Pure Python: no database, no Django settings. The plan year is 2021 unless a test says otherwise, as in the
Thanh Hóa PAR plan 2021 (Decision 5476/QĐ-UBND of 24/12/2020) whose appendix cells are copied verbatim below.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from par.plans.schedule import (
    MILESTONE_KIND_LABELS,
    RECURRENCE_LABELS,
    MilestoneKind,
    Recurrence,
    Schedule,
    format_due,
    parse_schedule,
)

PLAN_YEAR = 2021
DATE = MilestoneKind.DATE
MONTH = MilestoneKind.MONTH
QUARTER = MilestoneKind.QUARTER
HALF_YEAR = MilestoneKind.HALF_YEAR
YEAR = MilestoneKind.YEAR
RECURRING = MilestoneKind.RECURRING
EVENT = MilestoneKind.EVENT

QUARTER_ENDS = [date(2021, 3, 31), date(2021, 6, 30), date(2021, 9, 30), date(2021, 12, 31)]
UL = '<ul style="list-style-type: none"> '


def quarterly(label: str) -> list[tuple[str, date | None, MilestoneKind]]:
    return [(label, due, RECURRING) for due in QUARTER_ENDS]


def milestones(schedule: Schedule) -> list[tuple[str, date | None, MilestoneKind]]:
    return [(m.label, m.due, m.kind) for m in schedule.milestones]


def dues(text: str, year: int = PLAN_YEAR) -> list[date | None]:
    return [m.due for m in parse_schedule(text, year).milestones]


# Every distinct schedule cell of the seven appendices of Decision 5476/QĐ-UBND, verbatim (the list markup is the
# converter's, kept because imported cells will carry it too): text, milestones, recurrence, event trigger, and
# how many warnings.
SEED_2021_CELLS = [
    (
        "Thường xuyên trong năm.",
        [("", date(2021, 12, 31), RECURRING)],
        Recurrence.CONTINUOUS,
        None,
        0,
    ),
    ("Quý III/2021.", [("", date(2021, 9, 30), QUARTER)], None, None, 0),
    ("Quý II/2021.", [("", date(2021, 6, 30), QUARTER)], None, None, 0),
    (
        "Báo cáo kết quả thực hiện trong quý IV/2021.",
        [("Báo cáo kết quả thực hiện", date(2021, 12, 31), QUARTER)],
        None,
        None,
        0,
    ),
    (
        # The first bullet names who reports, not when: "định kỳ" without a period is flagged, not guessed.
        UL + "- Báo cáo định kỳ: các sở, ban, ngành cấp tỉnh; UBND cấp huyện, UBND cấp xã. "
        "- Báo cáo tổng hợp toàn tỉnh hàng quý: Sở Thông tin và Truyền thông. ",
        quarterly("Báo cáo tổng hợp toàn tỉnh"),
        Recurrence.QUARTERLY,
        None,
        1,
    ),
    (
        "Báo cáo kết quả định kỳ hàng quý hoặc đột xuất.",
        quarterly("Báo cáo kết quả"),
        Recurrence.QUARTERLY,
        "đột xuất",
        0,
    ),
    (
        "Thực hiện thường xuyên ngay sau khi giải quyết TTHC cho tổ chức, công dân.",
        [("", date(2021, 12, 31), RECURRING)],
        Recurrence.CONTINUOUS,
        "ngay sau khi giải quyết TTHC cho tổ chức, công dân",
        0,
    ),
    (
        "Báo cáo kết quả thực hiện Kế hoạch: định kỳ hàng quý.",
        quarterly("Báo cáo kết quả thực hiện Kế hoạch"),
        Recurrence.QUARTERLY,
        None,
        0,
    ),
    (
        "Báo cáo kết quả thực hiện tháng 12/2021.",
        [("Báo cáo kết quả thực hiện", date(2021, 12, 31), MONTH)],
        None,
        None,
        0,
    ),
    (
        "Ngay sau khi các bộ, ngành hướng dẫn thực hiện.",
        [("", None, EVENT)],
        None,
        "Ngay sau khi các bộ, ngành hướng dẫn thực hiện",
        0,
    ),
    (
        "Báo cáo kết quả thực hiện quý III/2021.",
        [("Báo cáo kết quả thực hiện", date(2021, 9, 30), QUARTER)],
        None,
        None,
        0,
    ),
    (
        UL + "- Kế hoạch khảo sát: quý I/2021. - Báo cáo kết quả khảo sát: tháng 11/2021. ",
        [
            ("Kế hoạch khảo sát", date(2021, 3, 31), QUARTER),
            ("Báo cáo kết quả khảo sát", date(2021, 11, 30), MONTH),
        ],
        None,
        None,
        0,
    ),
    (
        "Dự thảo văn bản trình UBND tỉnh: chậm nhất quý II/2021.",
        [("Dự thảo văn bản trình UBND tỉnh", date(2021, 6, 30), QUARTER)],
        None,
        None,
        0,
    ),
    (
        "Báo cáo kết quả thực hiện: Quý III/2021.",
        [("Báo cáo kết quả thực hiện", date(2021, 9, 30), QUARTER)],
        None,
        None,
        0,
    ),
    (
        "Báo cáo kết quả thực hiện: tháng 12/2021.",
        [("Báo cáo kết quả thực hiện", date(2021, 12, 31), MONTH)],
        None,
        None,
        0,
    ),
    ("Quý IV/2021.", [("", date(2021, 12, 31), QUARTER)], None, None, 0),
    (
        "Báo cáo kết quả triển khai và duy trì kiến trúc chính quyền điện tử: định kỳ hàng quý hoặc đột xuất "
        "theo quy định.",
        quarterly("Báo cáo kết quả triển khai và duy trì kiến trúc chính quyền điện tử"),
        Recurrence.QUARTERLY,
        "đột xuất theo quy định",
        0,
    ),
    (
        "Báo cáo kết quả thực hiện: Định kỳ hàng quý theo quy định hoặc đột xuất.",
        quarterly("Báo cáo kết quả thực hiện"),
        Recurrence.QUARTERLY,
        "đột xuất",
        0,
    ),
    (
        "Báo cáo kết quả thực hiện: Quý II/2021.",
        [("Báo cáo kết quả thực hiện", date(2021, 6, 30), QUARTER)],
        None,
        None,
        0,
    ),
    (
        UL + "- Phương án triển khai: quý I/2021. - Báo cáo kết quả thực hiện: định kỳ hàng quý. ",
        [("Phương án triển khai", date(2021, 3, 31), QUARTER), *quarterly("Báo cáo kết quả thực hiện")],
        Recurrence.QUARTERLY,
        None,
        0,
    ),
    (
        UL + "- Kế hoạch triển khai: Quý I/2021. - Báo cáo kết quả thực hiện: Quý IV/2021. ",
        [
            ("Kế hoạch triển khai", date(2021, 3, 31), QUARTER),
            ("Báo cáo kết quả thực hiện", date(2021, 12, 31), QUARTER),
        ],
        None,
        None,
        0,
    ),
    (
        "Báo cáo định kỳ hàng Quý và đột xuất theo quy định.",
        quarterly("Báo cáo"),
        Recurrence.QUARTERLY,
        "đột xuất theo quy định",
        0,
    ),
    (
        UL + "- Triển khai áp dụng: Thường xuyên trong năm. - Báo cáo kết quả thực hiện: Quý IV/2021. ",
        [
            ("Triển khai áp dụng", date(2021, 12, 31), RECURRING),
            ("Báo cáo kết quả thực hiện", date(2021, 12, 31), QUARTER),
        ],
        Recurrence.CONTINUOUS,
        None,
        0,
    ),
    (
        # Issued on 24/12/2020, the plan asks for the units' own plans before the plan year starts.
        UL + "- Kế hoạch CCHC 2021 của các cơ quan, đơn vị: Trước 31/12/2020. "
        "- Báo cáo kết quả thực hiện: định kỳ hàng quý hoặc đột xuất theo quy định. ",
        [
            ("Kế hoạch CCHC 2021 của các cơ quan, đơn vị", date(2020, 12, 31), DATE),
            *quarterly("Báo cáo kết quả thực hiện"),
        ],
        Recurrence.QUARTERLY,
        "đột xuất theo quy định",
        0,
    ),
    (
        UL + "- Báo cáo tự chấm điểm cùng tài liệu kiểm chứng của các cơ quan, đơn vị: Trước 05/12/2021. "
        "- Báo cáo tổng hợp chỉ số CCHC toàn tỉnh: Trước 31/12/2021. ",
        [
            (
                "Báo cáo tự chấm điểm cùng tài liệu kiểm chứng của các cơ quan, đơn vị",
                date(2021, 12, 5),
                DATE,
            ),
            ("Báo cáo tổng hợp chỉ số CCHC toàn tỉnh", date(2021, 12, 31), DATE),
        ],
        None,
        None,
        0,
    ),
    (
        UL + "- Hợp đồng tuyên truyền: trong năm 2021. "
        "- Báo cáo kết quả thực hiện: định kỳ hàng quý hoặc đột xuất theo quy định. ",
        [("Hợp đồng tuyên truyền", date(2021, 12, 31), YEAR), *quarterly("Báo cáo kết quả thực hiện")],
        Recurrence.QUARTERLY,
        "đột xuất theo quy định",
        0,
    ),
    (
        UL + "- Kế hoạch thanh tra, kiểm tra: Quý I/2021. - Báo cáo kết quả thực hiện: Quý IV/2021. ",
        [
            ("Kế hoạch thanh tra, kiểm tra", date(2021, 3, 31), QUARTER),
            ("Báo cáo kết quả thực hiện", date(2021, 12, 31), QUARTER),
        ],
        None,
        None,
        0,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "recurrence", "trigger", "warning_count"),
    SEED_2021_CELLS,
    ids=[f"seed-{i:02d}" for i in range(1, len(SEED_2021_CELLS) + 1)],
)
def test_every_schedule_cell_of_the_thanh_hoa_2021_plan_parses_as_an_officer_reads_it(
    text, expected, recurrence, trigger, warning_count
):
    schedule = parse_schedule(text, PLAN_YEAR)

    assert milestones(schedule) == expected
    assert schedule.recurrence == recurrence
    assert schedule.event_trigger == trigger
    assert len(schedule.warnings) == warning_count
    assert schedule.original == text


def test_the_seed_table_holds_every_distinct_schedule_cell_of_the_2021_plan_verbatim():
    seed = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "001_442362603b7241c1.txt"
    if not seed.exists():
        pytest.skip("the shared seed documents are not beside this checkout")
    lines = seed.read_text(encoding="utf-8").splitlines()
    appendix = lines[lines.index("KẾ HOẠCH TRIỂN KHAI CÁC NHIỆM VỤ TRỌNG TÂM CẢI CÁCH HÀNH CHÍNH NĂM 2021") :]
    # Rows are tab-separated and some tables carry a stray empty column, but "Thời gian thực hiện" always
    # stands just before the last column, "Ghi chú".
    cells = {line.split("\t")[-2] for line in appendix if "\t" in line and not line.startswith("TT\t")}

    assert cells == {text for text, *_ in SEED_2021_CELLS}


def test_an_unparseable_cell_of_the_seed_is_flagged_in_vietnamese():
    schedule = parse_schedule(SEED_2021_CELLS[4][0], PLAN_YEAR)

    assert schedule.warnings == (
        "Không rõ chu kỳ (hàng tháng, hàng quý, 6 tháng hay hàng năm): “Báo cáo định kỳ: các sở, ban, ngành "
        "cấp tỉnh; UBND cấp huyện, UBND cấp xã”.",
    )


# --- Quarters, months, half-years, years -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Quý I/2021", date(2021, 3, 31)),
        ("Quý II/2021", date(2021, 6, 30)),
        ("Quý III/2021", date(2021, 9, 30)),
        ("Quý IV/2021", date(2021, 12, 31)),
    ],
)
def test_a_quarter_is_due_on_its_last_day(text, due):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, QUARTER)]


def test_a_quarter_without_a_year_falls_in_the_plan_year():
    assert dues("quý I", 2024) == [date(2024, 3, 31)]


def test_a_quarter_of_another_year_keeps_its_own_year():
    assert dues("Quý IV/2020", 2021) == [date(2020, 12, 31)]


@pytest.mark.parametrize(
    "text",
    [
        "Quý III/2021",
        "Quý 3/2021",
        "quý III năm 2021",
        "Quý III - 2021",
        "QUÝ III / 2021",
        "quy III/2021",
        "Quí III/2021",
        "Q.III/2021",
        "Q3/2021",
        "Q III/2021",
        "Quý  III/2021.",
        "Quý\nIII/2021",
        "  quý iii/2021  ",
    ],
)
def test_roman_and_arabic_quarter_numbers_in_any_spelling_mean_the_same_quarter(text):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", date(2021, 9, 30), QUARTER)]


def test_an_abbreviated_quarter_without_a_year_is_read():
    assert dues("Q.III") == [date(2021, 9, 30)]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Tháng 6/2021", date(2021, 6, 30)),
        ("tháng 6", date(2021, 6, 30)),
        ("thang 6", date(2021, 6, 30)),
        ("tháng 02/2021", date(2021, 2, 28)),
        ("tháng 6 năm 2022", date(2022, 6, 30)),
        ("12/2016", date(2016, 12, 31)),
        ("(Tháng 01/2017)", date(2017, 1, 31)),
    ],
)
def test_a_month_is_due_on_its_last_day(text, due):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, MONTH)]


def test_february_of_a_leap_plan_year_ends_on_the_29th():
    assert dues("tháng 2", 2024) == [date(2024, 2, 29)]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Trước 31/12/2020", date(2020, 12, 31)),
        ("trước ngày 15/11", date(2021, 11, 15)),
        ("Trước ngày 15 tháng 11 năm 2021", date(2021, 11, 15)),
        ("trước ngày 04/3/2017", date(2017, 3, 4)),
        ("ngày 04 tháng 01 năm 2017", date(2017, 1, 4)),
        ("Truoc ngay 15/11/2021", date(2021, 11, 15)),
    ],
)
def test_before_a_date_is_due_on_that_date_itself(text, due):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, DATE)]


@pytest.mark.parametrize("text", ["15/11/2021", "15-11-2021", "15.11.2021", "15 / 11 / 2021"])
def test_numeric_dates_accept_slashes_dashes_and_dots(text):
    assert dues(text) == [date(2021, 11, 15)]


def test_a_date_may_omit_leading_zeros():
    assert dues("5/1/2021") == [date(2021, 1, 5)]


def test_before_a_month_is_due_at_the_end_of_that_month():
    assert dues("trước tháng 6") == [date(2021, 6, 30)]


def test_at_the_latest_in_a_quarter_is_due_at_its_end():
    assert milestones(parse_schedule("chậm nhất quý II", PLAN_YEAR)) == [("", date(2021, 6, 30), QUARTER)]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("6 tháng đầu năm", date(2021, 6, 30)),
        ("6 tháng đầu năm 2022", date(2022, 6, 30)),
        ("sáu tháng đầu năm", date(2021, 6, 30)),
        ("nửa đầu năm 2021", date(2021, 6, 30)),
        ("6 tháng cuối năm", date(2021, 12, 31)),
    ],
)
def test_a_half_year_is_due_at_its_end(text, due):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, HALF_YEAR)]


def test_nine_months_end_with_the_third_quarter():
    assert milestones(parse_schedule("9 tháng đầu năm", PLAN_YEAR)) == [("", date(2021, 9, 30), QUARTER)]


@pytest.mark.parametrize(
    "text",
    ["Năm 2021", "Trong năm 2021", "trong năm", "Cả năm", "cuối năm", "TRONG NĂM 2021", "trong nam 2021"],
)
def test_a_year_is_due_on_31_december(text):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", date(2021, 12, 31), YEAR)]


def test_a_multi_year_period_is_due_at_the_end_of_its_last_year():
    assert dues("Giai đoạn 2021 - 2025") == [date(2025, 12, 31)]


def test_a_year_beside_a_finer_deadline_is_the_year_that_deadline_falls_in():
    schedule = parse_schedule("Trong năm 2022, chậm nhất tháng 10", PLAN_YEAR)

    assert milestones(schedule) == [("", date(2022, 10, 31), MONTH)]


def test_a_year_inside_a_product_name_stays_in_the_label():
    schedule = parse_schedule("Kế hoạch CCHC năm 2021 trước 31/12/2020", PLAN_YEAR)

    assert milestones(schedule) == [("Kế hoạch CCHC năm 2021", date(2020, 12, 31), DATE)]


# --- Lists and ranges --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Quý I - Quý II/2021", date(2021, 6, 30)),
        ("Q1-Q2/2021", date(2021, 6, 30)),
        ("Quý IV - Quý I/2022", date(2022, 3, 31)),
        ("Quý I đến Quý II", date(2021, 6, 30)),
    ],
)
def test_a_range_of_quarters_is_due_at_the_end_of_the_latest(text, due):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, QUARTER)]


@pytest.mark.parametrize(
    ("text", "dues"),
    [
        ("Quý I, II", [date(2021, 3, 31), date(2021, 6, 30)]),
        ("Quý II, III, IV/2021", [date(2021, 6, 30), date(2021, 9, 30), date(2021, 12, 31)]),
        ("quý I và quý III năm 2021", [date(2021, 3, 31), date(2021, 9, 30)]),
        ("Quý II/2022 và Quý IV/2022", [date(2022, 6, 30), date(2022, 12, 31)]),
        ("Quý II, Quý III/2022", [date(2022, 6, 30), date(2022, 9, 30)]),
        ("Quý IV/2021 và quý I", [date(2021, 12, 31), date(2022, 3, 31)]),
    ],
)
def test_a_list_of_quarters_gives_every_deadline(text, dues):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, QUARTER) for due in dues]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("từ tháng 3 đến tháng 6", date(2021, 6, 30)),
        ("tháng 3-4/2021", date(2021, 4, 30)),
        ("tháng 10/2021 - tháng 3", date(2022, 3, 31)),
    ],
)
def test_a_range_of_months_is_due_at_the_end_of_the_last(text, due):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, MONTH)]


@pytest.mark.parametrize(
    ("text", "dues"),
    [
        ("tháng 3, 4, 5/2021", [date(2021, 3, 31), date(2021, 4, 30), date(2021, 5, 31)]),
        ("Tháng 3, tháng 9/2022", [date(2022, 3, 31), date(2022, 9, 30)]),
        ("tháng 6 và tháng 12", [date(2021, 6, 30), date(2021, 12, 31)]),
        ("Tháng 6/2022 và tháng 12/2022", [date(2022, 6, 30), date(2022, 12, 31)]),
    ],
)
def test_a_list_of_months_gives_every_deadline(text, dues):
    assert milestones(parse_schedule(text, PLAN_YEAR)) == [("", due, MONTH) for due in dues]


def test_a_list_of_dates_gives_every_deadline_in_the_year_written_last():
    assert dues("30/6 và 31/12/2022") == [date(2022, 6, 30), date(2022, 12, 31)]


def test_the_first_half_and_the_whole_year_are_two_deadlines():
    assert milestones(parse_schedule("6 tháng đầu năm và cả năm", PLAN_YEAR)) == [
        ("", date(2021, 6, 30), HALF_YEAR),
        ("", date(2021, 12, 31), YEAR),
    ]


def test_a_range_of_dates_is_due_on_its_last_date():
    assert milestones(parse_schedule("từ 01/3/2021 đến 30/6/2021", PLAN_YEAR)) == [
        ("", date(2021, 6, 30), DATE)
    ]


def test_a_range_from_a_quarter_to_the_end_of_the_year_is_due_on_31_december():
    assert milestones(parse_schedule("Từ quý II/2021 đến hết năm", PLAN_YEAR)) == [
        ("", date(2021, 12, 31), YEAR)
    ]


def test_a_range_keeps_all_its_words_as_source_text():
    (milestone,) = parse_schedule("từ tháng 3 đến tháng 6", PLAN_YEAR).milestones

    assert milestone.source_text == "từ tháng 3 đến tháng 6"


# --- Recurring and continuous work -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Thường xuyên", "Thường xuyên trong năm", "thuong xuyen", "Thường xuyên, liên tục"]
)
def test_continuous_work_recurs_with_a_final_milestone_on_31_december(text):
    schedule = parse_schedule(text, PLAN_YEAR)

    assert schedule.recurrence == Recurrence.CONTINUOUS
    assert milestones(schedule) == [("", date(2021, 12, 31), RECURRING)]


def test_continuous_work_in_a_named_year_ends_with_that_year():
    assert dues("Thường xuyên trong năm 2022") == [date(2022, 12, 31)]


@pytest.mark.parametrize(
    "text", ["định kỳ hàng quý", "hàng quý", "hằng quý", "Định kỳ hàng Quý", "dinh ky hang quy"]
)
def test_quarterly_work_has_a_milestone_at_each_quarter_end(text):
    schedule = parse_schedule(text, PLAN_YEAR)

    assert schedule.recurrence == Recurrence.QUARTERLY
    assert milestones(schedule) == quarterly("")


def test_quarterly_work_in_a_named_year_falls_in_that_year():
    assert dues("định kỳ hàng quý năm 2022")[-1] == date(2022, 12, 31)


def test_monthly_work_has_a_milestone_at_each_month_end():
    schedule = parse_schedule("hàng tháng", PLAN_YEAR)

    assert schedule.recurrence == Recurrence.MONTHLY
    month_ends = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert [m.due for m in schedule.milestones] == [
        date(2021, i + 1, day) for i, day in enumerate(month_ends)
    ]


@pytest.mark.parametrize(
    "text", ["6 tháng và năm", "định kỳ 6 tháng, năm", "6 tháng một lần", "định kỳ 6 tháng"]
)
def test_semiannual_work_is_due_on_30_june_and_31_december(text):
    schedule = parse_schedule(text, PLAN_YEAR)

    assert schedule.recurrence == Recurrence.SEMIANNUAL
    assert dues(text) == [date(2021, 6, 30), date(2021, 12, 31)]


def test_annual_work_is_due_on_31_december():
    schedule = parse_schedule("hằng năm", PLAN_YEAR)

    assert schedule.recurrence == Recurrence.ANNUAL
    assert dues("hằng năm") == [date(2021, 12, 31)]


def test_the_usual_reporting_cycle_is_quarterly_with_ad_hoc_reports_as_the_trigger():
    # Decision 5476/QĐ-UBND, section V.1.b: "định kỳ hàng quý, 6 tháng, 9 tháng, cả năm hoặc đột xuất".
    schedule = parse_schedule("định kỳ hàng quý, 6 tháng, 9 tháng, cả năm hoặc đột xuất", PLAN_YEAR)

    assert schedule.recurrence == Recurrence.QUARTERLY
    assert [m.due for m in schedule.milestones] == QUARTER_ENDS
    assert schedule.event_trigger == "đột xuất"


def test_the_summary_recurrence_of_mixed_cadences_is_the_most_frequent():
    schedule = parse_schedule("Báo cáo quý: hàng quý; Báo cáo tháng: hàng tháng", PLAN_YEAR)

    assert schedule.recurrence == Recurrence.MONTHLY
    assert len(schedule.milestones) == 4 + 12


# --- Labels, items and events -----------------------------------------------------------------------------


def test_each_named_product_in_a_cell_gets_its_own_milestone():
    schedule = parse_schedule("Kế hoạch khảo sát: quý I/2021; Báo cáo kết quả: tháng 11/2021", PLAN_YEAR)

    assert milestones(schedule) == [
        ("Kế hoạch khảo sát", date(2021, 3, 31), QUARTER),
        ("Báo cáo kết quả", date(2021, 11, 30), MONTH),
    ]
    assert [m.source_text for m in schedule.milestones] == ["quý I/2021", "tháng 11/2021"]


def test_products_on_separate_lines_get_their_own_milestones():
    schedule = parse_schedule("Kế hoạch khảo sát: quý I/2021\nBáo cáo kết quả: tháng 11/2021", PLAN_YEAR)

    assert [m.label for m in schedule.milestones] == ["Kế hoạch khảo sát", "Báo cáo kết quả"]


def test_a_heading_line_names_the_product_of_the_bullets_under_it():
    schedule = parse_schedule("Báo cáo kết quả:\n- Quý II/2021\n- Quý IV/2021", PLAN_YEAR)

    assert milestones(schedule) == [
        ("Báo cáo kết quả", date(2021, 6, 30), QUARTER),
        ("Báo cáo kết quả", date(2021, 12, 31), QUARTER),
    ]


def test_a_phrase_wrapped_over_two_lines_is_read_as_one():
    assert parse_schedule("Thường xuyên\ntrong năm", PLAN_YEAR).recurrence == Recurrence.CONTINUOUS


def test_a_dash_between_named_products_separates_them():
    schedule = parse_schedule("Kế hoạch: Quý I/2021 - Báo cáo: Quý IV/2021", PLAN_YEAR)

    assert [m.label for m in schedule.milestones] == ["Kế hoạch", "Báo cáo"]


def test_the_deadline_words_are_the_source_text_and_the_rest_is_the_label():
    (milestone,) = parse_schedule(
        "Dự thảo văn bản trình UBND tỉnh: chậm nhất quý II/2021.", PLAN_YEAR
    ).milestones

    assert milestone.label == "Dự thảo văn bản trình UBND tỉnh"
    assert milestone.source_text == "chậm nhất quý II/2021"


def test_labels_keep_words_that_fold_like_joining_words():
    (milestone,) = parse_schedule("Hệ thống điện tử: quý II", PLAN_YEAR).milestones

    assert milestone.label == "Hệ thống điện tử"


def test_a_label_that_names_no_product_is_left_empty():
    assert [m.label for m in parse_schedule("Thời gian: quý II/2021", PLAN_YEAR).milestones] == [""]


@pytest.mark.parametrize(
    "text",
    [
        "Ngay sau khi các bộ, ngành hướng dẫn",
        "Sau khi có văn bản hướng dẫn của Trung ương",
        "Khi có yêu cầu",
    ],
)
def test_event_driven_text_gives_an_undated_event_milestone_and_its_trigger(text):
    schedule = parse_schedule(text, PLAN_YEAR)

    assert milestones(schedule) == [("", None, EVENT)]
    assert schedule.event_trigger == text
    assert schedule.warnings == ()


def test_an_event_with_a_deadline_keeps_both():
    schedule = parse_schedule("Sau khi có hướng dẫn của Trung ương, chậm nhất quý III/2021", PLAN_YEAR)

    assert milestones(schedule) == [("", date(2021, 9, 30), QUARTER)]
    assert schedule.event_trigger == "Sau khi có hướng dẫn của Trung ương"


def test_an_ad_hoc_report_on_request_is_an_event_milestone_for_that_report():
    schedule = parse_schedule("Báo cáo đột xuất theo yêu cầu của UBND tỉnh", PLAN_YEAR)

    assert milestones(schedule) == [("Báo cáo", None, EVENT)]
    assert schedule.event_trigger == "đột xuất theo yêu cầu của UBND tỉnh"


def test_list_markup_copied_from_html_is_ignored():
    schedule = parse_schedule(
        "<ul><li>Kế hoạch: quý I/2021</li><li>Báo cáo: quý IV/2021</li></ul>", PLAN_YEAR
    )

    assert [m.label for m in schedule.milestones] == ["Kế hoạch", "Báo cáo"]


# --- Phrasing from the other seed reports (Thanh Hóa 2016 report, Bỉm Sơn Q1/2017 report) ---------------


@pytest.mark.parametrize(
    ("text", "due", "kind"),
    [
        ("tổ chức thực hiện trong Quý IV/2016", date(2016, 12, 31), QUARTER),
        ("Quý 1 năm 2017", date(2017, 3, 31), QUARTER),
        ("trước ngày 04/3/2017", date(2017, 3, 4), DATE),
        ("02/2017", date(2017, 2, 28), MONTH),
        ("Kế hoạch số 06/KH-UBND ngày 04 tháng 01 năm 2017", date(2017, 1, 4), DATE),
    ],
)
def test_phrasing_from_the_other_seed_reports_is_read(text, due, kind):
    assert [(m.due, m.kind) for m in parse_schedule(text, 2017).milestones] == [(due, kind)]


# --- What cannot be read -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("Theo quy định", "Không hiểu được thời hạn: “Theo quy định”."),
        ("Quý V/2021", "Không hiểu được thời hạn: “Quý V/2021”."),
        ("hàng tuần", "Không hiểu được thời hạn: “hàng tuần”."),
        ("Báo cáo 6 tháng", "Không hiểu được thời hạn: “Báo cáo 6 tháng”."),
        ("tháng 13/2021", "Ngày, tháng hoặc quý không hợp lệ: “tháng 13/2021”."),
        ("31/02/2021", "Ngày, tháng hoặc quý không hợp lệ: “31/02/2021”."),
        ("Trước 29/02", "Ngày, tháng hoặc quý không hợp lệ: “Trước 29/02”."),
        ("đầu năm 2021", "Thời hạn không rõ ràng, cần ghi cụ thể tháng, quý hoặc ngày: “đầu năm 2021”."),
        ("giữa tháng 6", "Thời hạn không rõ ràng, cần ghi cụ thể tháng, quý hoặc ngày: “giữa tháng 6”."),
        ("Từ quý II/2021", "Chỉ ghi thời điểm bắt đầu, chưa có thời hạn hoàn thành: “Từ quý II/2021”."),
        ("Sau tháng 6/2021", "Chỉ ghi thời điểm bắt đầu, chưa có thời hạn hoàn thành: “Sau tháng 6/2021”."),
        (
            "Báo cáo định kỳ",
            "Không rõ chu kỳ (hàng tháng, hàng quý, 6 tháng hay hàng năm): “Báo cáo định kỳ”.",
        ),
    ],
)
def test_unreadable_or_ambiguous_text_gives_no_milestone_and_a_vietnamese_warning(text, warning):
    schedule = parse_schedule(text, PLAN_YEAR)

    assert schedule.milestones == ()
    assert schedule.warnings == (warning,)
    assert schedule.original == text


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "<ul> </ul>"])
def test_an_empty_cell_warns_that_no_schedule_was_written(text):
    assert parse_schedule(text, PLAN_YEAR).warnings == ("Chưa ghi thời gian thực hiện.",)


def test_time_words_left_over_beside_a_deadline_are_warned_about_not_dropped():
    schedule = parse_schedule("Quý III/2021 theo Nghị định 61/2018/NĐ-CP", PLAN_YEAR)

    assert dues("Quý III/2021 theo Nghị định 61/2018/NĐ-CP") == [date(2021, 9, 30)]
    assert schedule.warnings == ("Không hiểu được thời hạn: “theo Nghị định 61/2018/NĐ-CP”.",)


def test_one_unreadable_product_does_not_hide_the_others():
    schedule = parse_schedule("Kế hoạch: quý I/2021; Báo cáo: khi thuận lợi", PLAN_YEAR)

    assert milestones(schedule) == [("Kế hoạch", date(2021, 3, 31), QUARTER)]
    assert schedule.warnings == ("Không hiểu được thời hạn: “Báo cáo: khi thuận lợi”.",)


def test_a_plan_year_outside_the_calendar_is_a_programming_error():
    with pytest.raises(ValueError, match="plan year"):
        parse_schedule("Quý I", 0)


# --- Formatting and labels ---------------------------------------------------------------------------------


def test_a_due_date_is_written_day_month_year():
    assert format_due(date(2021, 3, 5)) == "05/03/2021"


def test_every_kind_and_recurrence_has_a_vietnamese_label():
    assert set(MILESTONE_KIND_LABELS) == set(MilestoneKind)
    assert set(RECURRENCE_LABELS) == set(Recurrence)
    assert MilestoneKind.QUARTER.label == "Quý"
    assert Recurrence.CONTINUOUS.label == "Thường xuyên"


def test_a_schedule_is_immutable():
    schedule = parse_schedule("Quý I", PLAN_YEAR)

    with pytest.raises(AttributeError):
        schedule.original = "Quý II"  # type: ignore[misc]


# --- Properties --------------------------------------------------------------------------------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@given(quarter=st.integers(1, 4), year=st.integers(1000, 9999), plan_year=st.integers(1, 9999))
def test_any_quarter_of_any_year_is_due_on_the_last_day_of_that_quarter(quarter, year, plan_year):
    schedule = parse_schedule(f"Quý {ROMAN[quarter]}/{year}", plan_year)

    (milestone,) = schedule.milestones
    assert milestone.kind == QUARTER
    assert milestone.due == date(year, quarter * 3, [31, 30, 30, 31][quarter - 1])
    assert schedule.warnings == ()


@given(month=st.integers(1, 12), year=st.integers(1000, 9999))
def test_any_month_of_any_year_is_due_on_its_last_day(month, year):
    (milestone,) = parse_schedule(f"tháng {month}/{year}", PLAN_YEAR).milestones

    assert milestone.due == date(year, month, calendar.monthrange(year, month)[1])


@given(text=st.text(), year=st.integers(1, 9999))
def test_parsing_any_text_never_raises_and_keeps_the_original(text, year):
    schedule = parse_schedule(text, year)

    assert schedule.original == text
    assert schedule.milestones or schedule.warnings


SCHEDULE_WORDS = [
    "Quý", "quý", "Q.", "I", "II", "III", "IV", "V", "1", "4", "6", "9", "12", "13", "29", "31", "/", "-", "–",
    ".", ",", ":", ";", "\n", "- ", "(", ")", "tháng", "năm", "2021", "9999", "ngày", "trước", "chậm nhất",
    "từ", "đến", "hết", "và", "hoặc", "định kỳ", "hàng", "hằng", "thường xuyên", "trong", "cả", "đầu", "cuối",
    "6 tháng", "sau khi", "đột xuất", "Báo cáo", "Kế hoạch", "<li>", "giai đoạn",
]  # fmt: skip


@given(words=st.lists(st.sampled_from(SCHEDULE_WORDS), max_size=30), year=st.integers(1, 9999))
def test_parsing_schedule_like_text_never_raises_and_every_milestone_is_explained(words, year):
    text = " ".join(words)
    schedule = parse_schedule(text, year)

    assert schedule.original == text
    assert schedule.milestones or schedule.warnings
    for milestone in schedule.milestones:
        assert (milestone.due is None) == (milestone.kind == EVENT)
        assert milestone.source_text


# --- Deadlines counted from an event ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days", "working", "event"),
    [
        ("Trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản", 5, True, "ngày nhận được văn bản"),
        ("trong thời hạn 10 ngày kể từ ngày ký", 10, False, "ngày ký"),
        ("Chậm nhất 15 ngày sau khi kết thúc đợt kiểm tra.", 15, False, "kết thúc đợt kiểm tra"),
    ],
)
def test_a_deadline_counted_from_an_event_keeps_its_days_and_event_and_has_no_date(
    text, days, working, event
):
    (milestone,) = parse_schedule(text, PLAN_YEAR).milestones

    assert (milestone.due, milestone.kind) == (None, MilestoneKind.EVENT)
    assert (milestone.after_days, milestone.working_days, milestone.after_event) == (days, working, event)


def test_a_deadline_counted_from_an_event_is_no_unreadable_text():
    assert (
        parse_schedule("Trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản", PLAN_YEAR).warnings == ()
    )


def test_a_dated_deadline_and_one_counted_from_an_event_are_both_kept():
    schedule = parse_schedule(
        "Quý II/2021; trong vòng 3 ngày làm việc kể từ khi có hướng dẫn của Bộ", PLAN_YEAR
    )

    assert [(m.due, m.after_days) for m in schedule.milestones] == [(date(2021, 6, 30), None), (None, 3)]


# --- Unseen phrasings -----------------------------------------------------------------------------------------
# Written before the parser learnt lists and counted deadlines, from the seeds' schedule column and the issue's
# examples, varied in case, spelling, separators and years; none of them appears above.

UNSEEN = [
    ("Quý I/2023 và quý III/2023", [date(2023, 3, 31), date(2023, 9, 30)], None),
    ("quý 2, quý 4 năm 2021", [date(2021, 6, 30), date(2021, 12, 31)], None),
    ("QUÝ II VÀ QUÝ IV/2021", [date(2021, 6, 30), date(2021, 12, 31)], None),
    ("Báo cáo kết quả thực hiện: Quý II, Quý IV/2021.", [date(2021, 6, 30), date(2021, 12, 31)], None),
    ("tháng 6, tháng 12 năm 2021", [date(2021, 6, 30), date(2021, 12, 31)], None),
    ("Tháng 01 và tháng 07/2022", [date(2022, 1, 31), date(2022, 7, 31)], None),
    ("Trước 15/6 và trước 15/12/2021", [date(2021, 6, 15), date(2021, 12, 15)], None),
    ("ngày 30/6/2021 và ngày 31/12/2021", [date(2021, 6, 30), date(2021, 12, 31)], None),
    ("6 tháng đầu năm và cả năm 2021", [date(2021, 6, 30), date(2021, 12, 31)], None),
    ("Quý I đến Quý III/2021", [date(2021, 9, 30)], None),
    ("Trong vòng 07 ngày làm việc kể từ ngày có kết quả thẩm định", [None], (7, True)),
    ("Trong thời hạn 30 ngày kể từ ngày Quyết định có hiệu lực", [None], (30, False)),
    ("- Trình UBND tỉnh: trong vòng 10 ngày làm việc kể từ khi nhận đủ hồ sơ.", [None], (10, True)),
]


@pytest.mark.parametrize(("text", "expected", "counted"), UNSEEN)
def test_unseen_phrasings_give_every_deadline(text, expected, counted):
    schedule = parse_schedule(text, PLAN_YEAR)

    assert [m.due for m in schedule.milestones] == expected
    assert schedule.warnings == ()
    if counted:
        assert (schedule.milestones[0].after_days, schedule.milestones[0].working_days) == counted
