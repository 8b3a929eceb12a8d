"""Rebuilding the statistics while officers work loses none of their transitions (PostgreSQL: two connections)."""

import os
import threading

import pytest
from django.db import connection

from par.dossiers import actions, rollups
from par.dossiers.models import Dossier, DossierRollup
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db(transaction=True)


def _blocked_or_done(pid: dict, done: threading.Event) -> None:
    """Wait until the other connection finished or is waiting for a lock."""
    with connection.cursor() as cursor:
        for _ in range(3000):
            if done.wait(0.01):
                return
            if "pid" in pid:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = %s AND NOT granted", [pid["pid"]])
                if cursor.fetchone()[0]:
                    return
    raise AssertionError("the other transition neither finished nor waited")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row and table locks between two connections")
@pytest.mark.skipif(
    "FAKETIME" in os.environ,
    reason="libfaketime stalls the waiting thread; the real-clock run covers this test",
)
def test_a_transition_committed_while_the_table_is_recounted_is_kept(file_birth, staff, monkeypatch):
    d = file_birth(at(2026, 11, 9, 9, 0))
    recount = rollups.recount
    other: dict = {}
    done = threading.Event()

    def supplement_requested_meanwhile():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                other["pid"] = cursor.fetchone()[0]
            fresh = Dossier.objects.get(pk=d.pk)
            actions.do_request_supplement(
                fresh, reason="Thiếu tờ khai", expected_version=fresh.version, actor=staff.ward_officer
            )
        except BaseException as exc:  # reported by the test below
            other["error"] = exc
        finally:
            connection.close()
            done.set()

    def recount_while_an_officer_acts(*args, **kwargs):
        table = recount(*args, **kwargs)
        thread = threading.Thread(target=supplement_requested_meanwhile)
        thread.start()
        other["thread"] = thread
        _blocked_or_done(other, done)
        return table

    monkeypatch.setattr(rollups, "recount", recount_while_an_officer_acts)
    rollups.rebuild()
    other["thread"].join(timeout=60)
    assert done.is_set() and "error" not in other, other.get("error")
    row = DossierRollup.objects.get()
    assert (row.received, row.pending, row.paused) == (1, 1, 1)  # the supplement request is counted
    assert rollups.stored() == recount()


def test_the_rebuild_keeps_rows_in_place_and_zeroes_those_nothing_counts_any_more(file_birth):
    file_birth(at(2026, 11, 9, 9, 0))
    row = DossierRollup.objects.get()
    stray = DossierRollup.objects.create(
        unit_id=row.unit_id, procedure_id=row.procedure_id, day=row.day, channel="postal", received=4
    )
    DossierRollup.objects.filter(pk=row.pk).update(received=9)
    assert rollups.rebuild() == 1
    assert DossierRollup.objects.get(pk=row.pk).received == 1  # the same row, corrected
    assert DossierRollup.objects.get(pk=stray.pk).received == 0  # kept, emptied
    assert rollups.stored() == rollups.recount()
