"""An answered petition is told to the national level (decision 0171): the fact and its timeliness, never the
petitioner nor the texts; nothing while sync is off."""

import pytest

from par.sync.models import OutboxEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def sync_on(settings):
    settings.SYNC_ENABLED = True


def test_an_answered_petition_goes_into_the_outbox_without_anything_personal(sync_on, petitions):
    event = OutboxEvent.objects.get()
    answered = petitions.answered
    assert (event.stream, event.sequence, event.key) == (
        "petitions",
        1,
        f"petition.answered:{answered.code}:0",
    )
    assert event.payload["unit"]["code"] == "38.STP"
    assert event.payload["answered_on_time"] is True
    text = str(event.payload)
    for personal in ("Nguyễn Văn An", "0912 345 678", "Lê Lợi", "Mẫu tờ khai", "Sở đã tiếp thu"):
        assert personal not in text


def test_nothing_goes_into_the_outbox_while_sync_is_off(petitions):
    assert not OutboxEvent.objects.exists()
