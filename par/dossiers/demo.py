"""Demo dossiers: a year of realistic one-stop activity for the demo province, written in bulk.

`generate(year=…, count=…, units=…)` draws dossiers over the working days of the year (up to today for the
current year) for the demo ward and two departments, with the demo catalogue's procedures in force on each
day, the three channels, and the usual fates: most resolved early or on time, some late (a few after an
apology slip), some awaiting a supplement, some still pending, a few refused or withdrawn. Due dates come from
the working calendar like a real receipt. Rows are bulk-inserted (no per-dossier actions, for speed), then the
statistics are rebuilt from them and the code counters are moved past the codes used; one audit event records
the generation.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from par.audit.log import record_event
from par.calendars.services import calendar_for_unit, rules_for
from par.calendars.workdays import (
    VIETNAM_TZ,
    OutsideCalendarError,
    add_working_days,
    compute_due,
    is_working_day,
)
from par.catalog.models import Procedure, ProcedureVersion, RequiredDocument
from par.core.text import search_key
from par.dossiers import rollups
from par.dossiers.clock import cutoff_of, whole_days
from par.dossiers.models import (
    Channel,
    Dossier,
    DossierCounter,
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

# Loaded by `manage.py load_demo` after the apps named here (decision 0118).
AFTER: tuple[str, ...] = ("plans",)

S = DossierState
DEMO_NOTE = "Dữ liệu minh họa"
DEFAULT_COUNT = 3000
BATCH = 2000
APPLICANTS_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Lê", "Trịnh"]
APPLICANTS_MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
APPLICANTS_GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Nam",
    "Sơn",
]


def load_demo(units: dict, stdout) -> None:
    """Demo dossiers for this year unless there already are some (idempotent)."""
    year = timezone.localdate().year
    if Dossier.objects.filter(note=DEMO_NOTE, submitted_at__year=year).exists():
        stdout.write("Demo dossiers already loaded.")
        return
    made, seconds = generate(year=year, count=DEFAULT_COUNT, units=units)
    stdout.write(f"Demo dossiers: {made} for {year} in {seconds:.1f} s.")


def _working_days(year: int, last: dt.date, rules) -> list[dt.date]:
    days = []
    day = dt.date(year, 1, 1)
    while day <= last:
        if is_working_day(day, rules):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _versions(level: str, year: int) -> list[tuple[Procedure, list[ProcedureVersion]]]:
    procedures = list(
        Procedure.objects.for_level(level)
        .filter(is_demo=True)
        .prefetch_related("versions__steps")
        .order_by("code")
    ) or list(Procedure.objects.for_level(level).prefetch_related("versions__steps").order_by("code"))
    return [(p, list(p.versions.all())) for p in procedures]


def _version_on(versions: list[ProcedureVersion], day: dt.date) -> ProcedureVersion | None:
    return next((v for v in versions if v.is_in_force_on(day)), None)


def generate(*, year: int, count: int, units: dict, seed: int = 2026) -> tuple[int, float]:
    """Bulk-create `count` demo dossiers received in `year`; returns (created, seconds)."""
    started = time.monotonic()
    rng = random.Random(seed + year)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    last = min(dt.date(year, 12, 31), today)
    targets = [(units["ward"], 0.6), (units["justice"], 0.25), (units["home_affairs"], 0.15)]
    plan = []
    for unit, share in targets:
        level = AdminLevel.COMMUNE if unit.level == AdminLevel.COMMUNE else AdminLevel.PROVINCE
        catalogue = [(p, vs) for p, vs in _versions(level, year) if vs]
        if not catalogue:
            continue
        calendar = calendar_for_unit(unit)
        try:
            rules = rules_for(calendar, range(year, year + 2))
        except OutsideCalendarError:
            rules = rules_for(calendar, [year])
        days = _working_days(year, last, rules)
        plan.append((unit, round(count * share), catalogue, rules, days))
    counters: dict[tuple[int, dt.date], int] = defaultdict(int)
    for unit_id, day, last_seq in DossierCounter.objects.filter(day__year=year).values_list(
        "unit_id", "day", "last"
    ):
        counters[(unit_id, day)] = last_seq
    made = 0
    with transaction.atomic():
        pending: list[dict] = []
        for unit, n, catalogue, rules, days in plan:
            if not days:
                continue
            # Popular procedures get most dossiers (a few procedures make most of a desk's work).
            weights = [1 / (i + 1) for i in range(len(catalogue))]
            for _ in range(n):
                item = _draw(unit, catalogue, weights, rules, days, today, rng, counters)
                if item is not None:
                    pending.append(item)
                if len(pending) >= BATCH:
                    made += _write(pending)
                    pending = []
        made += _write(pending)
        _save_counters(counters)
        rollups.rebuild()
        # Nothing made (e.g. on 1 January, before the year's first working day): nothing changed to record, and a
        # second run must stay a no-op.
        if made:
            record_event(
                actor=None,
                action="dossiers.generate_demo",
                object_type="dossiers.dossier",
                object_repr=f"{made} demo dossiers {year}",
                after={"year": year, "count": made},
            )
    return made, time.monotonic() - started


def _name(rng: random.Random) -> str:
    return f"{rng.choice(APPLICANTS_FAMILY)} {rng.choice(APPLICANTS_MIDDLE)} {rng.choice(APPLICANTS_GIVEN)}"


def _at(day: dt.date, rng: random.Random, start_hour: int = 7, end_hour: int = 17) -> dt.datetime:
    minutes = rng.randrange(start_hour * 60 + 30, end_hour * 60)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=VIETNAM_TZ)


def _draw(unit, catalogue, weights, rules, days, today, rng, counters) -> dict | None:
    """One dossier with its steps, events, pause, extension and result, as unsaved rows."""
    procedure, versions = rng.choices(catalogue, weights=weights)[0]
    day = rng.choice(days)
    version = _version_on(versions, day)
    if version is None:
        return None
    channel = rng.choices([Channel.COUNTER, Channel.ONLINE, Channel.POSTAL], weights=[60, 35, 5])[0]
    submitted = _at(day, rng)
    counters[(unit.pk, day)] += 1
    code = f"{unit.code}-{day:%y%m%d}-{counters[(unit.pk, day)]:04d}"
    name = _name(rng)
    d = Dossier(
        code=code,
        unit=unit,
        procedure=procedure,
        procedure_version=version,
        channel=channel,
        state=S.SUBMITTED,
        applicant_name=name,
        applicant_folded=search_key(name),
        applicant_phone=f"09{rng.randrange(10**7, 10**8)}",
        note=DEMO_NOTE,
        submitted_at=submitted,
        legal_days=version.legal_days,
        committed_days=version.committed_days,
        version=1,
    )
    events = [("file", submitted, "", S.SUBMITTED)]
    item: dict[str, Any] = {
        "dossier": d,
        "events": events,
        "steps": [],
        "pause": None,
        "extension": None,
        "result": None,
    }
    fate = rng.random()
    if fate < 0.02:
        d.state = S.REFUSED
        d.closed_reason = "Hồ sơ không thuộc thẩm quyền giải quyết"
        events.append(("refuse", submitted + dt.timedelta(minutes=20), S.SUBMITTED, S.REFUSED))
        return item
    received = submitted + (
        dt.timedelta(hours=rng.randrange(1, 20)) if channel == Channel.ONLINE else dt.timedelta(minutes=15)
    )
    try:
        due = compute_due(received, whole_days(version.committed_days), rules, cutoff=cutoff_of(version))
        legal = compute_due(received, whole_days(version.legal_days), rules, cutoff=cutoff_of(version))
    except OutsideCalendarError:
        return None
    if received.date() > today:
        return None
    d.received_at, d.received_on = received, received.date()
    d.due_date, d.legal_due_date, d.due_explanation = due.due, legal.due, due.explanation
    d.state = S.RECEIVED
    events.append(("receive", received, S.SUBMITTED, S.RECEIVED))
    # Result day: early, on time or late against the appointment date.
    roll = rng.random()
    try:
        if roll < 0.68 and due.working_days > 1:
            result_day = add_working_days(due.effective_start, rng.randrange(1, due.working_days), rules)
        elif roll < 0.9:
            result_day = due.due
        else:
            result_day = add_working_days(due.due, rng.randrange(1, 6), rules)
    except OutsideCalendarError:
        return None
    resolved = _at(result_day, rng, 8, 16)
    if resolved <= received:
        resolved = received + dt.timedelta(hours=1)
    recent = (today - received.date()).days <= 20
    if recent and rng.random() < 0.15:
        d.state = S.SUPPLEMENT_REQUESTED
        requested = received + dt.timedelta(hours=rng.randrange(2, 30))
        item["pause"] = DossierPause(
            requested_at=requested,
            reason="Bổ sung bản sao giấy tờ tùy thân còn hạn",
            stops_clock=True,
            remaining_days=max(due.working_days - 1, 0),
            remaining_legal_days=max(whole_days(version.legal_days) - 1, 0),
            resume_state=S.IN_PROCESS,
        )
        events.append(("request_supplement", requested, S.RECEIVED, S.SUPPLEMENT_REQUESTED))
        _steps(item, version, unit, received, requested, rules, open_last=True)
        return item
    if resolved.date() > today or (recent and rng.random() < 0.05):
        d.state = S.IN_PROCESS
        _steps(item, version, unit, received, timezone.now(), rules, open_last=True)
        events.append(("next_step", received + dt.timedelta(hours=2), S.RECEIVED, S.IN_PROCESS))
        return item
    if rng.random() < 0.02:
        d.state = S.WITHDRAWN
        d.closed_reason = "Người nộp đề nghị dừng giải quyết"
        events.append(("withdraw", resolved, S.RECEIVED, S.WITHDRAWN))
        return item
    if result_day > due.due and rng.random() < 0.5:
        apology = _at(due.due, rng, 8, 11)
        item["extension"] = DossierExtension(
            created_at=apology,
            unit=unit,
            previous_date=due.due,
            new_date=result_day,
            reason="Cần xác minh thêm thông tin với cơ quan liên quan",
        )
        d.extended_due_date = result_day
        events.append(("extend", apology, S.IN_PROCESS, S.IN_PROCESS))
    _steps(item, version, unit, received, resolved, rules, open_last=False)
    d.resolved_at, d.resolved_on = resolved, resolved.date()
    d.outcome = (
        Outcome.EARLY if result_day < due.due else Outcome.ON_TIME if result_day == due.due else Outcome.LATE
    )
    events.append(("issue_result", resolved, S.APPROVED, S.RESULT_READY))
    d.state = S.RESULT_READY
    returned = resolved + dt.timedelta(hours=rng.randrange(1, 72))
    item["result"] = DossierResult(
        approved_at=resolved, issued_at=resolved, number=f"{rng.randrange(1, 999)}/KQ"
    )
    if returned <= timezone.now():
        d.state, d.returned_at = S.RETURNED, returned
        item["result"].returned_at = returned
        item["result"].return_method = (
            ReturnMethod.POST if channel == Channel.POSTAL else ReturnMethod.COUNTER
        )
        events.append(("return_result", returned, S.RESULT_READY, S.RETURNED))
    return item


def _office_hours(moment: dt.datetime, *, floor: dt.datetime) -> dt.datetime:
    """`moment` moved into office hours (07:30–17:00) on its own day, never before `floor`."""
    local = moment.astimezone(VIETNAM_TZ)
    if local.time() < dt.time(7, 30):
        local = local.replace(hour=7, minute=30 + local.minute % 30)
    elif local.time() >= dt.time(17, 0):
        local = local.replace(hour=16, minute=local.minute % 60)
    return max(local, floor)


def _steps(item, version, unit, start, end, rules, *, open_last: bool) -> None:
    """The catalogue steps spread over [start, end], each with its own due date and outcome."""
    catalogue = sorted(version.steps.all(), key=lambda s: s.position) or [None]
    total = sum((s.days for s in catalogue if s), Decimal(0)) or Decimal(1)
    span = end - start
    moment = start
    for i, step in enumerate(catalogue):
        days = step.days if step else item["dossier"].committed_days
        share = (days or Decimal("0.5")) / total
        finish = _office_hours(moment + span * float(share), floor=moment)
        if open_last and i == 0 and len(catalogue) > 1:
            # An open dossier has passed the intake step only: it waits in (or for) the processing step.
            finish = min(moment + dt.timedelta(minutes=15), end)
        try:
            due = compute_due(moment, whole_days(days), rules).due
        except OutsideCalendarError:
            due = moment.date()
        is_open = open_last and (i >= 1 or len(catalogue) == 1 or finish > end)
        local_finish = finish.astimezone(VIETNAM_TZ).date()
        item["steps"].append(
            DossierStep(
                sequence=i + 1,
                position=step.position if step else 1,
                name=step.name if step else "Giải quyết hồ sơ",
                actor_kind=step.actor if step else "specialist",
                days=days,
                unit=unit,
                started_at=moment,
                due_date=due,
                finished_at=None if is_open else finish,
                outcome=""
                if is_open
                else (
                    Outcome.EARLY
                    if local_finish < due
                    else Outcome.ON_TIME
                    if local_finish == due
                    else Outcome.LATE
                ),
            )
        )
        if is_open:
            break
        moment = finish


def _write(items: list[dict]) -> int:
    if not items:
        return 0
    dossiers = [i["dossier"] for i in items]
    for i in items:
        i["dossier"].events_count = len(i["events"])
    Dossier.objects.bulk_create(dossiers, batch_size=BATCH)
    steps: list[DossierStep] = []
    events: list[DossierEvent] = []
    pauses: list[DossierPause] = []
    extensions: list[DossierExtension] = []
    results: list[DossierResult] = []
    for i in items:
        d = i["dossier"]
        for s in i["steps"]:
            s.dossier = d
            steps.append(s)
        for n, (action, at, before, after) in enumerate(i["events"], start=1):
            events.append(
                DossierEvent(
                    dossier=d,
                    sequence=n,
                    at=at,
                    action=action,
                    from_state=before,
                    to_state=after,
                    unit=d.unit,
                )
            )
        for key, bucket in (("pause", pauses), ("extension", extensions), ("result", results)):
            if i[key] is not None:
                i[key].dossier = d
                bucket.append(i[key])
    # The documents each dossier came with: the catalogue's list for its procedure version (one query).
    required: dict[int, list[RequiredDocument]] = {}
    for doc in RequiredDocument.objects.filter(version_id__in={d.procedure_version_id for d in dossiers}):
        required.setdefault(doc.version_id, []).append(doc)
    documents = [
        DossierDocument(
            dossier=d,
            required_document=doc,
            name=doc.name,
            originals=doc.originals,
            copies=doc.copies,
            received_at=d.received_at or d.submitted_at,
        )
        for d in dossiers
        for doc in sorted(required.get(d.procedure_version_id, []), key=lambda r: r.position)
    ]
    DossierDocument.objects.bulk_create(documents, batch_size=BATCH)
    DossierStep.objects.bulk_create(steps, batch_size=BATCH)
    DossierEvent.objects.bulk_create(events, batch_size=BATCH)
    DossierPause.objects.bulk_create(pauses, batch_size=BATCH)
    DossierExtension.objects.bulk_create(extensions, batch_size=BATCH)
    DossierResult.objects.bulk_create(results, batch_size=BATCH)
    # The open step of each open dossier becomes its current step.
    current = []
    for i in items:
        open_steps = [s for s in i["steps"] if s.finished_at is None]
        if open_steps and i["dossier"].state in (S.IN_PROCESS, S.SUPPLEMENT_REQUESTED):
            i["dossier"].current_step = open_steps[-1]
            current.append(i["dossier"])
    Dossier.objects.bulk_update(current, ["current_step"], batch_size=BATCH)
    return len(dossiers)


def _save_counters(counters: dict) -> None:
    existing = {
        (u, d): pk
        for pk, u, d in DossierCounter.objects.filter(day__in={d for _, d in counters}).values_list(
            "pk", "unit_id", "day"
        )
    }
    new = [
        DossierCounter(unit_id=u, day=d, last=n) for (u, d), n in counters.items() if (u, d) not in existing
    ]
    DossierCounter.objects.bulk_create(new, batch_size=BATCH)
    update = [DossierCounter(pk=existing[k], last=n) for k, n in counters.items() if k in existing]
    DossierCounter.objects.bulk_update(update, ["last"], batch_size=BATCH)


__all__ = ["DEMO_NOTE", "generate", "load_demo"]
