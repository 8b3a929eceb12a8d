"""The rows of bulk demo dossiers (`par.dossiers.bulk`): the mix of `par.dossiers.demo`, as plain tuples.

`Builder` draws dossiers received in a year at a list of desks (communes get the commune-level procedures, the
other units the provincial ones), with the demo's channels and fates (early, on time or late, some after an
apology slip, some awaiting a supplement or still in process, a few refused or withdrawn), their steps, events in
order, documents, supplement requests, apology slips and results, each marked as demo data (`DEMO_NOTE`).

Speed comes from doing per calendar what `demo.generate` does per dossier: the working days of the year and
the next are listed once (`WorkingDays`), so a due date is two list lookups instead of a walk over the calendar,
and a due date's explanation is formatted once per receipt day and cut-off side, then only its time is swapped.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from par.calendars.services import calendar_for_unit, rules_for
from par.calendars.workdays import DayRules, OutsideCalendarError, compute_due, is_working_day
from par.catalog.models import Procedure
from par.core.text import search_key
from par.dossiers.clock import cutoff_of, whole_days
from par.dossiers.demo import APPLICANTS_FAMILY, APPLICANTS_GIVEN, APPLICANTS_MIDDLE, DEMO_NOTE
from par.dossiers.models import (
    Channel,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierExtension,
    DossierPause,
    DossierResult,
    DossierState,
    DossierStep,
    Outcome,
    ReturnMethod,
)
from par.orgunits.models import AdminLevel

S = DossierState
# Vietnam has kept UTC+7 without daylight saving since 1975: a fixed offset is exact and cheaper than zoneinfo.
ICT = dt.timezone(dt.timedelta(hours=7))
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)


def _cols(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# The columns written, per table, in the order the row builder fills them.
COLUMNS: dict[type, tuple[str, ...]] = {
    Dossier: _cols(
        "id created_at updated_at version code unit_id procedure_id procedure_version_id channel state "
        "applicant_name applicant_folded applicant_id_number applicant_phone applicant_email applicant_address "
        "note completeness_reason submitted_at received_at received_on legal_days committed_days due_date "
        "legal_due_date extended_due_date due_explanation current_step_id resolved_at resolved_on outcome "
        "returned_at closed_reason events_count"
    ),
    DossierStep: _cols(
        "id dossier_id sequence position name actor_kind days unit_id started_at due_date finished_at outcome"
    ),
    DossierEvent: _cols(
        "dossier_id sequence at action from_state to_state step_name unit_id note public_note"
    ),
    DossierDocument: _cols(
        "dossier_id required_document_id name originals copies kind file content_type size received_at"
    ),
    DossierPause: _cols(
        "dossier_id requested_at reason stops_clock remaining_days remaining_legal_days resume_state"
    ),
    DossierExtension: _cols("dossier_id created_at unit_id previous_date new_date reason"),
    DossierResult: _cols("dossier_id approved_at number summary issued_at returned_at return_method"),
}


class WorkingDays:
    """The working days of one calendar from 1 January of `year` to the end of the last year it covers (at most
    `year + 1`), listed once: `effective_start` and `due` are the arithmetic of `compute_due` as list lookups."""

    def __init__(self, rules: DayRules, year: int) -> None:
        self.rules = rules
        first = dt.date(year, 1, 1)
        try:
            is_working_day(dt.date(year + 1, 12, 31), rules)
            last = dt.date(year + 1, 12, 31)
        except OutsideCalendarError:
            last = dt.date(year, 12, 31)
        self.days: list[dt.date] = []
        flags = []
        day = first
        while day <= last:
            flags.append((day, is_working_day(day, rules)))
            day += dt.timedelta(days=1)
        # `following[day]`: the index in `days` of the first working day on or after `day`.
        self.following: dict[dt.date, int] = {}
        self.is_working: dict[dt.date, bool] = {}
        pending = []
        for day, working in flags:
            pending.append(day)
            self.is_working[day] = working
            if working:
                for d in pending:
                    self.following[d] = len(self.days)
                pending = []
                self.days.append(day)
        self.index = {d: i for i, d in enumerate(self.days)}

    def effective_start(self, local: dt.datetime, cutoff: dt.time | None) -> int:
        """The index of the day a receipt at `local` counts from (raises KeyError beyond the calendar)."""
        day = local.date()
        i = self.following[day]
        if self.is_working[day] and cutoff is not None and local.time() >= cutoff:
            i += 1
        return i

    def due(self, local: dt.datetime, n: int, cutoff: dt.time | None) -> tuple[int, int]:
        """(index of the effective start, index of the due date): IndexError/KeyError beyond the calendar."""
        start = self.effective_start(local, cutoff)
        if start + n >= len(self.days):
            raise IndexError(start + n)
        return start, start + n


@dataclass
class Version:
    """What the row builder needs of one procedure version, read once."""

    pk: int
    procedure_id: int
    valid_from: dt.date
    valid_to: dt.date | None
    legal_days: Decimal
    committed_days: Decimal
    committed_n: int
    legal_n: int
    cutoff: dt.time | None
    steps: list[tuple[int, str, str, Decimal, int, float]]  # position, name, actor, days, whole days, share
    documents: list[tuple[int, str, int, int]]  # required document id, name, originals, copies


@dataclass
class Desk:
    """One receiving unit: its calendar and the catalogue it receives for, with the popularity weights."""

    unit_id: int
    code: str
    calendar: WorkingDays
    receipt_days: list[dt.date]
    procedures: list[list[Version]]
    cumulative: list[float] = field(default_factory=list)  # running sum of the procedures' weights


def _version(v, rules: DayRules) -> Version:
    cutoff = cutoff_of(v)
    steps = sorted(v.steps.all(), key=lambda s: s.position)
    total = float(sum((s.days for s in steps), Decimal(0)) or 1)
    rows = [
        (s.position, s.name, s.actor, s.days, whole_days(s.days), float(s.days or Decimal("0.5")) / total)
        for s in steps
    ] or [(1, "Giải quyết hồ sơ", "specialist", v.committed_days, whole_days(v.committed_days), 1.0)]
    docs = [
        (d.pk, d.name, d.originals, d.copies) for d in sorted(v.documents.all(), key=lambda d: d.position)
    ]
    return Version(
        pk=v.pk,
        procedure_id=v.procedure_id,
        valid_from=v.valid_from,
        valid_to=v.valid_to,
        legal_days=v.legal_days,
        committed_days=v.committed_days,
        committed_n=whole_days(v.committed_days),
        legal_n=whole_days(v.legal_days),
        cutoff=rules.cutoff if cutoff is not None and not isinstance(cutoff, dt.time) else cutoff,
        steps=rows,
        documents=docs,
    )


def plan_desks(units: Iterable, year: int, last: dt.date) -> list[Desk]:
    """The receiving units with their calendars and catalogues (a handful of queries per calendar and level)."""
    catalogues: dict[str, list[Procedure]] = {}
    calendars: dict[int, WorkingDays] = {}
    desks = []
    for unit in units:
        level = AdminLevel.COMMUNE if unit.level == AdminLevel.COMMUNE else AdminLevel.PROVINCE
        if level not in catalogues:
            base = Procedure.objects.for_level(level).prefetch_related(
                "versions__steps", "versions__documents"
            )
            catalogues[level] = list(base.filter(is_demo=True).order_by("code")) or list(
                base.order_by("code")
            )
        calendar = calendar_for_unit(unit)
        if calendar.pk not in calendars:
            try:
                rules = rules_for(calendar, range(year, year + 2))
            except OutsideCalendarError:
                rules = rules_for(calendar, [year])
            calendars[calendar.pk] = WorkingDays(rules, year)
        days = calendars[calendar.pk]
        procedures = [
            [_version(v, days.rules) for v in p.versions.all()] for p in catalogues[level] if p.versions.all()
        ]
        receipt_days = [d for d in days.days if d.year == year and d <= last]
        if procedures and receipt_days:
            # Popular procedures get most dossiers (a few procedures make most of a desk's work).
            cumulative = list(accumulate(1 / (i + 1) for i in range(len(procedures))))
            desks.append(Desk(unit.pk, unit.code, days, receipt_days, procedures, cumulative))
    return desks


class Texts:
    """The Vietnamese texts of the rows, translated once, and the due-date explanations, formatted once per
    (calendar, receipt day, cut-off side, limit) and reused with the receipt time swapped in."""

    def __init__(self) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            self.public = {
                "file": gettext("Dossier filed"),
                "receive": gettext("Received complete"),
                "refuse": gettext("Refused"),
                "approve": gettext("Approved"),
                "issue_result": gettext("Result ready"),
                "return_result": gettext("Result returned"),
                "withdraw": gettext("Withdrawn"),
            }
        self._explanations: dict[tuple, tuple[str, str]] = {}

    def explanation(self, desk: Desk, local: dt.datetime, n: int, cutoff: dt.time | None) -> str:
        after = cutoff is not None and local.time() >= cutoff
        key = (id(desk.calendar), local.date(), after, n, cutoff)
        hhmm = local.strftime("%H:%M")
        cached = self._explanations.get(key)
        if cached is None:
            with translation.override(settings.LANGUAGE_CODE):
                text = compute_due(local, n, desk.calendar.rules, cutoff=cutoff).explanation
            if text.count(hhmm) != 1:  # the time also reads as another figure: no safe template
                return text
            cached = self._explanations[key] = (text, hhmm)
        text, sample = cached
        return text if sample == hhmm else text.replace(sample, hhmm, 1)


NAMES = [
    (name, search_key(name))
    for name in (
        f"{f} {m} {g}" for f in APPLICANTS_FAMILY for m in APPLICANTS_MIDDLE for g in APPLICANTS_GIVEN
    )
]


@dataclass
class Rows:
    """One chunk of rows, per table."""

    tables: dict[type, list[tuple]] = field(default_factory=lambda: {model: [] for model in COLUMNS})

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


class Builder:
    """Draws dossiers one after the other into `Rows`; ids and codes are handed out from the blocks given."""

    def __init__(
        self, desks, *, now: dt.datetime, seed: int, dossier_id: int, step_id: int, counters
    ) -> None:
        self.desks = desks
        self.now = now.astimezone(ICT)
        self.today = self.now.date()
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.next_dossier = dossier_id
        self.next_step = step_id
        self.counters: dict[tuple[int, dt.date], int] = counters
        self.texts = Texts()
        self.desk_cumulative = list(accumulate(len(d.receipt_days) for d in desks))

    def chunk(self, n: int) -> Rows:
        rows = Rows()
        made = 0
        while made < n:
            desk = self.desks[bisect(self.desk_cumulative, self.rng.random() * self.desk_cumulative[-1])]
            if self._draw(desk, rows):
                made += 1
        return rows

    def _at(self, day: dt.date, start_hour: int = 7, end_hour: int = 17) -> dt.datetime:
        minutes = self.rng.randrange(start_hour * 60 + 30, end_hour * 60)
        return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=ICT)

    def _draw(self, desk: Desk, rows: Rows) -> bool:  # noqa: C901, PLR0912, PLR0915 - one dossier's life, in order
        """One dossier with its rows, or False when the draw falls outside the calendar or after now."""
        rng = self.rng
        versions = desk.procedures[bisect(desk.cumulative, rng.random() * desk.cumulative[-1])]
        day = rng.choice(desk.receipt_days)
        v = next(
            (v for v in versions if v.valid_from <= day and (v.valid_to is None or v.valid_to >= day)), None
        )
        if v is None:
            return False
        roll = rng.random()
        channel = Channel.COUNTER if roll < 0.6 else Channel.ONLINE if roll < 0.95 else Channel.POSTAL
        submitted = self._at(day)
        cal = desk.calendar
        received = submitted + (HOUR * rng.randrange(1, 20) if channel == Channel.ONLINE else 15 * MINUTE)
        try:
            start_i, due_i = cal.due(received, v.committed_n, v.cutoff)
            legal_i = cal.due(received, v.legal_n, v.cutoff)[1]
        except (KeyError, IndexError):
            return False
        if received > self.now:
            return False
        pk = self.next_dossier
        name, folded = NAMES[rng.randrange(len(NAMES))]
        state = S.RECEIVED
        events: list[tuple] = [(pk, 1, submitted, "file", "", S.SUBMITTED, "", desk.unit_id, "", "")]
        steps: list[tuple] = []
        received_at = received_on = due = legal_due = resolved = resolved_on = returned = extended = None
        outcome = closed_reason = explanation = ""
        fate = rng.random()
        if fate < 0.02:
            state = S.REFUSED
            closed_reason = "Hồ sơ không thuộc thẩm quyền giải quyết"
            events.append((pk, 2, submitted + 20 * MINUTE, "refuse", S.SUBMITTED, S.REFUSED, "", desk.unit_id,
                           closed_reason, self.texts.public["refuse"]))  # fmt: skip
        else:
            received_at, received_on = received, received.date()
            due, legal_due = cal.days[due_i], cal.days[legal_i]
            explanation = self.texts.explanation(desk, received, v.committed_n, v.cutoff)
            events.append((pk, 2, received, "receive", S.SUBMITTED, S.RECEIVED, "", desk.unit_id, "",
                           self.texts.public["receive"]))  # fmt: skip
            # Result day: early, on time or late against the appointment date.
            roll = rng.random()
            if roll < 0.68 and v.committed_n > 1:
                result_i = start_i + rng.randrange(1, v.committed_n)
            elif roll < 0.9:
                result_i = due_i
            else:
                result_i = due_i + rng.randrange(1, 6)
            if result_i >= len(cal.days):
                return False
            result_day = cal.days[result_i]
            resolved = max(self._at(result_day, 8, 16), received + HOUR)
            recent = (self.today - received_on).days <= 20
            first_step_end = min(received + 15 * MINUTE, self.now)
            if recent and rng.random() < 0.15:
                state = S.SUPPLEMENT_REQUESTED
                requested = min(received + HOUR * rng.randrange(2, 30), self.now)
                self._steps(steps, pk, desk, v, received, requested, open_last=True)
                events.append((pk, 3, first_step_end, "next_step", S.RECEIVED, S.IN_PROCESS, steps[-1][4],
                               desk.unit_id, "", steps[-1][4]))  # fmt: skip
                events.append((pk, 4, max(requested, first_step_end), "request_supplement", S.IN_PROCESS,
                               state, "", desk.unit_id, "", ""))  # fmt: skip
                rows.tables[DossierPause].append(
                    (pk, max(requested, first_step_end), "Bổ sung bản sao giấy tờ tùy thân còn hạn", True,
                     max(v.committed_n - 1, 0), max(v.legal_n - 1, 0), S.IN_PROCESS)
                )  # fmt: skip
                resolved = None
            elif resolved > self.now or (recent and rng.random() < 0.05):
                state = S.IN_PROCESS
                self._steps(steps, pk, desk, v, received, self.now, open_last=True)
                events.append((pk, 3, first_step_end, "next_step", S.RECEIVED, S.IN_PROCESS, steps[-1][4],
                               desk.unit_id, "", steps[-1][4]))  # fmt: skip
                resolved = None
            elif rng.random() < 0.02:
                state = S.WITHDRAWN
                closed_reason = "Người nộp đề nghị dừng giải quyết"
                events.append((pk, 3, resolved, "withdraw", S.RECEIVED, S.WITHDRAWN, "", desk.unit_id,
                               closed_reason, self.texts.public["withdraw"]))  # fmt: skip
                resolved = None
            else:
                self._steps(steps, pk, desk, v, received, resolved, open_last=False)
                seq = 3
                events.append((pk, seq, first_step_end, "next_step", S.RECEIVED, S.IN_PROCESS, steps[0][4],
                               desk.unit_id, "", steps[0][4]))  # fmt: skip
                if result_day > due and rng.random() < 0.5:
                    apology = max(self._at(due, 8, 11), first_step_end)
                    extended = result_day
                    reason = "Cần xác minh thêm thông tin với cơ quan liên quan"
                    rows.tables[DossierExtension].append((pk, apology, desk.unit_id, due, result_day, reason))
                    seq += 1
                    events.append((pk, seq, apology, "extend", S.IN_PROCESS, S.IN_PROCESS, "", desk.unit_id,
                                   reason, ""))  # fmt: skip
                for action, before, after in (
                    ("submit_approval", S.IN_PROCESS, S.AWAITING_APPROVAL),
                    ("approve", S.AWAITING_APPROVAL, S.APPROVED),
                    ("issue_result", S.APPROVED, S.RESULT_READY),
                ):
                    seq += 1
                    events.append((pk, seq, resolved, action, before, after, "", desk.unit_id, "",
                                   self.texts.public.get(action, "")))  # fmt: skip
                resolved_on = resolved.date()
                outcome = (
                    Outcome.EARLY
                    if resolved_on < due
                    else Outcome.ON_TIME
                    if resolved_on == due
                    else Outcome.LATE
                )
                state = S.RESULT_READY
                back = resolved + HOUR * rng.randrange(1, 72)
                method = ""
                if back <= self.now:
                    state, returned = S.RETURNED, back
                    method = ReturnMethod.POST if channel == Channel.POSTAL else ReturnMethod.COUNTER
                    seq += 1
                    events.append((pk, seq, back, "return_result", S.RESULT_READY, S.RETURNED, "", desk.unit_id,
                                   "", self.texts.public["return_result"]))  # fmt: skip
                rows.tables[DossierResult].append(
                    (pk, resolved, f"{rng.randrange(1, 999)}/KQ", "", resolved, returned, method)
                )
        key = (desk.unit_id, day)
        number = self.counters.get(key, 0) + 1
        self.counters[key] = number
        current = steps[-1][0] if steps and steps[-1][10] is None else None
        rows.tables[Dossier].append(
            (pk, self.now, self.now, 1, f"{desk.code}-{day:%y%m%d}-{number:04d}", desk.unit_id, v.procedure_id,
             v.pk, channel, state, name, folded, "", f"09{rng.randrange(10**7, 10**8)}", "", "", DEMO_NOTE, "",
             submitted, received_at, received_on, v.legal_days, v.committed_days, due, legal_due, extended,
             explanation, current, resolved, resolved_on, outcome, returned, closed_reason, len(events))
        )  # fmt: skip
        rows.tables[DossierEvent].extend(events)
        rows.tables[DossierStep].extend(steps)
        moment = received_at or submitted
        rows.tables[DossierDocument].extend(
            (pk, doc_id, doc_name, originals, copies, "submitted", "", "", 0, moment)
            for doc_id, doc_name, originals, copies in v.documents
        )
        self.next_dossier += 1
        return True

    def _steps(self, out: list, pk: int, desk: Desk, v: Version, start, end, *, open_last: bool) -> None:
        """The catalogue steps spread over [start, end], each with its due date and outcome (as the demo)."""
        cal, cutoff = desk.calendar, desk.calendar.rules.cutoff
        span = end - start
        moment = start
        last = len(v.steps) - 1
        for i, (position, name, actor, days, n, share) in enumerate(v.steps):
            finish = min(_office_hours(moment + span * share, floor=moment), end)
            if i == last and not open_last:
                finish = end
            if open_last and i == 0 and last > 0:
                # An open dossier has passed the intake step only: it waits in (or for) the processing step.
                finish = min(moment + 15 * MINUTE, end)
            try:
                due = cal.days[cal.due(moment, n, cutoff)[1]]
            except (KeyError, IndexError):
                due = moment.date()
            is_open = open_last and (i >= 1 or last == 0)
            finish_day = finish.date()
            outcome = (
                "" if is_open else "early" if finish_day < due else "on_time" if finish_day == due else "late"
            )
            out.append(
                (self.next_step, pk, i + 1, position, name, actor, days, desk.unit_id, moment, due,
                 None if is_open else finish, outcome)
            )  # fmt: skip
            self.next_step += 1
            if is_open:
                break
            moment = finish


def _office_hours(moment: dt.datetime, *, floor: dt.datetime) -> dt.datetime:
    """`moment` moved into office hours (07:30–17:00) on its own day, never before `floor`."""
    if moment.hour < 7 or (moment.hour == 7 and moment.minute < 30):
        moment = moment.replace(hour=7, minute=30 + moment.minute % 30)
    elif moment.hour >= 17:
        moment = moment.replace(hour=16)
    return max(moment, floor)
