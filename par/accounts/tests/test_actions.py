"""Membership actions: permission, audit row, all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from par.accounts import actions
from par.accounts.access import has_role, visible_units
from par.accounts.models import Membership, Role
from par.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_par_officer_grants_a_role_in_a_ward_and_it_is_audited(people, units):
    membership = actions.do_grant_membership(
        people.outsider,
        units.ward_quang_trung,
        Role.PROCESSING_OFFICER,
        actor=people.par_officer,
        reason="Điều động",
    )
    event = AuditEvent.objects.get(action="accounts.grant_membership")
    assert event.actor == people.par_officer and event.unit == units.ward_quang_trung
    assert event.object_id == str(membership.pk) and event.reason == "Điều động"


def test_unit_officer_cannot_grant_roles_and_nothing_is_written(people, units):
    before = (Membership.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        actions.do_grant_membership(
            people.outsider, units.justice, Role.UNIT_HEAD, actor=people.justice_officer
        )
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_granting_the_same_role_twice_is_a_clear_error_and_writes_nothing(people, units):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="đã có vai trò này"):
        actions.do_grant_membership(
            people.ward_clerk, units.ward_bim_son, Role.ONE_STOP_CLERK, actor=people.admin
        )
    assert AuditEvent.objects.count() == before


def test_a_failure_after_the_audit_row_rolls_back_both(people, units, monkeypatch):
    """The change and its audit row commit together or not at all."""

    memberships = Membership.objects.count()
    events = AuditEvent.objects.count()
    monkeypatch.setattr(
        actions, "record_event", lambda **kw: (_ for _ in ()).throw(RuntimeError("audit store unavailable"))
    )
    with pytest.raises(RuntimeError):
        actions.do_grant_membership(people.outsider, units.justice, Role.UNIT_OFFICER, actor=people.admin)
    assert Membership.objects.count() == memberships
    assert AuditEvent.objects.count() == events


def test_revoking_a_role_removes_access(people, units):
    membership = Membership.objects.get(user=people.ward_clerk)
    actions.do_revoke_membership(membership, actor=people.par_officer, reason="Nghỉ hưu")
    assert not visible_units(people.ward_clerk).exists()
    assert AuditEvent.objects.filter(action="accounts.revoke_membership", reason="Nghỉ hưu").exists()


def test_subtree_role_at_the_province_reaches_every_commune(people, units):
    assert has_role(people.par_officer, units.ward_quang_trung, {Role.PAR_OFFICER})
    assert not has_role(people.ward_clerk, units.ward_quang_trung, {Role.ONE_STOP_CLERK})
    assert not has_role(people.outsider, units.justice, {Role.UNIT_OFFICER})


def test_visible_units_is_one_query_whatever_the_tree_size(people, units, django_assert_num_queries):
    with django_assert_num_queries(2):  # the user's paths, then the units
        names = {u.name for u in visible_units(people.justice_head)}
    assert names == {"Sở Tư pháp"}


def test_user_may_edit_own_profile_but_not_flags(people):
    actions.do_update_user(
        people.justice_officer, changes={"job_title": "Chuyên viên"}, actor=people.justice_officer
    )
    with pytest.raises(PermissionDenied):
        actions.do_update_user(
            people.justice_officer, changes={"is_staff": True}, actor=people.justice_officer
        )
    with pytest.raises(PermissionDenied):
        actions.do_update_user(people.justice_head, changes={"job_title": "x"}, actor=people.justice_officer)
