"""/readyz, the readiness probe: the database, the cache and the task queue, through HTTP (decision 0162)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError
from django_tasks import ResultStatus
from django_tasks.backends.database.models import DBTaskResult

from par.core import views
from par.plans.tasks import sweep_plan_deadlines

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def test_a_working_site_is_ready_for_anyone_and_the_answer_is_never_cached(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok", "tasks": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_officer_gets_the_same_answer(client_for, people):
    response = client_for(people.ward_clerk).get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "ready"


def test_a_database_that_does_not_answer_makes_the_site_not_ready_without_telling_why(client):
    refused = OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed: password')
    with mock.patch.dict(views.CHECKS, database=mock.Mock(side_effect=refused)):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not_ready",
        "checks": {"database": "error", "cache": "ok", "tasks": "ok"},
    }
    assert b"10.0.0.5" not in response.content and b"password" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_a_failing_cache_makes_the_site_not_ready(client):
    with mock.patch.object(cache, "set", side_effect=ConnectionError("redis://cache.internal:6379 refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error", "tasks": "ok"}
    assert b"cache.internal" not in response.content


def test_a_cache_that_loses_what_it_was_given_makes_the_site_not_ready(client):
    with mock.patch.object(cache, "get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["cache"] == "error"


def enqueue(task, captured):
    """Enqueue as an action does: the task row is written when the transaction commits."""
    with captured(execute=True):
        return task.enqueue()


def test_a_task_waiting_longer_than_the_allowed_age_means_the_worker_is_stuck(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAR_READY_MAX_QUEUE_AGE = 10
    with time_machine.travel(NOW - dt.timedelta(minutes=11), tick=False):
        enqueue(sweep_plan_deadlines, django_capture_on_commit_callbacks)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "tasks": "stuck"}


def test_a_task_enqueued_within_the_allowed_age_or_due_later_keeps_the_site_ready(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAR_READY_MAX_QUEUE_AGE = 10
    with time_machine.travel(NOW - dt.timedelta(minutes=9), tick=False):
        enqueue(sweep_plan_deadlines, django_capture_on_commit_callbacks)
    with time_machine.travel(NOW - dt.timedelta(hours=2), tick=False):
        # Enqueued long ago, but due only in an hour: not waiting yet.
        later = sweep_plan_deadlines.using(run_after=NOW + dt.timedelta(hours=1))
        enqueue(later, django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.filter(status=ResultStatus.READY).count() == 2
    with time_machine.travel(NOW, tick=False):
        response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["tasks"] == "ok"
    # Once that hour has passed and ten more minutes, it has waited too long.
    with time_machine.travel(NOW + dt.timedelta(hours=1, minutes=11), tick=False):
        assert client.get("/readyz").json()["checks"]["tasks"] == "stuck"


def test_healthz_stays_the_plain_liveness_probe(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
