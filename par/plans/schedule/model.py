"""What a parsed schedule is: its milestones, their kinds and recurrences, and the Vietnamese warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class MilestoneKind(StrEnum):
    """How precisely the text named a milestone's deadline."""

    DATE = "date"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    RECURRING = "recurring"
    EVENT = "event"

    @property
    def label(self) -> str:
        """The Vietnamese name shown to officials."""
        return MILESTONE_KIND_LABELS[self]


class Recurrence(StrEnum):
    """How often recurring work falls due."""

    CONTINUOUS = "continuous"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"

    @property
    def label(self) -> str:
        """The Vietnamese name shown to officials."""
        return RECURRENCE_LABELS[self]


MILESTONE_KIND_LABELS: dict[MilestoneKind, str] = {
    MilestoneKind.DATE: "Ngày",
    MilestoneKind.MONTH: "Tháng",
    MilestoneKind.QUARTER: "Quý",
    MilestoneKind.HALF_YEAR: "6 tháng",
    MilestoneKind.YEAR: "Năm",
    MilestoneKind.RECURRING: "Định kỳ",
    MilestoneKind.EVENT: "Theo sự kiện",
}

RECURRENCE_LABELS: dict[Recurrence, str] = {
    Recurrence.CONTINUOUS: "Thường xuyên",
    Recurrence.MONTHLY: "Hàng tháng",
    Recurrence.QUARTERLY: "Hàng quý",
    Recurrence.SEMIANNUAL: "6 tháng một lần",
    Recurrence.ANNUAL: "Hàng năm",
}

# When one cell mixes cadences, the schedule's summary recurrence is the most frequent one: it is the one that
# tells an officer how often to act. Every cadence still has its own milestones.
_RECURRENCE_ORDER = list(Recurrence)


@dataclass(frozen=True)
class Milestone:
    """One deadline read from a schedule: what is due (label), when, and the words it came from."""

    label: str
    due: date | None
    kind: MilestoneKind
    source_text: str
    # A deadline counted from an event ("Trong vòng 05 ngày làm việc kể từ …"): no date until the event happens.
    after_days: int | None = None
    working_days: bool = False
    after_event: str = ""


@dataclass(frozen=True)
class Schedule:
    """A parsed schedule cell; `original` is the text exactly as the official typed it."""

    original: str
    milestones: tuple[Milestone, ...]
    recurrence: Recurrence | None
    event_trigger: str | None
    warnings: tuple[str, ...]


def format_due(d: date) -> str:
    """Format a due date the Vietnamese way, dd/mm/yyyy."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# --- Warnings (Vietnamese: they are shown to the official who typed the text) -----------------------------

WARNING_EMPTY = "Chưa ghi thời gian thực hiện."


def _not_understood(text: str) -> str:
    return f"Không hiểu được thời hạn: “{text}”."


def _unknown_period(text: str) -> str:
    return f"Không rõ chu kỳ (hàng tháng, hàng quý, 6 tháng hay hàng năm): “{text}”."


def _vague(text: str) -> str:
    return f"Thời hạn không rõ ràng, cần ghi cụ thể tháng, quý hoặc ngày: “{text}”."


def _start_only(text: str) -> str:
    return f"Chỉ ghi thời điểm bắt đầu, chưa có thời hạn hoàn thành: “{text}”."


def _invalid(text: str) -> str:
    return f"Ngày, tháng hoặc quý không hợp lệ: “{text}”."
