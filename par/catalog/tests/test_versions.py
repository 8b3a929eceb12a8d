"""Versions in force by date, and the rules every write keeps: no overlaps, committed ≤ legal, step totals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from par.audit.models import AuditEvent
from par.catalog.actions import (
    do_add_version,
    do_set_steps_and_documents,
    do_update_procedure,
    do_update_version,
)
from par.catalog.models import ProcedureVersion
from par.catalog.tests.conftest import document_inputs, step_inputs, version_data
from par.core.exceptions import ConflictError
from par.core.text import search_key

pytestmark = pytest.mark.django_db


def test_a_dossier_received_on_30_06_2025_gets_the_old_version_and_on_01_07_2025_the_new_one(birth):
    before = ProcedureVersion.objects.in_force(dt.date(2025, 6, 30)).get(procedure=birth)
    after = ProcedureVersion.objects.in_force(dt.date(2025, 7, 1)).get(procedure=birth)
    assert (before.valid_from, before.valid_to, before.committed_days) == (
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
        Decimal("3.0"),
    )
    assert (after.valid_from, after.valid_to, after.committed_days) == (
        dt.date(2025, 7, 1),
        None,
        Decimal("2.0"),
    )
    assert birth.version_on(dt.date(2023, 12, 31)) is None


def test_adding_a_version_closes_the_previous_one_the_day_before_and_is_audited(birth):
    events = AuditEvent.objects.filter(action="catalog.add_version").order_by("pk")
    assert events.count() == 2
    assert events.last().before == {"closed": {"valid_from": "2024-01-01", "valid_to": "2025-06-30"}}
    assert [s["days"] for s in events.last().after["steps"]] == ["0.5", "1.0", "0.5"]


@pytest.mark.smoke
def test_a_version_inside_an_existing_one_is_refused_in_vietnamese(birth, people):
    data = version_data(dt.date(2024, 3, 1), 3, 3, valid_to=dt.date(2024, 5, 31))
    with pytest.raises(ValidationError) as caught:
        do_add_version(birth, data=data, actor=people.admin)
    assert caught.value.message_dict["valid_from"] == [
        "Khoảng thời gian này trùng với phiên bản áp dụng từ ngày 01/01/2024 đến ngày 30/06/2025."
    ]
    assert birth.versions.count() == 2


def test_an_open_version_before_a_later_one_is_refused(birth, people):
    birth.versions.filter(valid_from=dt.date(2025, 7, 1)).update(valid_to=dt.date(2025, 12, 31))
    do_add_version(birth, data=version_data(dt.date(2026, 3, 1), 3, 2), actor=people.admin)
    with pytest.raises(
        ValidationError, match="trùng với phiên bản áp dụng từ ngày 01/03/2026, chưa có ngày kết thúc"
    ):
        do_add_version(birth, data=version_data(dt.date(2026, 1, 1), 3, 2), actor=people.admin)


def test_a_committed_limit_longer_than_the_legal_one_is_refused_in_vietnamese(birth, people):
    with pytest.raises(ValidationError) as caught:
        do_add_version(birth, data=version_data(dt.date(2026, 1, 1), 3, 5), actor=people.admin)
    assert "Thời hạn cam kết không được dài hơn thời hạn theo quy định." in caught.value.messages
    assert birth.versions.get(valid_from=dt.date(2025, 7, 1)).valid_to is None  # the refusal closed nothing


def test_the_database_itself_refuses_a_committed_limit_longer_than_the_legal_one(birth):
    with pytest.raises(IntegrityError), transaction.atomic():
        birth.versions.filter(valid_to__isnull=True).update(committed_days=Decimal("9"))


def test_steps_that_do_not_add_up_to_the_committed_limit_are_refused(birth, people):
    with pytest.raises(ValidationError) as caught:
        do_add_version(
            birth,
            data=version_data(dt.date(2026, 1, 1), 3, 2),
            steps=step_inputs(0.5, 1, 1),
            actor=people.admin,
        )
    assert caught.value.messages == [
        "Tổng thời hạn các bước là 2,5 ngày làm việc, khác thời hạn cam kết 2 ngày làm việc."
    ]
    assert birth.versions.count() == 2


def test_limits_in_other_than_half_days_are_refused(birth, people):
    with pytest.raises(ValidationError) as caught:
        do_add_version(birth, data=version_data(dt.date(2026, 1, 1), 3, "1.3"), actor=people.admin)
    assert (
        "Nhập số ngày làm việc theo bước nửa ngày (ví dụ 0; 0,5; 3)."
        in caught.value.message_dict["committed_days"]
    )


def test_setting_steps_and_documents_is_all_or_nothing(birth, people):
    current = birth.versions.get(valid_to__isnull=True)
    bad_steps = step_inputs(0.5, 1, 0.5)
    bad_steps[1].actor = "nobody"
    with pytest.raises(ValidationError) as caught:
        do_set_steps_and_documents(
            current, steps=bad_steps, documents=document_inputs("Tờ khai mới"), actor=people.par_officer
        )
    assert caught.value.messages[0].startswith("Bước 2: ")
    assert [d.name for d in current.documents.all()] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
    do_set_steps_and_documents(
        current,
        steps=step_inputs(0, 1.5, 0.5),
        documents=document_inputs("Tờ khai mới"),
        actor=people.par_officer,
    )
    assert [(s.position, s.days) for s in current.steps.all()] == [
        (1, 0),
        (2, Decimal("1.5")),
        (3, Decimal("0.5")),
    ]
    assert [d.name for d in current.documents.all()] == ["Tờ khai mới"]


def test_changing_the_committed_limit_without_new_steps_is_refused(birth, people):
    current = birth.versions.get(valid_to__isnull=True)
    with pytest.raises(ValidationError, match="Tổng thời hạn các bước là 2 ngày làm việc"):
        do_update_version(current, changes={"committed_days": Decimal("1")}, actor=people.par_officer)
    updated = do_update_version(
        current,
        changes={"committed_days": Decimal("1")},
        steps=step_inputs(0, 0.5, 0.5),
        actor=people.par_officer,
    )
    assert updated.committed_days == 1


def test_an_edit_based_on_an_old_read_is_refused(birth, people):
    stale = birth.version
    do_update_procedure(
        birth, changes={"agency": "UBND phường"}, expected_version=stale, actor=people.par_officer
    )
    with pytest.raises(ConflictError):
        do_update_procedure(
            birth, changes={"agency": "UBND xã"}, expected_version=stale, actor=people.par_officer
        )


def test_a_ward_clerk_may_not_change_the_catalogue(birth, people):
    with pytest.raises(PermissionDenied, match="Bạn không có quyền thay đổi danh mục thủ tục hành chính."):
        do_update_procedure(birth, changes={"name": "Khai sinh"}, actor=people.ward_clerk)
    with pytest.raises(PermissionDenied):
        do_add_version(birth, data=version_data(dt.date(2026, 1, 1), 3, 2), actor=people.justice_head)


def test_search_ignores_accents_and_case_and_levels_filter(birth, land):
    from par.catalog.models import Procedure

    assert search_key("Đăng KÝ  khai sinh") == "dang ky khai sinh"
    assert list(Procedure.objects.search("khai sinh").values_list("code", flat=True)) == ["1.001193"]
    assert list(Procedure.objects.search("ĐĂNG KÝ").order_by("code").values_list("code", flat=True)) == [
        "1.001193",
        "1.012765",
    ]
    assert list(Procedure.objects.search("1.0127").values_list("code", flat=True)) == ["1.012765"]
    assert list(Procedure.objects.for_level("commune").values_list("code", flat=True)) == ["1.001193"]
    assert list(Procedure.objects.for_level("province").values_list("code", flat=True)) == ["1.012765"]
    assert not Procedure.objects.for_level("district").exists()


def test_a_procedure_needs_a_level(birth, people):
    with pytest.raises(ValidationError, match="Phải chọn ít nhất một cấp thực hiện thủ tục."):
        do_update_procedure(birth, changes={"at_commune": False}, actor=people.par_officer)
