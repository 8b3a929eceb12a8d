"""Dossier actions: who may do what, the history they leave, and concurrent actions on one dossier."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from par.audit.models import AuditEvent
from par.core.exceptions import ConflictError
from par.dossiers import actions
from par.dossiers.actions import Applicant
from par.dossiers.models import Dossier, DossierState, Outcome
from par.dossiers.signals import dossier_changed
from par.dossiers.tests.conftest import at, checklist_ids

pytestmark = pytest.mark.django_db
S = DossierState


def test_a_counter_dossier_gets_a_daily_code_of_its_unit(file_birth):
    first = file_birth(at(2026, 11, 9, 9, 0))
    second = file_birth(at(2026, 11, 9, 10, 0))
    assert (first.code, second.code) == ("14812-261109-0001", "14812-261109-0002")


def test_online_intake_needs_no_clerk_and_waits_for_the_check(file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0), receive=False, channel="online")
    assert (d.state, d.channel, d.received_at, d.due_date) == (S.SUBMITTED, "online", None, None)
    assert d.events.get().actor is None


def test_without_a_clerk_only_online_dossiers_can_be_filed(units, procedures):
    with pytest.raises(PermissionDenied):
        actions.do_file_dossier(
            unit=units.ward_bim_son,
            procedure=procedures.birth,
            applicant=Applicant("A"),
            channel="counter",
            actor=None,
        )
    assert not Dossier.objects.exists()


def test_a_clerk_of_another_ward_cannot_file_or_receive_here(units, procedures, staff, file_birth):
    with pytest.raises(PermissionDenied):
        actions.do_file_dossier(
            unit=units.ward_bim_son,
            procedure=procedures.birth,
            applicant=Applicant("Nguyễn Văn An"),
            channel="counter",
            actor=staff.other_ward_clerk,
        )
    d = file_birth(at(2026, 11, 9, 9, 0), receive=False, channel="online")
    with pytest.raises(PermissionDenied):
        actions.do_receive_complete(d, expected_version=d.version, actor=staff.other_ward_clerk)
    d.refresh_from_db()
    assert d.state == S.SUBMITTED and d.events_count == 1


def test_a_provincial_procedure_cannot_be_filed_at_a_ward(units, procedures, staff):
    with pytest.raises(ValidationError, match="cấp"):
        actions.do_file_dossier(
            unit=units.ward_bim_son,
            procedure=procedures.record,
            applicant=Applicant("Nguyễn Văn An"),
            channel="counter",
            actor=staff.ward_clerk,
        )


def test_of_two_officers_acting_on_the_same_version_the_second_gets_a_conflict(file_birth, staff):
    d = file_birth(at(2026, 11, 9, 9, 0))
    seen = d.version
    actions.do_assign(d, assignee=staff.ward_officer, expected_version=seen, actor=staff.ward_officer)
    with pytest.raises(ConflictError, match="Tải lại trang"):
        actions.do_assign(d, assignee=staff.ward_officer_2, expected_version=seen, actor=staff.ward_officer_2)
    d.refresh_from_db()
    assert d.current_step.assignee == staff.ward_officer
    assert list(d.events.values_list("action", flat=True)) == ["file", "receive", "assign"]


def test_each_action_writes_its_event_and_audit_row_and_announces_the_change(
    file_birth, staff, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, code, **kwargs):
        received.append(code)

    dossier_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            d = file_birth(at(2026, 11, 9, 9, 0))
    finally:
        dossier_changed.disconnect(listener)
    assert received == [d.code, d.code]
    assert list(
        AuditEvent.objects.filter(object_type="dossiers.dossier", object_id=str(d.pk))
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "dossiers.file",
        "dossiers.receive",
    ]
    event = d.events.order_by("sequence").last()
    assert (event.from_state, event.to_state, event.actor) == (S.SUBMITTED, S.RECEIVED, staff.ward_clerk)


def test_an_inter_agency_step_goes_to_the_other_agency_which_then_sees_the_dossier(units, procedures, staff):
    from par.dossiers.access import visible_dossiers

    d = actions.do_file_dossier(
        unit=units.justice,
        procedure=procedures.record,
        applicant=Applicant("Trần Văn Bình"),
        channel="postal",
        actor=staff.justice_clerk,
        at=at(2026, 11, 2, 9),
    )
    d = actions.do_receive_complete(
        d,
        expected_version=d.version,
        actor=staff.justice_clerk,
        at=at(2026, 11, 2, 9),
        checked=checklist_ids(d),
    )
    d = actions.do_move_to_next_step(
        d, expected_version=d.version, actor=staff.justice_officer, at=at(2026, 11, 2, 10)
    )
    assert not visible_dossiers(staff.home_affairs_officer).filter(pk=d.pk).exists()
    with pytest.raises(ValidationError, match="cơ quan"):
        actions.do_move_to_next_step(d, expected_version=d.version, actor=staff.justice_officer)
    d = actions.do_move_to_next_step(
        d,
        expected_version=d.version,
        actor=staff.justice_officer,
        unit=units.home_affairs,
        at=at(2026, 11, 3, 9),
    )
    assert d.current_step.unit == units.home_affairs
    assert visible_dossiers(staff.home_affairs_officer).filter(pk=d.pk).exists()
    # The justice officer no longer holds the step; the home affairs officer does.
    with pytest.raises(PermissionDenied):
        actions.do_submit_for_approval(d, expected_version=d.version, actor=staff.justice_officer)
    d = actions.do_return_to_step(
        d,
        position=2,
        note="Thiếu thông tin nhân thân",
        expected_version=d.version,
        actor=staff.home_affairs_officer,
    )
    assert (d.current_step.position, d.current_step.unit) == (2, units.justice)
    assert d.steps.count() == 4


def test_the_full_journey_ends_with_the_result_returned_on_time(file_birth, staff):
    d = file_birth(at(2026, 11, 9, 9, 0))
    d = actions.do_move_to_next_step(
        d, expected_version=d.version, actor=staff.ward_officer, at=at(2026, 11, 9, 14)
    )
    d = actions.do_assign(
        d, assignee=staff.ward_officer, expected_version=d.version, actor=staff.ward_officer
    )
    d = actions.do_submit_for_approval(
        d, expected_version=d.version, actor=staff.ward_officer, at=at(2026, 11, 10, 9)
    )
    with pytest.raises(PermissionDenied):
        actions.do_approve(d, expected_version=d.version, actor=staff.ward_officer)
    d = actions.do_approve(
        d, expected_version=d.version, actor=staff.ward_leader, number="15/GKS", at=at(2026, 11, 11, 8)
    )
    d = actions.do_issue_result(d, expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 11, 9))
    assert (d.state, d.outcome, d.resolved_on.isoformat()) == (S.RESULT_READY, Outcome.ON_TIME, "2026-11-11")
    d = actions.do_return_result(
        d, method="counter", expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 12, 9)
    )
    assert d.state == S.RETURNED and d.result.return_method == "counter" and d.result.number == "15/GKS"
    with pytest.raises(ValidationError):
        actions.do_withdraw(d, reason="x", expected_version=d.version, actor=staff.ward_clerk)


def test_a_refusal_needs_a_reason_and_is_only_possible_before_receipt(file_birth, staff):
    d = file_birth(at(2026, 11, 9, 9, 0), receive=False, channel="online")
    with pytest.raises(ValidationError):
        actions.do_refuse(d, reason=" ", expected_version=d.version, actor=staff.ward_clerk)
    d = actions.do_refuse(
        d, reason="Không thuộc thẩm quyền", expected_version=d.version, actor=staff.ward_clerk
    )
    assert d.state == S.REFUSED and d.closed_reason == "Không thuộc thẩm quyền"
    received = file_birth(at(2026, 11, 9, 9, 0))
    with pytest.raises(ValidationError):
        actions.do_refuse(received, reason="x", expected_version=received.version, actor=staff.ward_clerk)


def test_a_withdrawn_dossier_closes_its_pause(file_birth, staff):
    d = file_birth(at(2026, 11, 9, 9, 0))
    d = actions.do_request_supplement(
        d, reason="Thiếu giấy", expected_version=d.version, actor=staff.ward_officer
    )
    d = actions.do_withdraw(d, reason="Người nộp xin rút", expected_version=d.version, actor=staff.ward_clerk)
    assert d.state == S.WITHDRAWN and not d.pauses.filter(resumed_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_the_same_moment_one_wins_and_the_other_is_told(file_birth, staff):
    """Real concurrency on PostgreSQL: both threads read version n; the row lock serialises them."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    d = file_birth(at(2026, 11, 9, 9, 0))
    seen = d.version
    barrier = threading.Barrier(2)
    outcomes = []

    def act(officer):
        try:
            barrier.wait()
            actions.do_assign(Dossier(pk=d.pk), assignee=officer, expected_version=seen, actor=officer)
            outcomes.append("ok")
        except ConflictError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(o,)) for o in (staff.ward_officer, staff.ward_officer_2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=len)[0] == "ok"
    assert "Tải lại trang" in sorted(outcomes, key=len)[1]
    d.refresh_from_db()
    assert d.version == seen + 1 and d.events.filter(action="assign").count() == 1
