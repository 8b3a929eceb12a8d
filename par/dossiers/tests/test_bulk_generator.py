"""The bulk demo generator: consistent dossiers loaded in blocks, statistics equal to a recount, and intake that
continues after the generated ids and codes (PostgreSQL with COPY, SQLite with executemany)."""

import io
import re
from collections import defaultdict

import pytest
from django.core.management import call_command

from par.calendars.services import calendar_for_unit, rules_for
from par.calendars.workdays import compute_due
from par.dossiers import actions, rollups
from par.dossiers.bulk import generate_bulk
from par.dossiers.demo import DEMO_NOTE
from par.dossiers.models import (
    FINAL_STATES,
    Dossier,
    DossierCounter,
    DossierEvent,
    DossierResult,
    DossierState,
    DossierStep,
)
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db

S = DossierState


@pytest.fixture
def generated(units, procedures, staff, time_machine):
    time_machine.move_to(at(2026, 11, 20, 9), tick=False)
    desks = [units.ward_bim_son, units.justice, units.home_affairs]
    return generate_bulk(year=2026, count=1500, units=desks, chunk=400)


def _events_by_dossier():
    events = defaultdict(list)
    for row in DossierEvent.objects.order_by("dossier_id", "sequence").values_list(
        "dossier_id", "sequence", "at", "from_state", "to_state"
    ):
        events[row[0]].append(row[1:])
    return events


def test_a_bulk_load_makes_the_exact_count_of_demo_dossiers_with_varied_fates(generated):
    assert generated.dossiers == Dossier.objects.count() == 1500
    assert generated.rows > 1500 * 4
    assert set(Dossier.objects.values_list("note", flat=True)) == {DEMO_NOTE}
    assert set(Dossier.objects.values_list("state", flat=True)) >= {
        S.RETURNED,
        S.RESULT_READY,
        S.IN_PROCESS,
        S.SUPPLEMENT_REQUESTED,
        S.REFUSED,
        S.WITHDRAWN,
    }
    assert set(Dossier.objects.values_list("channel", flat=True)) == {"counter", "online", "postal"}
    assert set(Dossier.objects.exclude(outcome="").values_list("outcome", flat=True)) == {
        "early",
        "on_time",
        "late",
    }


def test_every_history_is_a_chain_of_states_in_time_order(generated):
    final = {d.pk: d for d in Dossier.objects.all()}
    for pk, events in _events_by_dossier().items():
        d = final[pk]
        assert [e[0] for e in events] == list(range(1, len(events) + 1)) == list(range(1, d.events_count + 1))
        assert events[0][2:] == ("", S.SUBMITTED)
        for before, after in zip(events, events[1:], strict=False):
            assert before[1] <= after[1], (d.code, events)
            assert after[2] == before[3], (d.code, events)  # each event starts where the last one ended
        assert events[-1][3] == d.state
        assert d.submitted_at <= (d.received_at or d.submitted_at) <= events[-1][1]


def test_dates_follow_the_working_calendar_and_results_have_their_dates(generated, units):
    rules = rules_for(calendar_for_unit(units.ward_bim_son), [2026, 2027])
    ward = Dossier.objects.filter(unit=units.ward_bim_son, received_at__isnull=False).select_related(
        "procedure_version"
    )
    for d in ward[:200]:
        due = compute_due(
            d.received_at, int(d.committed_days), rules, cutoff=d.procedure_version.cutoff or rules.cutoff
        )
        assert d.due_date == due.due
        assert d.due_explanation == due.explanation
    for d in Dossier.objects.filter(state__in=[S.RESULT_READY, S.RETURNED]):
        assert d.resolved_at and d.resolved_on and d.outcome, d.code
        assert DossierResult.objects.filter(dossier=d, issued_at=d.resolved_at).exists()
        expected = (
            "early" if d.resolved_on < d.due_date else "on_time" if d.resolved_on == d.due_date else "late"
        )
        assert d.outcome == expected
    for d in Dossier.objects.filter(state__in=FINAL_STATES):
        assert d.returned_at if d.state == S.RETURNED else d.closed_reason, d.code
    open_steps = DossierStep.objects.filter(finished_at__isnull=True)
    assert set(open_steps.values_list("pk", flat=True)) == set(
        Dossier.objects.filter(state__in=[S.IN_PROCESS, S.SUPPLEMENT_REQUESTED]).values_list(
            "current_step", flat=True
        )
    )
    for step in DossierStep.objects.exclude(finished_at=None)[:500]:
        assert step.started_at <= step.finished_at


def test_the_statistics_equal_a_recount(generated):
    assert rollups.stored() == rollups.recount()


