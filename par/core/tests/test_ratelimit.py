"""The public forms that need no sign-in refuse floods from one address, in Vietnamese, with Retry-After."""

import pytest

from par.petitions.models import Petition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/petitions/submit/", "/petitions/follow/", "/dossiers/online/"])
def test_a_public_form_sent_too_often_from_one_address_gets_429_and_saves_nothing(client, settings, url):
    settings.PAR_PUBLIC_FORM_RATE = "2/600"
    for _ in range(2):
        assert client.post(url, {}).status_code != 429
    response = client.post(url, {})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    assert "Biểu mẫu này đã được gửi quá nhiều lần" in response.content.decode()
    assert not Petition.objects.exists()
    # Reading the form is never limited, and another address is counted apart.
    assert client.get(url).status_code == 200
    assert client.post(url, {}, REMOTE_ADDR="10.0.0.9").status_code != 429
