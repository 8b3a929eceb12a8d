"""The public portal in real Chromium at a desktop and a phone width, with screenshots kept as artefacts."""

import pytest
import time_machine

from par.core.browser import ARTIFACTS, browser_page
from par.portal.tests.conftest import NOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_citizen_opens_the_portal_and_the_map_and_drills_down_to_a_communes_results(
    live_server, dossiers, units, width
):
    ARTIFACTS.mkdir(exist_ok=True)
    with time_machine.travel(NOW, tick=True), browser_page(f"portal-transparency-{width}") as page:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role(
            "link", name="Cổng công khai: kết quả, xếp hạng, trả lời kiến nghị và tiến độ"
        ).click()
        page.wait_for_selector("#figure-on-time")
        assert "50,00 %" in page.locator("#figure-on-time").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"portal-hub-{width}.png"), full_page=True)
        page.get_by_role("link", name="Trên bản đồ cấp xã").click()
        page.wait_for_selector("#map-svg")
        assert page.locator("circle.map-point").count() == 2
        page.screenshot(path=str(ARTIFACTS / f"portal-map-{width}.png"), full_page=True)
        page.locator(f'#map-svg a[data-unit="{units.ward_bim_son.pk}"]').click()
        page.wait_for_selector("#procedure-table")
        assert "Đăng ký khai sinh" in page.locator("#procedure-table").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"portal-unit-{width}.png"), full_page=True)
