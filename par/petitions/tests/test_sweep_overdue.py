"""The overdue sweep: the responsible unit's officers and head are told once, inline and in the worker."""

import datetime as dt
import signal

import pytest
from django.core.management import call_command
from django_tasks.backends.database.models import DBTaskResult

from par.notices.models import Notice
from par.petitions.tasks import sweep, sweep_petition_deadlines

LATER = dt.date(2026, 4, 2)  # after the 30/03/2026 deadline


@pytest.mark.django_db
def test_officers_and_head_of_the_responsible_unit_hear_of_an_overdue_petition(petitions, people):
    sent = sweep(LATER)
    assert sent == {"petitions": 1, "notices": 2}
    notice = Notice.objects.get(user=people.justice_officer, kind="petitions.overdue")
    assert petitions.routed.code in notice.title and "30/03/2026" in notice.title
    assert notice.url == f"/petitions/{petitions.routed.pk}/"
    assert Notice.objects.filter(user=people.justice_head, kind="petitions.overdue").exists()
    assert not Notice.objects.filter(user=people.home_affairs_officer, kind="petitions.overdue").exists()


@pytest.mark.django_db
def test_nothing_is_sent_before_the_deadline_or_twice(petitions):
    assert sweep(dt.date(2026, 3, 30))["notices"] == 0
    sweep(LATER)
    assert sweep(LATER + dt.timedelta(days=1))["notices"] == 0


@pytest.mark.django_db
def test_the_command_runs_the_sweep_inline(petitions, capsys, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 2, 2, 0, tzinfo=dt.UTC), tick=False)
    call_command("sweep_petition_deadlines")
    assert "2 notice(s) sent" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_enqueued_sweep_fires_in_the_database_worker(petitions, people, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 2, 2, 0, tzinfo=dt.UTC), tick=False)
    result = sweep_petition_deadlines.enqueue()
    assert not Notice.objects.filter(kind="petitions.overdue").exists()
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    finished = DBTaskResult.objects.get(pk=result.id)
    assert finished.status == "SUCCEEDED", finished.exception_class_path
    assert finished.return_value == {"petitions": 1, "notices": 2}
    users = set(Notice.objects.filter(kind="petitions.overdue").values_list("user__username", flat=True))
    assert users == {"hung", "mai"}
