"""Parse the free-text schedule ("thời gian thực hiện") of a PAR plan task into dated milestones.

Officials type the schedule cell of a plan table by hand: "Quý III/2021.", "Thường xuyên trong năm.",
"- Kế hoạch khảo sát: quý I/2021. - Báo cáo kết quả khảo sát: tháng 11/2021.", "Ngay sau khi các bộ, ngành
hướng dẫn thực hiện.". `parse_schedule` turns such a cell into milestones while keeping the text as written, and
reports in Vietnamese whatever it could not read instead of guessing or dropping it.

Readings chosen where the text is open to more than one (the tests pin each of them):

* A named period is due on its last day: "Quý III/2021" → 30/09/2021, "tháng 6" → 30/06, "Năm 2021" → 31/12.
* "Trước 31/12/2020" / "trước ngày 15/11" is due on that very date, not the day before: in plan tables "trước"
  means "by" (the plans ask for reports "trước ngày 15/12" and accept them on the 15th). The same inclusive
  reading applies to periods: "trước tháng 6" is due 30/06.
* A list or a range of periods collapses to one milestone at the end of the latest one: "Quý I - Quý II/2021",
  "Quý I, II", "từ tháng 3 đến tháng 6" → the end of the last period. A task that is legitimately under way in
  quarter II must not show as overdue on 1 April.
* A period without a year belongs to the plan year (the `year` argument), or to the year the same item names
  ("Trong năm 2022, chậm nhất tháng 10" → 31/10/2022). A bare "năm X" next to a finer deadline is that context,
  not a second milestone.
* Recurring work gets one RECURRING milestone per occurrence in the year: quarterly at each quarter end, monthly
  at each month end, "6 tháng" at 30/06 and 31/12; continuous work ("thường xuyên") gets one at 31/12.
* "đột xuất" (ad hoc, on request) and "sau khi …" are event triggers. An item timed only by an event gets an
  EVENT milestone without a date; an event beside a dated or recurring deadline is kept in `event_trigger` only.
* "đầu năm", "giữa tháng 6", "định kỳ" without a period, a start without an end ("từ quý II", "sau tháng 6") and
  impossible dates ("31/02/2021") give no milestone and a warning.

A package along the parser's seams: `model` (what a schedule is), `text` (cleaning and patterns), `tokens` (what
each pattern reads) and `parser` (items into milestones). Callers import from `par.plans.schedule`.
"""

from par.plans.schedule.model import (
    MILESTONE_KIND_LABELS,
    RECURRENCE_LABELS,
    Milestone,
    MilestoneKind,
    Recurrence,
    Schedule,
    format_due,
)
from par.plans.schedule.parser import parse_schedule

__all__ = [
    "MILESTONE_KIND_LABELS",
    "RECURRENCE_LABELS",
    "Milestone",
    "MilestoneKind",
    "Recurrence",
    "Schedule",
    "format_due",
    "parse_schedule",
]
