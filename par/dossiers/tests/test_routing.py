"""A step goes only where the procedure's process or one of its inter-agency routes sends it, and only to a unit
that exists on the day of the hand-over."""

import datetime as dt

import pytest
from django.urls import reverse

from par.accounts.models import Role
from par.core.testing import make_person as _person
from par.core.testing import make_unit
from par.dossiers import actions
from par.dossiers.models import Dossier
from par.dossiers.tests.conftest import at, checklist_ids
from par.orgunits.models import UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def record_dossier(units, procedures, staff, time_machine):
    """A criminal-record dossier received at the Department of Justice and past its first step, waiting for
    the inter-agency step (Monday 09/11/2026)."""
    time_machine.move_to(at(2026, 11, 9, 10, 0), tick=False)
    d = actions.do_file_dossier(
        unit=units.justice,
        procedure=procedures.record,
        applicant=actions.Applicant("Trần Văn Bình"),
        channel="counter",
        actor=staff.justice_clerk,
        at=at(2026, 11, 9, 9),
    )
    d = actions.do_receive_complete(
        d,
        expected_version=d.version,
        actor=staff.justice_clerk,
        at=at(2026, 11, 9, 9),
        checked=checklist_ids(d),
    )
    return actions.do_move_to_next_step(
        d, expected_version=d.version, actor=staff.justice_officer, at=at(2026, 11, 9, 9, 30)
    )


@pytest.fixture
def health(units):
    """Sở Y tế: a live department with nothing to do with criminal records, and one of its officers."""
    unit = make_unit("38.SYT", "Sở Y tế", UnitKind.DEPARTMENT, units.province)
    return unit, _person("yte", "Phan Văn Y", [(unit, Role.PROCESSING_OFFICER)])


@pytest.fixture
def closed_agency(units, procedures, people):
    """Sở Thông tin và Truyền thông, merged away on 01/03/2025, still named by an old route of the procedure."""
    from par.catalog.routes import do_add_inter_agency_route

    unit = make_unit(
        "38.STTTT",
        "Sở Thông tin và Truyền thông",
        UnitKind.DEPARTMENT,
        units.province,
        valid_to=dt.date(2025, 2, 28),
    )
    do_add_inter_agency_route(
        procedures.record, agency=unit, valid_from=dt.date(2024, 1, 1), actor=people.admin
    )
    return unit


def _next(client, d: Dossier, unit):
    d.refresh_from_db()
    return client.post(reverse("dossiers:act", args=[d.pk, "next"]), {"version": d.version, "unit": unit.pk})


def test_an_inter_agency_step_cannot_be_sent_to_an_unrelated_department_which_then_cannot_read_it(
    client_for, staff, record_dossier, health
):
    department, its_officer = health
    response = _next(client_for(staff.justice_officer), record_dossier, department)
    assert response.status_code == 400
    assert "Sở Nội vụ" in response.content.decode()  # the agency the routes allow is named
    record_dossier.refresh_from_db()
    assert record_dossier.current_step.position == 2 and record_dossier.current_step.unit.code == "38.STP"
    assert (
        client_for(its_officer).get(reverse("dossiers:detail", args=[record_dossier.pk])).status_code == 404
    )


def test_an_inter_agency_step_cannot_be_sent_to_an_agency_closed_in_2025(
    client_for, staff, record_dossier, closed_agency
):
    response = _next(client_for(staff.justice_officer), record_dossier, closed_agency)
    assert response.status_code == 400
    assert "Sở Thông tin và Truyền thông" in response.content.decode()
    record_dossier.refresh_from_db()
    assert record_dossier.current_step.unit.code == "38.STP"


def test_the_inter_agency_step_goes_to_the_agency_of_the_route(client_for, staff, units, record_dossier):
    client = client_for(staff.justice_officer)
    page = client.get(reverse("dossiers:detail", args=[record_dossier.pk])).content.decode()
    select = page.split('name="unit">', 1)[1].split("</select>", 1)[0]
    assert f'<option value="{units.home_affairs.pk}">Sở Nội vụ</option>' == select.strip()
    assert _next(client, record_dossier, units.home_affairs).status_code == 302
    record_dossier.refresh_from_db()
    assert record_dossier.current_step.unit == units.home_affairs
    assert (
        client_for(staff.home_affairs_officer)
        .get(reverse("dossiers:detail", args=[record_dossier.pk]))
        .status_code
        == 200
    )


def test_the_process_own_steps_stay_at_the_receiving_unit(client_for, staff, units, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = _next(client_for(staff.ward_officer), d, units.home_affairs)
    assert response.status_code == 400
    d.refresh_from_db()
    assert d.current_step.position == 1 and d.current_step.unit == units.ward_bim_son


def test_without_a_route_the_inter_agency_step_waits_for_the_par_officer(
    client_for, staff, units, record_dossier
):
    from par.catalog.models import InterAgencyRoute

    InterAgencyRoute.objects.all().delete()
    response = _next(client_for(staff.justice_officer), record_dossier, units.home_affairs)
    assert response.status_code == 400
    assert "liên thông" in response.content.decode()
