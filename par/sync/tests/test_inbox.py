"""The national inbox: a province's token, each key stored once, the streams kept in order (409 on a gap)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from par.audit.models import AuditEvent
from par.sync.actions import do_add_receiving_province
from par.sync.models import ReceivedItem

pytestmark = pytest.mark.django_db
URL = "/api/v1/national/inbox/"


@pytest.fixture
def provinces(settings):
    settings.PAR_MODE = "national"
    thanh_hoa = do_add_receiving_province(code="38", name="Thanh Hóa", actor=None)
    nghe_an = do_add_receiving_province(code="40", name="Nghệ An", actor=None)
    return thanh_hoa, nghe_an


def item(sequence, key=None, previous=None, stream="reports"):
    return {
        "stream": stream,
        "sequence": sequence,
        "previous": sequence - 1 if previous is None else previous,
        "key": key or f"report.approved:{sequence}:v2",
        "created_at": "2026-09-20T03:00:00Z",
        "payload": {"n": sequence},
    }


def push(token, body, key=None):
    client = APIClient()
    headers = {"HTTP_IDEMPOTENCY_KEY": key or body["key"]}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Province {token}"
    return client.post(URL, body, format="json", **headers)


def test_a_push_without_a_token_or_with_a_wrong_one_is_refused(provinces):
    assert push(None, item(1)).status_code == 401
    assert push("prv_not-a-real-token", item(1)).status_code == 401
    assert not ReceivedItem.objects.exists()


def test_a_province_deployment_has_no_inbox(provinces, settings):
    settings.PAR_MODE = "province"
    (_p, token), _other = provinces
    assert push(token, item(1)).status_code == 404


def test_an_item_is_stored_once_and_a_repeat_gets_the_same_answer(provinces):
    (thanh_hoa, token), _other = provinces
    first = push(token, item(1))
    again = push(token, item(1))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    stored = ReceivedItem.objects.get()
    assert (stored.province, stored.sequence, stored.payload) == (thanh_hoa, 1, {"n": 1})
    assert AuditEvent.objects.filter(action="sync.receive").count() == 1


def test_an_item_after_a_gap_is_refused_with_409_and_the_last_number_received(provinces):
    (_p, token), _other = provinces
    assert push(token, item(1)).status_code == 201
    gap = push(token, item(3))
    assert gap.status_code == 409
    assert gap.json()["current"] == {"stream": "reports", "last_sequence": 1}
    assert push(token, item(2)).status_code == 201
    assert push(token, item(3)).status_code == 201
    # A discarded item at the province leaves a hole in the numbers, which `previous` bridges.
    assert push(token, item(5, previous=3)).status_code == 201


def test_each_province_has_its_own_streams_and_keys(provinces):
    (_p, thanh_hoa), (_q, nghe_an) = provinces
    assert push(thanh_hoa, item(1)).status_code == 201
    # The same key and number from another province is that province's own first item, not a repeat.
    assert push(nghe_an, item(1)).status_code == 201
    assert push(nghe_an, item(3, previous=2)).status_code == 409
    assert ReceivedItem.objects.count() == 2


def test_a_key_that_differs_from_its_header_is_refused(provinces):
    (_p, token), _other = provinces
    assert push(token, item(1), key="something-else").status_code == 400
