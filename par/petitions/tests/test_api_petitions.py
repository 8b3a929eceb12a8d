"""/api/v1/petitions/: scoped reads, writes through the actions, 409 on a stale version."""

import pytest

from par.petitions.models import Petition, PetitionState
from par.petitions.tests.conftest import NOW

STALE = "Người khác đã thay đổi mục này trong lúc bạn đang sửa. Hãy tải lại trang để xem thay đổi của họ."

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def test_anonymous_callers_are_refused(client, petitions):
    assert client.get("/api/v1/petitions/").status_code in (401, 403)
    assert client.post(f"/api/v1/petitions/{petitions.routed.pk}/answer/", {}).status_code in (401, 403)


def test_a_unit_lists_only_its_own_petitions(client_for, petitions, people):
    codes = {
        p["code"] for p in client_for(people.justice_officer).get("/api/v1/petitions/").json()["results"]
    }
    assert codes == {petitions.routed.code, petitions.answered.code}
    other = client_for(people.home_affairs_officer)
    assert other.get("/api/v1/petitions/").json()["results"] == []
    assert other.get(f"/api/v1/petitions/{petitions.routed.pk}/").status_code == 404


def test_the_responsible_unit_answers_through_the_api(client_for, petitions, people):
    p = petitions.routed
    response = client_for(people.justice_officer).post(
        f"/api/v1/petitions/{p.pk}/answer/",
        {"version": p.version, "answer": "Trả lời"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["state"] == PetitionState.ANSWERED


def test_another_unit_answering_gets_404(client_for, petitions, people):
    p = petitions.routed
    response = client_for(people.home_affairs_officer).post(
        f"/api/v1/petitions/{p.pk}/answer/",
        {"version": p.version, "answer": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_a_stale_version_gets_409_with_a_conflict_code_and_changes_nothing(client_for, petitions, people):
    p = petitions.routed
    response = client_for(people.justice_officer).post(
        f"/api/v1/petitions/{p.pk}/answer/", {"version": 1, "answer": "x"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": STALE, "code": "conflict"}
    assert Petition.objects.get(pk=p.pk).state == PetitionState.ROUTED


def test_answering_a_petition_that_is_not_awaiting_an_answer_gets_400_with_the_reason(
    client_for, petitions, people
):
    p = petitions.answered
    response = client_for(people.justice_officer).post(
        f"/api/v1/petitions/{p.pk}/answer/",
        {"version": p.version, "answer": "Trả lời lần hai"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Phản ánh, kiến nghị này không ở trạng thái chờ trả lời."}
    assert Petition.objects.get(pk=p.pk).answer == p.answer


def test_a_time_limit_out_of_range_gets_400_on_that_field(client_for, petitions, people, units):
    p = petitions.received
    response = client_for(people.par_officer).post(
        f"/api/v1/petitions/{p.pk}/route/",
        {"version": p.version, "unit": units.home_affairs.pk, "time_limit_days": 0},
        content_type="application/json",
    )
    assert response.status_code == 400 and list(response.json()) == ["time_limit_days"]
    assert Petition.objects.get(pk=p.pk).state == PetitionState.RECEIVED


def test_routing_by_a_unit_officer_is_forbidden_with_the_reason(client_for, petitions, people, units):
    p = petitions.routed
    response = client_for(people.justice_officer).post(
        f"/api/v1/petitions/{p.pk}/route/",
        {"version": p.version, "unit": units.justice.pk, "time_limit_days": 5},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Chỉ công chức CCHC của tỉnh được chuyển xử lý phản ánh, kiến nghị."}


def test_the_par_officer_routes_through_the_api(client_for, petitions, people, units):
    p = petitions.received
    response = client_for(people.par_officer).post(
        f"/api/v1/petitions/{p.pk}/route/",
        {"version": p.version, "unit": units.home_affairs.pk, "time_limit_days": 10},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["due_date"] == "2026-03-16" and response.json()["unit"] == units.home_affairs.pk
