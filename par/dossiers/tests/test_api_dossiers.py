"""/api/v1/dossiers and /api/v1/dossier-rollups: scoped reads, transitions through the actions, 409 on conflict."""

import pytest

from par.dossiers.models import DossierState
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_anonymous_callers_are_refused(client, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    assert client.get("/api/v1/dossiers/").status_code in (401, 403)
    assert client.post(f"/api/v1/dossiers/{d.pk}/actions/next/", {"version": d.version}).status_code in (
        401,
        403,
    )
    assert client.get("/api/v1/dossier-rollups/").status_code in (401, 403)


def test_another_ward_sees_no_dossier_and_gets_404_on_its_actions(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    client = client_for(staff.other_ward_clerk)
    assert client.get("/api/v1/dossiers/").json()["count"] == 0
    assert client.get(f"/api/v1/dossiers/{d.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/dossiers/{d.pk}/actions/withdraw/", {"version": d.version, "note": "x"}
        ).status_code
        == 404
    )
    assert client.get("/api/v1/dossier-rollups/").json()["count"] == 0


def test_the_officer_moves_the_dossier_on_and_a_stale_version_gets_409(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    client = client_for(staff.ward_officer)
    detail = client.get(f"/api/v1/dossiers/{d.pk}/").json()
    assert [e["action"] for e in detail["events"]] == ["file", "receive"]
    moved = client.post(f"/api/v1/dossiers/{d.pk}/actions/next/", {"version": detail["version"]})
    assert moved.status_code == 200 and moved.json()["state"] == DossierState.IN_PROCESS
    stale = client.post(f"/api/v1/dossiers/{d.pk}/actions/submit/", {"version": detail["version"]})
    assert stale.status_code == 409 and "Tải lại trang" in stale.json()["detail"]


def test_a_clerk_may_see_but_not_approve(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = client_for(staff.ward_clerk).post(
        f"/api/v1/dossiers/{d.pk}/actions/approve/", {"version": d.version}
    )
    assert response.status_code == 403


def test_a_refused_rule_is_400_with_its_message(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = client_for(staff.ward_clerk).post(
        f"/api/v1/dossiers/{d.pk}/actions/withdraw/", {"version": d.version}
    )
    assert response.status_code == 400 and response.json()["detail"]


def test_rollups_of_the_callers_units_by_period(client_for, staff, file_birth):
    file_birth(at(2026, 11, 9, 9, 0))
    client = client_for(staff.ward_clerk)
    rows = client.get("/api/v1/dossier-rollups/", {"start": "2026-11-01", "end": "2026-11-30"}).json()[
        "results"
    ]
    assert [(r["day"], r["received"], r["pending"]) for r in rows] == [("2026-11-09", 1, 1)]
    assert client.get("/api/v1/dossier-rollups/", {"start": "2026-12-01"}).json()["count"] == 0
