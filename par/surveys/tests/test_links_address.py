"""Survey links handed to citizens (one-time links, their QR codes, the kiosk address) name the site's public
address, PAR_SITE_URL, whatever host the page was asked on."""

import io

import pytest
import segno

from par.surveys import actions
from par.surveys.defaults import sipas_questionnaire
from par.surveys.models import Mode

pytestmark = pytest.mark.django_db

SITE = "https://dichvucong.thanhhoa.gov.vn"


@pytest.fixture
def link(units, people, settings):
    settings.PAR_SITE_URL = SITE
    q = sipas_questionnaire(units.province, actor=people.par_officer)
    return actions.do_create_link(q, unit=units.ward_bim_son, actor=people.par_officer)


def test_the_link_page_shows_one_time_links_on_the_public_address(client_for, people, link):
    token = actions.do_issue_tokens(link, count=1, actor=people.par_officer)[0]
    html = (
        client_for(people.par_officer)
        .get(f"/surveys/links/{link.pk}/", HTTP_HOST="localhost")
        .content.decode()
    )
    assert f"{SITE}/surveys/r/{token.value}/" in html
    assert "http://localhost/surveys/" not in html


def test_the_kiosk_address_is_the_public_one(client_for, people, units, link):
    kiosk = actions.do_create_link(
        link.questionnaire, unit=units.justice, mode=Mode.KIOSK, actor=people.par_officer
    )
    html = (
        client_for(people.par_officer)
        .get(f"/surveys/links/{kiosk.pk}/", HTTP_HOST="localhost")
        .content.decode()
    )
    assert f"{SITE}/surveys/kiosk/{kiosk.slug}/" in html
    assert "http://localhost/surveys/" not in html


def test_the_qr_code_of_a_one_time_link_encodes_the_public_address(client_for, people, link):
    token = actions.do_issue_tokens(link, count=1, actor=people.par_officer)[0]
    response = client_for(people.par_officer).get(
        f"/surveys/links/{link.pk}/qr/{token.value}.svg", HTTP_HOST="localhost"
    )
    expected = io.BytesIO()
    segno.make(f"{SITE}/surveys/r/{token.value}/", error="m").save(expected, kind="svg", scale=4, border=2)
    assert response.content == expected.getvalue()
