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
    # The bodies the province's plans name are units of the demo province, in force today.
    named = Unit.objects.current().filter(path__startswith=plan.unit.path)
    assert named.filter(name="Trung tâm Phục vụ hành chính công tỉnh", kind="public_service").exists()
    assert named.filter(name="Báo và Phát thanh, Truyền hình Thanh Hóa").exists()
    assert named.filter(name="Văn phòng Ủy ban nhân dân tỉnh", kind="department").exists()
    assert (
        Unit.objects.filter(name__in=["Đài Phát thanh và Truyền hình Thanh Hóa", "Báo Thanh Hóa"]).count()
        == 2
    )
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
