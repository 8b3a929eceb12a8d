"""Delivery in order per stream: a failure stops its stream, retries back off exponentially, the last failure
makes the item dead, and a dead item holds its stream until an administrator acts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from par.audit.models import AuditEvent
from par.sync.actions import backoff
from par.sync.adapters import Sent
from par.sync.delivery import deliver_pending
from par.sync.models import OutboxEvent, OutboxState
from par.sync.outbox import PETITIONS, REPORTS, emit

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 9, 15, 3, 0, tzinfo=dt.UTC)


class FakeNational:
    """Records what it is sent; fails the keys in `failing` (a set the test changes)."""

    configured = True

    def __init__(self):
        self.sent: list[tuple[str, int, int]] = []
        self.failing: set[str] = set()

    def send(self, event, previous):
        if event.key in self.failing:
            return Sent(False, "HTTP 500: down")
        self.sent.append((event.stream, event.sequence, previous))
        return Sent(True)


@pytest.fixture
def outbox(settings):
    settings.SYNC_ENABLED = True
    settings.SYNC_BACKOFF_SECONDS = 30
    settings.SYNC_BACKOFF_MAX_SECONDS = 3600
    settings.SYNC_MAX_ATTEMPTS = 3
    with time_machine.travel(T0, tick=False), transaction.atomic():
        for n in (1, 2, 3):
            emit(REPORTS, f"r{n}", {"n": n})
        emit(PETITIONS, "p1", {"n": 1})


def test_the_back_off_doubles_from_the_base_and_stops_at_the_cap(settings):
    settings.SYNC_BACKOFF_SECONDS = 30
    settings.SYNC_BACKOFF_MAX_SECONDS = 3600
    waits = [backoff(n).total_seconds() for n in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_every_stream_is_sent_in_order_with_the_number_before_each_item(outbox):
    national = FakeNational()
    with time_machine.travel(T0, tick=False):
        assert deliver_pending(adapter=national) == {"delivered": 4, "failed": 0}
    assert national.sent == [(PETITIONS, 1, 0), (REPORTS, 1, 0), (REPORTS, 2, 1), (REPORTS, 3, 2)]
    assert set(OutboxEvent.objects.values_list("state", flat=True)) == {OutboxState.DELIVERED}


def test_a_failure_stops_its_stream_until_its_back_off_has_passed_while_other_streams_go_on(outbox):
    national = FakeNational()
    national.failing = {"r2"}
    with time_machine.travel(T0, tick=False):
        assert deliver_pending(adapter=national) == {"delivered": 2, "failed": 1}
    assert national.sent == [(PETITIONS, 1, 0), (REPORTS, 1, 0)]
    r2 = OutboxEvent.objects.get(key="r2")
    assert (r2.attempts, r2.next_attempt_at, r2.last_error) == (
        1,
        T0 + dt.timedelta(seconds=30),
        "HTTP 500: down",
    )
    national.failing = set()
    with time_machine.travel(T0 + dt.timedelta(seconds=29), tick=False):
        assert deliver_pending(adapter=national) == {"delivered": 0, "failed": 0}
    with time_machine.travel(T0 + dt.timedelta(seconds=30), tick=False):
        assert deliver_pending(adapter=national) == {"delivered": 2, "failed": 0}
    assert national.sent[2:] == [(REPORTS, 2, 1), (REPORTS, 3, 2)]


def test_after_the_last_attempt_the_item_is_dead_audited_and_holds_its_stream(outbox):
    national = FakeNational()
    national.failing = {"r1"}
    moment = T0
    for _attempt in range(3):
        with time_machine.travel(moment, tick=False):
            deliver_pending(adapter=national)
        moment += dt.timedelta(hours=2)
    r1 = OutboxEvent.objects.get(key="r1")
    assert (r1.state, r1.attempts) == (OutboxState.DEAD, 3)
    assert AuditEvent.objects.filter(action="sync.dead", object_id=str(r1.pk)).count() == 1
    national.failing = set()
    with time_machine.travel(moment + dt.timedelta(days=1), tick=False):
        deliver_pending(adapter=national)
    assert [s for s in national.sent if s[0] == REPORTS] == []


def test_nothing_is_sent_while_sync_is_off_or_has_no_address(outbox, settings):
    national = FakeNational()
    settings.SYNC_ENABLED = False
    assert deliver_pending(adapter=national) == {"delivered": 0, "failed": 0}
    settings.SYNC_ENABLED = True
    settings.SYNC_NATIONAL_URL = ""
    assert deliver_pending() == {"delivered": 0, "failed": 0}
    assert national.sent == []
