"""The catalogue admin writes through the actions (audited) and deletes nothing."""

import pytest
from django.urls import reverse

from par.audit.models import AuditEvent
from par.catalog.models import Field, Procedure

pytestmark = [pytest.mark.django_db, pytest.mark.urls("par.catalog.tests.urls")]

INLINE = {"versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0"}


def procedure_form(field, **overrides):
    return {
        "code": "1.004873",
        "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "field": field.pk,
        "at_commune": "on",
        "responsible_kind": "commune_committee",
        "is_published": "on",
        **INLINE,
        **overrides,
    }


def test_the_admin_adds_a_field_and_a_procedure_through_the_actions(client_for, people):
    client = client_for(people.admin)
    response = client.post(reverse("admin:catalog_field_add"), {"code": "HT", "name": "Hộ tịch"})
    assert response.status_code == 302
    field = Field.objects.get(code="HT")
    response = client.post(reverse("admin:catalog_procedure_add"), procedure_form(field))
    assert response.status_code == 302
    assert Procedure.objects.get().search_text == "1.004873 cap giay xac nhan tinh trang hon nhan"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {"catalog.create_field", "catalog.create_procedure"}


def test_the_admin_change_is_audited_and_nothing_can_be_deleted(client_for, people, birth):
    client = client_for(people.admin)
    change = reverse("admin:catalog_procedure_change", args=[birth.pk])
    assert "Sửa trên trang danh mục" in client.get(change).content.decode()
    data = procedure_form(birth.field, code=birth.code, name="Đăng ký khai sinh (sửa)")
    assert client.post(change, data).status_code == 302
    event = AuditEvent.objects.get(action="catalog.update_procedure")
    assert (event.before["name"], event.after["name"]) == ("Đăng ký khai sinh", "Đăng ký khai sinh (sửa)")
    assert client.get(reverse("admin:catalog_procedure_delete", args=[birth.pk])).status_code == 403


def test_staff_without_the_par_officer_role_cannot_change_the_catalogue_in_the_admin(
    client_for, people, birth
):
    people.justice_head.is_staff = True
    people.justice_head.save()
    client = client_for(people.justice_head)
    change = reverse("admin:catalog_procedure_change", args=[birth.pk])
    response = client.post(change, procedure_form(birth.field, code=birth.code, name="Sửa trái phép"))
    assert response.status_code == 403
    birth.refresh_from_db()
    assert birth.name == "Đăng ký khai sinh"
