"""`make demo` loads Thanh Hóa, the calendar, users and a plan; running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from par.accounts.models import Membership, User
from par.audit.models import AuditEvent
from par.orgunits.models import Unit
from par.plans.models import ReformPlan

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_demo_loads_the_province_users_and_plan_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "cchc.tinh" in printed and "demo-par-2026" in printed
    plan = ReformPlan.objects.get(unit__code="38")
    assert plan.state == "issued" and plan.tasks.count() >= 15
    counts = (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        ReformPlan.objects.count(),
    )
    events = AuditEvent.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        ReformPlan.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == events
