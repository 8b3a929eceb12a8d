"""Any province can start: a province without a department file of its own gets the national model list, marked
to be confirmed, and is ready for a plan (Nghệ An and Hà Tĩnh, which kept their borders in 2025)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from par.audit.models import AuditEvent
from par.orgunits.actions import do_load_province
from par.orgunits.groups import UnitGroup
from par.orgunits.models import HistoryUnknown, LineageKind, Unit, UnitKind, UnitLineage, successors
from par.orgunits.tests.helpers import fingerprint, loaded
from par.orgunits.tests.test_admin import form_data
from par.plans.actions import TaskInput, do_add_task, do_create_plan, do_issue_plan
from par.plans.models import Assignment, UnitRole

pytestmark = pytest.mark.django_db

MARCH_2025 = dt.date(2025, 3, 1)
IN_2026 = dt.date(2026, 1, 15)
MODEL_AGENCIES = {
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
}


@pytest.fixture(scope="module", autouse=True)
def two_provinces(django_db_setup, django_db_blocker):
    with loaded(django_db_blocker, "40", "42") as results:
        yield results


@pytest.mark.parametrize(("code", "name"), [("40", "Tỉnh Nghệ An"), ("42", "Tỉnh Hà Tĩnh")])
def test_a_province_without_its_own_list_gets_the_model_agencies_marked_to_be_confirmed(code, name):
    province = Unit.objects.get(code=code, kind=UnitKind.PROVINCE, valid_to__isnull=True)
    assert province.name == name
    agencies = Unit.objects.filter(parent=province, kind=UnitKind.DEPARTMENT).as_of(IN_2026)
    assert set(agencies.values_list("name", flat=True)) == MODEL_AGENCIES
    assert set(agencies.values_list("code", flat=True)) >= {f"{code}.SNV", f"{code}.STP", f"{code}.VPUBND"}
    assert not agencies.filter(to_confirm=False).exists()
    centre = Unit.objects.get(code=f"{code}.TTPVHCC")
    assert centre.name == "Trung tâm Phục vụ hành chính công tỉnh" and centre.to_confirm
    assert centre.kind == UnitKind.PUBLIC_SERVICE and centre.parent.code == f"{code}.VPUBND"


def test_the_model_list_carries_the_march_2025_mergers_for_a_province_that_kept_its_borders():
    before = Unit.objects.filter(code__startswith="40.", kind=UnitKind.DEPARTMENT).as_of(dt.date(2025, 2, 28))
    assert "Sở Kế hoạch và Đầu tư" in set(before.values_list("name", flat=True))
    planning = Unit.objects.get(code="40.SKHDT")
    assert list(successors(planning).values_list("code", flat=True)) == ["40.STC"]
    labour = Unit.objects.get(code="40.SLDTBXH")
    assert set(successors(labour).values_list("code", flat=True)) == {"40.SNV", "40.SYT", "40.SGDDT"}
    assert UnitLineage.objects.get(old=labour, new__code="40.SNV").kind == LineageKind.SPLIT
    assert UnitLineage.objects.get(old=labour, new__code="40.SNV").effective_date == MARCH_2025


def test_a_plan_can_be_issued_to_the_loaded_agencies_of_both_provinces():
    for code in ("40", "42"):
        province = Unit.objects.get(code=code, kind=UnitKind.PROVINCE, valid_to__isnull=True)
        justice = Unit.objects.get(code=f"{code}.STP")
        plan = do_create_plan(
            unit=province,
            year=2026,
            title="Kế hoạch cải cách hành chính năm 2026",
            decision_number="15/QĐ-UBND",
            decision_date=dt.date(2026, 1, 5),
            signer="Nguyễn Văn A",
            signer_title="Chủ tịch",
            actor=None,
        )
        do_add_task(
            plan,
            TaskInput(
                area_code="institutions",
                number="1",
                text="Rà soát văn bản quy phạm pháp luật của tỉnh.",
                lead_units=[justice],
                coordinating_groups=[UnitGroup.DEPARTMENTS],
                schedule_text="Quý II/2026.",
            ),
            actor=None,
        )
        plan = do_issue_plan(plan, actor=None)
        assert plan.state == "issued"
        assignments = Assignment.objects.filter(task__plan=plan)
        assert assignments.get(role=UnitRole.LEAD).unit == justice
        coordinating = assignments.filter(role=UnitRole.COORDINATING)
        assert coordinating.count() == len(MODEL_AGENCIES) - 1  # every agency but the lead


def test_reloading_keeps_what_the_administrator_changed_and_confirmed(client_for, people):
    finance = Unit.objects.get(code="40.STC")
    response = client_for(people.admin).post(
        reverse("admin:orgunits_unit_change", args=[finance.pk]),
        form_data(
            finance, short_name=finance.short_name, source=finance.source, name="Sở Tài chính tỉnh Nghệ An"
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    finance.refresh_from_db()
    assert finance.name == "Sở Tài chính tỉnh Nghệ An" and not finance.to_confirm
    event = AuditEvent.objects.get(action="orgunits.update_unit", object_id=str(finance.pk))
    assert event.before["to_confirm"] is True and event.after["to_confirm"] is False
    before = fingerprint()
    do_load_province("40")
    assert fingerprint() == before
    finance.refresh_from_db()
    assert finance.name == "Sở Tài chính tỉnh Nghệ An" and not finance.to_confirm


def test_the_admin_lists_the_units_still_to_be_confirmed(client_for, people):
    response = client_for(people.admin).get(
        reverse("admin:orgunits_unit_changelist"), {"to_confirm__exact": "1", "q": "40.S"}
    )
    assert response.status_code == 200
    assert "Sở Tư pháp" in response.text and "cần xác nhận" in response.text


def test_the_command_says_the_model_list_was_loaded():
    out = StringIO()
    call_command("load_units", province="40", stdout=out)
    assert "danh sách mẫu" in out.getvalue()


def test_a_loaded_province_records_that_its_history_is_known_from_2025_only():
    nghe_an = Unit.objects.get(code="40", kind=UnitKind.PROVINCE)
    assert nghe_an.history_from == dt.date(2025, 1, 1)
    assert nghe_an.tree_as_of(dt.date(2025, 6, 30)).filter(kind=UnitKind.DISTRICT).exists()
    with pytest.raises(HistoryUnknown, match="trước ngày 01/01/2025"):
        nghe_an.tree_as_of(dt.date(2019, 12, 31))
