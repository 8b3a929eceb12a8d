"""The unit admin writes through the actions: audited saves, no deletes, closing with lineage."""

import datetime as dt

import pytest
from django.urls import reverse

from par.audit.models import AuditEvent
from par.orgunits.models import Unit, UnitLineage

pytestmark = pytest.mark.django_db

INLINES = {
    f"{prefix}-{name}": "0"
    for prefix in ("predecessor_links", "successor_links")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def form_data(unit=None, **overrides):
    data = {
        "code": "38.SNV.TT",
        "name": "Trung tâm Lưu trữ lịch sử",
        "short_name": "",
        "kind": "public_service",
        "level": "province",
        "parent": "",
        "valid_from": "",
        "valid_to": "",
        "source": "",
        **INLINES,
    }
    if unit is not None:
        data |= {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "level": unit.level,
            "parent": unit.parent_id or "",
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else "",
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else "",
        }
        for prefix, related in (("predecessor_links", "new"), ("successor_links", "old")):
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(
                UnitLineage.objects.filter(**{related: unit}).count()
            )
    return data | overrides


def test_changelist_search_and_autocomplete_work(client_for, people, units):
    client = client_for(people.admin)
    response = client.get(reverse("admin:orgunits_unit_changelist"), {"q": "Bỉm Sơn", "validity": "current"})
    assert response.status_code == 200
    assert "Phường Bỉm Sơn" in response.text
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "membership", "field_name": "unit", "term": "Sở"},
    )
    assert response.status_code == 200
    assert "Sở Tư pháp" in [item["text"] for item in response.json()["results"]]
    assert client.get(reverse("admin:orgunits_unitlineage_changelist")).status_code == 200


def test_adding_and_changing_in_the_admin_go_through_the_actions(client_for, people, units):
    client = client_for(people.admin)
    response = client.post(reverse("admin:orgunits_unit_add"), form_data(parent=units.home_affairs.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = Unit.objects.get(code="38.SNV.TT")
    assert unit.path == units.home_affairs.path + str(unit.pk).zfill(8)
    assert AuditEvent.objects.filter(action="orgunits.create_unit", object_id=str(unit.pk)).exists()

    response = client.post(
        reverse("admin:orgunits_unit_change", args=[unit.pk]),
        form_data(unit, name="Trung tâm Lưu trữ", parent=units.justice.pk),
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Trung tâm Lưu trữ" and unit.path.startswith(units.justice.path)
    event = AuditEvent.objects.get(action="orgunits.update_unit")
    assert event.before["name"] == "Trung tâm Lưu trữ lịch sử" and event.actor == people.admin


def test_deleting_is_refused_with_a_message(client_for, people, units):
    client = client_for(people.admin)
    response = client.post(
        reverse("admin:orgunits_unit_delete", args=[units.justice.pk]), {"post": "yes"}, follow=True
    )
    assert Unit.objects.filter(pk=units.justice.pk).exists()
    assert "hãy đóng đơn vị" in response.text


def test_closing_from_the_admin_writes_lineage(client_for, people, units):
    client = client_for(people.admin)
    url = reverse("admin:orgunits_unit_close", args=[units.justice.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "valid_to": "2025-02-28",
            "successors": [units.home_affairs.pk],
            "kind": "merge",
            "legal_basis": "",
            "reason": "Hợp nhất theo đề án",
        },
    )
    assert response.status_code == 302
    units.justice.refresh_from_db()
    assert units.justice.valid_to == dt.date(2025, 2, 28)
    assert UnitLineage.objects.filter(old=units.justice, new=units.home_affairs).exists()
    # Closing again shows the action's error on the form instead of failing.
    response = client.post(
        url, {"valid_to": "2025-02-28", "successors": [units.home_affairs.pk], "kind": "merge", "reason": "x"}
    )
    assert response.status_code == 200 and "đã được đóng" in response.text


def test_the_par_officer_without_staff_access_cannot_open_the_admin(client_for, people, units):
    response = client_for(people.par_officer).get(
        reverse("admin:orgunits_unit_close", args=[units.justice.pk])
    )
    assert response.status_code == 302 and "login" in response["Location"]
