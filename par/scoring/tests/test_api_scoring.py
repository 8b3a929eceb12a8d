"""The index API: scoped reads, writes through the actions, 404 outside scope, 403 without the role, 409 on a
stale version, 400 with the action's message."""

import pytest

from par.scoring.models import Score
from par.scoring.tests.helpers import open_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(units, people):
    return open_year(units, people)


def test_anonymous_callers_are_refused_everywhere(client, year):
    for url in [
        "/api/v1/index-frameworks/",
        f"/api/v1/index-frameworks/{year.framework.pk}/results/",
        "/api/v1/index-assessments/",
        "/api/v1/index-scores/",
        "/api/v1/survey-questionnaires/",
    ]:
        assert client.get(url).status_code in (401, 403), url


def test_a_unit_officer_lists_only_their_own_assessment_and_scores(client_for, people, year):
    client = client_for(people.justice_officer)
    ids = [a["id"] for a in client.get("/api/v1/index-assessments/").json()["results"]]
    assert ids == [year.justice.pk]
    assert client.get(f"/api/v1/index-assessments/{year.home_affairs.pk}/").status_code == 404
    scores = client.get("/api/v1/index-scores/", {"assessment": year.home_affairs.pk}).json()["results"]
    assert scores == []
    assert (
        client_for(people.outsider).get(f"/api/v1/index-frameworks/{year.framework.pk}/").status_code == 404
    )


def test_self_score_by_api_checks_scope_role_version_and_points(client_for, people, year):
    c = year.criterion("2.1")
    url = f"/api/v1/index-assessments/{year.justice.pk}/self-score/"
    assert (
        client_for(people.home_affairs_officer).post(url, {"criterion": c.pk, "points": "3"}).status_code
        == 404
    )
    assert client_for(people.appraiser).post(url, {"criterion": c.pk, "points": "3"}).status_code == 403
    officer = client_for(people.justice_officer)
    assert officer.post(url, {"criterion": c.pk, "points": "9"}).status_code == 400
    ok = officer.post(url, {"criterion": c.pk, "points": "3", "version": 1})
    assert ok.status_code == 200 and ok.json()["self_points"] == "3.00"
    assert officer.post(url, {"criterion": c.pk, "points": "2", "version": 1}).status_code == 409
    assert Score.objects.get(assessment=year.justice, criterion=c).self_points == 3


def test_results_endpoint_ranks_the_units_the_caller_may_see(client_for, people, year):
    rows = client_for(people.par_officer).get(f"/api/v1/index-frameworks/{year.framework.pk}/results/").json()
    assert {r["unit_name"] for r in rows} == {"Sở Tư pháp", "Sở Nội vụ"}
    # Neither is approved by the council yet: no rank, no classification.
    assert {(r["status"], r["rank"], r["classification"]) for r in rows} == {("not_assessed", None, "")}


def test_results_endpoint_hides_other_units_unpublished_totals(client_for, people, year):
    rows = (
        client_for(people.justice_officer)
        .get(f"/api/v1/index-frameworks/{year.framework.pk}/results/")
        .json()
    )
    assert [r["unit_name"] for r in rows] == ["Sở Tư pháp"]
