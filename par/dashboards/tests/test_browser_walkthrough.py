"""The dashboards in real Chromium at a desktop and a phone width: the province PAR officer walks the province
dashboard, drills down to a commune and a procedure, opens the commune map, then the public portal; screenshots of
each step are kept in test-results/ as artefacts."""

import datetime as dt

import pytest
import time_machine

from par.catalog.models import Field, Procedure
from par.core.browser import ARTIFACTS, browser_page
from par.core.testing import PASSWORD
from par.dossiers.models import Channel, DossierRollup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)


def _sign_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_par_officer_walks_the_dashboard_down_to_a_procedure_then_the_map_and_the_portal(
    live_server, units, people, width
):
    field = Field.objects.create(code="HT", name="Hộ tịch")
    birth = Procedure.objects.create(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        at_commune=True,
        responsible_kind="commune_committee",
        agency="UBND cấp xã",
    )
    for ward, late in ((units.ward_bim_son, 1), (units.ward_quang_trung, 3)):
        DossierRollup.objects.create(
            unit=ward,
            procedure=birth,
            day=dt.date(2026, 8, 3),
            channel=Channel.COUNTER,
            received=4,
            resolved_on_time=4 - late,
            resolved_late=late,
        )
    ward = units.ward_bim_son.pk
    ARTIFACTS.mkdir(exist_ok=True)
    with time_machine.travel(NOW, tick=True), browser_page(f"dashboard-walkthrough-{width}") as page:
        page.set_viewport_size({"width": width, "height": 900})
        _sign_in(page, live_server.url, people.par_officer.username)
        page.goto(f"{live_server.url}/dashboard/?span=q3&year=2026")
        assert "Tỉnh Thanh Hóa" in page.locator("h1").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"dashboard-province-{width}.png"), full_page=True)

        page.locator(f'#section-units a[href^="/dashboard/unit/{ward}/?"]').first.click()
        page.wait_for_url(f"**/dashboard/unit/{ward}/?span=q3&year=2026")
        assert "Phường Bỉm Sơn" in page.locator("h1").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"dashboard-commune-{width}.png"), full_page=True)

        page.locator(f'a[href^="/dashboard/unit/{ward}/procedure/1.001193/"]').first.click()
        page.wait_for_url(f"**/dashboard/unit/{ward}/procedure/1.001193/**")
        assert "Đăng ký khai sinh" in page.content()
        page.screenshot(path=str(ARTIFACTS / f"dashboard-procedure-{width}.png"), full_page=True)

        page.goto(f"{live_server.url}/dashboard/?span=q3&year=2026")
        page.locator("#map-link").click()
        page.wait_for_selector("#map-svg")
        assert page.locator("circle.map-point").count() == 2
        assert "75,00 %" in page.locator("#map-table").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"dashboard-map-{width}.png"), full_page=True)
        page.locator(f'#map-svg a[data-unit="{ward}"]').click()
        page.wait_for_url(f"**/dashboard/unit/{ward}/?span=q3&year=2026")

        page.goto(f"{live_server.url}/cong-khai/")
        page.wait_for_load_state()
        assert page.locator("h1").count() >= 1
        page.screenshot(path=str(ARTIFACTS / f"dashboard-walkthrough-portal-{width}.png"), full_page=True)
