"""Unit actions: who may create, change and close units; paths follow moves; every change is audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from par.audit.models import AuditEvent
from par.orgunits import actions
from par.orgunits.models import AdminLevel, LineageKind, Unit, UnitKind, UnitLineage, successors

pytestmark = pytest.mark.django_db


def create_public_service_unit(parent, actor, code="38.SNV.TT"):
    return actions.do_create_unit(
        code=code,
        name="Trung tâm Lưu trữ lịch sử",
        kind=UnitKind.PUBLIC_SERVICE,
        level=AdminLevel.PROVINCE,
        parent=parent,
        actor=actor,
        reason="Thành lập",
    )


def test_par_officer_creates_a_unit_below_the_province_and_it_is_audited(people, units):
    unit = create_public_service_unit(units.home_affairs, people.par_officer)
    assert unit.path == units.home_affairs.path + str(unit.pk).zfill(8)
    assert unit.depth == 2 and unit.ancestor_ids == [units.province.pk, units.home_affairs.pk]
    event = AuditEvent.objects.get(action="orgunits.create_unit")
    assert event.actor == people.par_officer and event.unit == unit and event.reason == "Thành lập"
    assert event.after["code"] == "38.SNV.TT" and event.after["path"] == unit.path


@pytest.mark.parametrize("who", ["justice_head", "outsider", "auditor"])
def test_others_cannot_create_units_and_nothing_is_written(people, units, who):
    before = (Unit.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        create_public_service_unit(units.justice, getattr(people, who))
    assert (Unit.objects.count(), AuditEvent.objects.count()) == before


def test_a_missing_actor_is_refused_outside_the_loader(units):
    with pytest.raises(PermissionDenied):
        create_public_service_unit(units.home_affairs, None)
    with pytest.raises(PermissionDenied):
        actions.do_update_unit(units.justice, changes={"name": "X"}, actor=None)
    with pytest.raises(PermissionDenied):
        actions.do_close_unit(units.justice, dt.date(2025, 2, 28), [units.home_affairs], actor=None)


def test_only_a_superuser_creates_a_root_unit(people):
    with pytest.raises(PermissionDenied):
        actions.do_create_unit(
            code="40",
            name="Tỉnh Nghệ An",
            kind=UnitKind.PROVINCE,
            level=AdminLevel.PROVINCE,
            actor=people.par_officer,
        )
    root = actions.do_create_unit(
        code="40", name="Tỉnh Nghệ An", kind=UnitKind.PROVINCE, level=AdminLevel.PROVINCE, actor=people.admin
    )
    assert root.path == str(root.pk).zfill(8) and root.depth == 0


def test_a_duplicate_code_and_start_date_is_a_clear_error(people, units):
    with pytest.raises(ValidationError, match="Đã có đơn vị với mã này"):
        actions.do_create_unit(
            code="38.STP",
            name="Sở Tư pháp (trùng)",
            kind=UnitKind.DEPARTMENT,
            level=AdminLevel.PROVINCE,
            parent=units.province,
            actor=people.admin,
        )


def test_moving_a_unit_moves_its_whole_subtree(people, units):
    centre = create_public_service_unit(units.home_affairs, people.par_officer)
    branch = create_public_service_unit(centre, people.par_officer, code="38.SNV.TT.CN")
    moved = actions.do_update_unit(
        centre, changes={"parent": units.justice}, actor=people.par_officer, reason="Chuyển về Sở Tư pháp"
    )
    branch.refresh_from_db()
    assert moved.path == units.justice.path + str(centre.pk).zfill(8)
    assert branch.path == moved.path + str(branch.pk).zfill(8) and branch.depth == 3
    assert list(units.justice.subtree().order_by("depth").values_list("pk", flat=True)) == [
        units.justice.pk,
        centre.pk,
        branch.pk,
    ]
    event = AuditEvent.objects.get(action="orgunits.update_unit")
    assert event.before["parent_id"] == units.home_affairs.pk and event.after["parent_id"] == units.justice.pk
    assert event.after["descendants_moved"] == 1


def test_a_unit_cannot_be_moved_below_itself(people, units):
    with pytest.raises(ValidationError):
        actions.do_update_unit(units.bim_son, changes={"parent": units.ba_dinh}, actor=people.admin)


def test_update_refuses_derived_fields(people, units):
    with pytest.raises(PermissionDenied):
        actions.do_update_unit(units.justice, changes={"path": "x"}, actor=people.admin)


def test_closing_a_unit_sets_its_last_day_and_writes_lineage(people, units):
    links = actions.do_close_unit(
        units.justice,
        dt.date(2025, 2, 28),
        [units.home_affairs],
        LineageKind.MERGE,
        actor=people.par_officer,
        reason="Hợp nhất",
        legal_basis="Quyết định số …/QĐ-UBND",
    )
    units.justice.refresh_from_db()
    assert units.justice.valid_to == dt.date(2025, 2, 28)
    assert [(link.new, link.effective_date) for link in links] == [(units.home_affairs, dt.date(2025, 3, 1))]
    assert list(successors(units.justice)) == [units.home_affairs]
    assert not Unit.objects.as_of(dt.date(2025, 3, 1)).filter(pk=units.justice.pk).exists()
    event = AuditEvent.objects.get(action="orgunits.close_unit")
    assert event.after["successors"] == [units.home_affairs.pk] and event.reason == "Hợp nhất"


def test_closing_refuses_open_children_bad_kinds_and_invalid_successors(people, units):
    with pytest.raises(ValidationError, match="cấp dưới"):
        actions.do_close_unit(units.province, dt.date(2025, 6, 30), [], actor=people.admin)
    with pytest.raises(ValidationError, match="đúng một"):
        actions.do_close_unit(units.justice, dt.date(2025, 2, 28), [], LineageKind.RENAME, actor=people.admin)
    with pytest.raises(ValidationError, match="ít nhất hai"):
        actions.do_close_unit(
            units.justice, dt.date(2025, 2, 28), [units.home_affairs], LineageKind.SPLIT, actor=people.admin
        )
    with pytest.raises(ValidationError, match="không có hiệu lực"):
        # The 2025 ward does not exist yet on 1 March 2025.
        actions.do_close_unit(units.justice, dt.date(2025, 2, 28), [units.ward_bim_son], actor=people.admin)
    with pytest.raises(ValidationError, match="đã được đóng"):
        actions.do_close_unit(units.ba_dinh, dt.date(2025, 6, 30), [units.ward_bim_son], actor=people.admin)
    assert not AuditEvent.objects.filter(action="orgunits.close_unit").exists()
    assert UnitLineage.objects.count() == 2  # the fixture's own


def test_the_loader_refuses_a_person_who_is_not_a_superuser(people):
    with pytest.raises(PermissionDenied):
        actions.do_load_province("38", actor=people.par_officer)