def test_codes_follow_the_scheme_and_the_counters_hold_the_last_number(generated, units):
    codes = list(Dossier.objects.values_list("code", "unit__code", "submitted_at", "unit_id"))
    assert len({c for c, *_ in codes}) == len(codes)
    last = defaultdict(int)
    for code, unit_code, submitted, unit_id in codes:
        day = submitted.astimezone(at(2026, 1, 1).tzinfo).date()
        assert re.fullmatch(rf"{unit_code}-{day:%y%m%d}-\d{{4}}", code), code
        last[(unit_id, day)] = max(last[(unit_id, day)], int(code[-4:]))
    stored = {(c.unit_id, c.day): c.last for c in DossierCounter.objects.all()}
    assert stored == dict(last)


def test_a_dossier_filed_after_a_bulk_load_gets_a_fresh_id_code_and_step(generated, units, procedures, staff):
    day = (
        Dossier.objects.filter(unit=units.ward_bim_son, submitted_at__lt=at(2026, 11, 20, 0))
        .latest("submitted_at")
        .submitted_at
    )
    top = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first()
    top_step = DossierStep.objects.order_by("-pk").values_list("pk", flat=True).first()
    used = DossierCounter.objects.get(
        unit=units.ward_bim_son, day=day.astimezone(at(2026, 1, 1).tzinfo).date()
    )
    d = actions.do_file_dossier(
        unit=units.ward_bim_son,
        procedure=procedures.birth,
        applicant=actions.Applicant("Lê Văn Tám"),
        channel="counter",
        actor=staff.ward_clerk,
        at=day,
    )
    assert d.pk == top + 1
    assert d.code.endswith(f"-{used.last + 1:04d}")
    received = actions.do_receive_complete(
        d,
        expected_version=d.version,
        actor=staff.ward_clerk,
        at=day,
        checked=list(d.procedure_version.documents.values_list("pk", flat=True)),
    )
    assert received.current_step_id is None or received.current_step_id > top_step
    assert rollups.stored() == rollups.recount()


def test_a_second_bulk_load_continues_after_the_first(generated, units):
    again = generate_bulk(year=2026, count=300, units=[units.ward_bim_son], seed=7)
    assert again.dossiers == 300
    assert Dossier.objects.count() == 1800
    assert Dossier.objects.values("code").distinct().count() == 1800
    assert rollups.stored() == rollups.recount()


def test_the_command_loads_in_bulk_for_every_desk_of_the_province(units, procedures, time_machine, settings):
    settings.PAR_DEMO_PROVINCE = "38"
    time_machine.move_to(at(2026, 11, 20, 9), tick=False)
    out = io.StringIO()
    call_command("generate_demo_dossiers", "--year", "2025", "--count", "400", "--bulk", stdout=out)
    assert re.match(r"400 dossiers \(\d+ rows\) for 2025", out.getvalue())
    assert Dossier.objects.filter(submitted_at__year=2025).count() == 400
    assert Dossier.objects.values("unit").distinct().count() > 2
    assert rollups.stored() == rollups.recount()


def _schema():
    from django.db import connection

    from par.dossiers.bulk import COLUMNS

    tables = [m._meta.db_table for m in COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) "
            "UNION SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[])",
            [tables, tables],
        )
        return set(cursor.fetchall())


def test_a_large_load_rebuilds_the_indexes_and_foreign_keys_it_set_aside(units, procedures, time_machine):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("indexes are set aside on PostgreSQL only")
    time_machine.move_to(at(2026, 11, 20, 9), tick=False)
    before = _schema()
    report = generate_bulk(
        year=2026, count=600, units=[units.ward_bim_son, units.justice], rebuild_indexes=True
    )
    assert report.dossiers == Dossier.objects.count() == 600
    assert _schema() == before
    assert rollups.stored() == rollups.recount()
    assert (
        Dossier.objects.filter(current_step__isnull=False).count()
        == DossierStep.objects.filter(finished_at__isnull=True).count()
    )


def test_indexes_set_aside_for_one_table_leave_the_other_tables_indexed(units, procedures):
    from django.db import connection, transaction

    from par.dossiers.bulk import indexes_rebuilt_after

    if connection.vendor != "postgresql":
        pytest.skip("indexes are set aside on PostgreSQL only")
    before = _schema()
    names = ["dossier_received_on_idx", "dossier_step_unit_idx"]
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        indexes_rebuilt_after(cursor, True, models=[Dossier]),
    ):
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [names])
        assert {name for (name,) in cursor.fetchall()} == {"dossier_step_unit_idx"}
    assert _schema() == before
