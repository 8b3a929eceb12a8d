"""Inter-agency routes are added and ended by the province's PAR officer, through the audited actions."""

import datetime as dt

import pytest
from django.urls import reverse

from par.audit.models import AuditEvent
from par.catalog.models import InterAgencyRoute

pytestmark = [pytest.mark.django_db, pytest.mark.urls("par.catalog.tests.urls")]

ADD = "admin:catalog_interagencyroute_add"


def route_form(procedure, agency, **overrides):
    return {
        "procedure": procedure.pk,
        "receiving_unit": "",
        "agency": agency.pk,
        "valid_from": "01/07/2025",
        "valid_to": "",
        "legal_basis": "Quy chế phối hợp liên thông số 12/QĐ-UBND",
        **overrides,
    }


@pytest.fixture
def staff_par_officer(people):
    people.par_officer.is_staff = True
    people.par_officer.save()
    return people.par_officer


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client):
    response = client.get(reverse(ADD))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_of_a_department_cannot_add_a_route(client_for, people, units, land):
    people.justice_head.is_staff = True
    people.justice_head.save()
    response = client_for(people.justice_head).post(reverse(ADD), route_form(land, units.home_affairs))
    assert response.status_code == 403
    assert not InterAgencyRoute.objects.exists()


def test_the_par_officer_adds_a_route_and_ends_it_both_audited(client_for, staff_par_officer, units, land):
    client = client_for(staff_par_officer)
    response = client.post(
        reverse(ADD), route_form(land, units.home_affairs, receiving_unit=units.province.pk)
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    route = InterAgencyRoute.objects.get()
    assert (route.receiving_unit, route.agency, route.valid_from) == (
        units.province,
        units.home_affairs,
        dt.date(2025, 7, 1),
    )
    assert AuditEvent.objects.get(action="catalog.add_route").actor == staff_par_officer

    change = reverse("admin:catalog_interagencyroute_change", args=[route.pk])
    response = client.post(change, {"valid_to": "31/12/2026", "legal_basis": route.legal_basis})
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.valid_to == dt.date(2026, 12, 31) and route.agency == units.home_affairs
    event = AuditEvent.objects.get(action="catalog.update_route")
    assert (event.before["valid_to"], event.after["valid_to"]) == (None, "2026-12-31")
    assert client.get(reverse("admin:catalog_interagencyroute_delete", args=[route.pk])).status_code == 403


def test_a_route_to_an_agency_that_no_longer_exists_is_refused(client_for, staff_par_officer, units, land):
    response = client_for(staff_par_officer).post(reverse(ADD), route_form(land, units.bim_son))
    assert response.status_code == 200
    assert "Thị xã Bỉm Sơn" in response.content.decode()
    assert not InterAgencyRoute.objects.exists()
