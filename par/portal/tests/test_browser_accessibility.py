"""axe-core on every public page, at a desktop and a phone width: no serious or critical violation."""

import pytest
import time_machine

from par.core.tests.axe import axe_browser, check_page, report
from par.portal.tests.conftest import NOW
from par.portal.tests.test_transparency import index_decisions, published_answer  # noqa: F401  (fixtures)
from par.portal.tokens import lookup_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "hub": lambda d: "/cong-khai/",
    "unit": lambda d: f"/cong-khai/dung-han/{d.on_time.unit_id}/",
    "index": lambda d: "/cong-khai/chi-so-cai-cach/",
    "answers": lambda d: "/cong-khai/tra-loi-kien-nghi/",
    "plans": lambda d: "/cong-khai/ke-hoach/",
    "satisfaction": lambda d: "/cong-khai/hai-long/",
    "map": lambda d: "/cong-khai/ban-do/",
    "map-index": lambda d: "/cong-khai/ban-do/?indicator=index",
    "lookup": lambda d: "/tra-cuu/",
    "lookup-found": lambda d: lookup_url(d.on_time.code),
    "lookup-not-found": lambda d: "/tra-cuu/?code=14812-260302-9999",
    "supplement": lambda d: "/tra-cuu/bo-sung/",
    "on-time-board": lambda d: "/tra-cuu/on-time/",
}


@pytest.fixture(scope="module")
def page():
    with axe_browser("portal") as page:
        yield page


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.usefixtures("published_answer", "index_decisions")
def test_the_public_page_has_no_serious_accessibility_violation(live_server, page, dossiers, name):
    with time_machine.travel(NOW, tick=True):
        found = check_page(page, live_server.url + PAGES[name](dossiers), f"portal-{name}")
    assert not found, f"axe-core found serious violations on {name}:\n{report(found)}"
