"""The audit trail is append-only; settings helpers fail loudly."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from par.audit.log import record_event
from par.audit.models import AuditEvent
from par.core.env import envbool, envint

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted():
    with transaction.atomic():
        event = record_event(actor=None, action="test.append", object_repr="x")
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="changed")


@pytest.mark.django_db(transaction=True)
def test_audit_event_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        record_event(actor=None, action="test.loose")


def test_bad_environment_values_fail_loudly(monkeypatch):
    monkeypatch.setenv("PAR_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("PAR_FLAG", False)
    monkeypatch.setenv("PAR_NUM", "ten")
    with pytest.raises(ImproperlyConfigured):
        envint("PAR_NUM", 1)
