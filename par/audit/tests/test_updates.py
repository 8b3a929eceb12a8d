"""The audited update shared by the `do_update_*` actions (docs/decisions/0128-one-audited-update.md).

A procedure of the catalogue stands in for any versioned row, its field of procedures for a row without a
version: the helper knows neither.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from par.audit.models import AuditEvent
from par.audit.updates import audited_update
from par.catalog.models import Field, Procedure
from par.core.exceptions import ConflictError

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    field = Field.objects.create(code="HT", name="Hộ tịch")
    return Procedure.objects.create(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        at_commune=True,
        responsible_kind="commune_committee",
        agency="UBND cấp xã",
    )


def update(target, changes, **options):
    with transaction.atomic():
        return audited_update(target, changes, actor=None, action="test.update", **options)


def test_a_change_writes_one_audit_row_with_only_the_changed_fields_before_and_after(procedure):
    changed = update(
        procedure, {"name": "Đăng ký khai sinh (sửa)", "agency": "UBND cấp xã"}, expected_version=1
    )

    event = AuditEvent.objects.get()
    assert (event.action, event.object_id) == ("test.update", str(procedure.pk))
    assert event.before == {"name": "Đăng ký khai sinh"}
    assert event.after == {"name": "Đăng ký khai sinh (sửa)"}
    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh (sửa)" and procedure.version == 2 == changed.version


def test_a_stale_version_is_refused_and_nothing_is_written(procedure):
    Procedure.objects.filter(pk=procedure.pk).update(version=2)

    with pytest.raises(ConflictError):
        update(procedure, {"name": "Tên khác"}, expected_version=1)

    procedure.refresh_from_db()
    assert (procedure.name, procedure.version) == ("Đăng ký khai sinh", 2)
    assert not AuditEvent.objects.exists()


def test_a_stale_version_says_the_actions_own_message_when_given(procedure):
    with pytest.raises(ConflictError, match="Reload the procedure"):
        update(procedure, {"name": "Tên khác"}, expected_version=7, conflict_message="Reload the procedure")


def test_invalid_values_are_refused_with_the_field_errors_and_nothing_is_written(procedure):
    with pytest.raises(ValidationError) as refused:
        update(procedure, {"name": "", "at_commune": False}, expected_version=1)

    assert "name" in refused.value.message_dict
    procedure.refresh_from_db()
    assert (procedure.name, procedure.at_commune, procedure.version) == ("Đăng ký khai sinh", True, 1)
    assert not AuditEvent.objects.exists()


def test_a_refusal_by_the_actions_check_comes_before_any_write(procedure):
    def published_only(row):
        if not row.is_published:
            raise ValidationError("Only a published procedure can be renamed here.")

    Procedure.objects.filter(pk=procedure.pk).update(is_published=False)

    with pytest.raises(ValidationError, match="Only a published procedure"):
        update(procedure, {"name": "Tên khác"}, check=published_only)

    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh" and not AuditEvent.objects.exists()


def test_a_change_to_nothing_new_writes_nothing_and_keeps_the_version(procedure):
    same = update(procedure, {"name": "Đăng ký khai sinh"}, expected_version=1)

    assert same.version == 1
    procedure.refresh_from_db()
    assert procedure.version == 1
    assert not AuditEvent.objects.exists()


def test_a_change_to_nothing_new_on_a_stale_page_is_still_refused(procedure):
    with pytest.raises(ConflictError):
        update(procedure, {"name": "Đăng ký khai sinh"}, expected_version=5)


def test_values_computed_from_the_stored_row_see_the_row_as_locked(procedure):
    Procedure.objects.filter(pk=procedure.pk).update(agency="Sở Tư pháp")

    update(procedure, lambda row: {"result": f"Kết quả của {row.agency}"})

    procedure.refresh_from_db()
    assert procedure.result == "Kết quả của Sở Tư pháp"


def test_a_queryset_locks_the_one_row_it_selects(procedure):
    changed = update(Procedure.objects.select_related("field").filter(pk=procedure.pk), {"agency": "UBND xã"})

    assert changed.agency == "UBND xã" and changed.field.code == "HT"


def test_a_foreign_key_change_is_audited_by_its_id(procedure):
    other = Field.objects.create(code="CT", name="Chứng thực")

    update(procedure, {"field": other})

    event = AuditEvent.objects.get()
    assert (event.before, event.after) == ({"field_id": procedure.field_id}, {"field_id": other.pk})


def test_the_audit_row_shows_only_the_fields_the_action_names(procedure):
    update(procedure, {"name": "Tên mới", "source": "bí mật"}, fields=["name"])

    event = AuditEvent.objects.get()
    assert (event.before, event.after) == ({"name": "Đăng ký khai sinh"}, {"name": "Tên mới"})
    procedure.refresh_from_db()
    assert procedure.source == "bí mật"


def test_the_audit_row_names_the_unit_and_reason_it_is_given(procedure, units):
    update(procedure, {"name": "Tên mới"}, unit=units.justice, reason="Sửa lỗi chính tả")

    event = AuditEvent.objects.get()
    assert (event.unit, event.reason) == (units.justice, "Sửa lỗi chính tả")


def test_a_row_without_a_version_is_changed_and_audited_without_a_check(procedure):
    update(procedure.field, {"name": "Hộ tịch (sửa)"})

    assert AuditEvent.objects.get().after == {"name": "Hộ tịch (sửa)"}


def test_asking_for_a_version_check_on_a_row_without_a_version_is_a_programming_error(procedure):
    with pytest.raises(TypeError):
        update(procedure.field, {"name": "Hộ tịch (sửa)"}, expected_version=1)


def test_an_unknown_field_name_is_a_programming_error_not_a_silent_attribute(procedure):
    with pytest.raises(TypeError, match="nmae"):
        update(procedure, {"nmae": "Tên mới"})


@pytest.mark.django_db(transaction=True)
def test_it_runs_only_inside_the_actions_transaction(procedure):
    with pytest.raises(RuntimeError):
        audited_update(procedure, {"name": "Tên mới"}, actor=None, action="test.update")
    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh"


def test_one_update_costs_the_lock_the_save_and_the_audit_row(procedure, django_assert_num_queries):
    # The lock, full_clean's reads (the field exists, the code is unique, the level check in its savepoint), the
    # save and the audit row, in the savepoint of the test's atomic block: no read beyond what the action needs.
    with django_assert_num_queries(10):
        update(procedure, {"name": "Tên mới"})
