"""Bad input on the dossier pages and API is a 400 (or the page itself) with a message, never a 500."""

import json

import pytest
from django.urls import reverse

from par.dossiers.models import Dossier
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # answer as the server does
    return client


@pytest.mark.parametrize("value", ["abc", "²", "1.5", "-3"])
def test_the_online_form_with_a_unit_that_is_not_a_number_is_a_400_with_a_message(client, procedures, value):
    response = client.get(reverse("dossiers:online"), {"unit": value})
    assert response.status_code == 400
    assert "“unit” phải là số nguyên" in response.content.decode()


def test_the_online_form_sent_with_a_unit_that_is_not_a_number_is_a_400_and_files_nothing(client, procedures):
    response = client.post(reverse("dossiers:online"), {"unit": "abc", "procedure": procedures.birth.pk})
    assert response.status_code == 400 and "“unit” phải là số nguyên" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_online_form_with_an_unknown_unit_number_shows_the_first_unit(client, procedures, units, staff):
    response = client.get(reverse("dossiers:online"), {"unit": "99999999999999"})
    assert response.status_code == 200


@pytest.mark.parametrize("body", ["[]", '[{"version": 1}]', "3", '"next"', "null"])
def test_a_transition_sent_a_json_body_that_is_not_an_object_is_a_400_with_a_message(
    client_for, staff, file_birth, body
):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = client_for(staff.ward_officer).post(
        f"/api/v1/dossiers/{d.pk}/actions/next/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "phải là một đối tượng JSON" in response.json()["detail"]
    d.refresh_from_db()
    assert d.version == Dossier.objects.get(pk=d.pk).version and d.events.count() == 2


def test_a_transition_sent_a_json_object_still_works(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = client_for(staff.ward_officer).post(
        f"/api/v1/dossiers/{d.pk}/actions/next/",
        json.dumps({"version": d.version}),
        content_type="application/json",
    )
    assert response.status_code == 200


def test_counter_intake_and_board_ignore_digits_int_cannot_read(client_for, staff, procedures):
    clerk = client_for(staff.ward_clerk)
    assert clerk.get(reverse("dossiers:intake"), {"procedure": "²"}).status_code == 200
    assert clerk.get(reverse("dossiers:board"), {"year": "²"}).status_code == 200
    response = clerk.post(
        reverse("dossiers:intake"),
        {
            "procedure": procedures.birth.pk,
            "applicant_name": "Nguyễn Văn An",
            "channel": "counter",
            "decision": "receive",
            "documents": ["²", "abc"],
        },
    )
    assert response.status_code < 500
