"""A signed-in officer follows the footer's link to the API documentation: Swagger UI draws the schema from this
site's own files (no CDN, nothing refused by the Content-Security-Policy), with the report-values example."""

import pytest

from par.core.browser import ARTIFACTS, browser_page
from par.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signed_in_officer_reads_the_api_documentation_served_from_this_site(live_server, people):
    requested, refused = [], []
    with browser_page("api-docs") as page:
        page.on("request", lambda request: requested.append(request.url))
        page.on(
            "console",
            lambda message: refused.append(message.text) if "Content Security" in message.text else None,
        )
        page.goto(f"{live_server.url}/")
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Đăng nhập").click()
        with page.expect_navigation(wait_until="load"):
            page.locator("footer").get_by_role("link", name="Tài liệu API").click()
        assert page.url.endswith("/api/v1/docs/")
        page.locator(".swagger-ui .info .title").wait_for(timeout=60_000)
        assert "PAR API" in page.locator(".swagger-ui .info .title").inner_text()
        page.locator("#operations-reports-reports_values_create").click()
        page.locator("option[value=SaveTwoCellsOfAppendix1]").first.wait_for(state="attached", timeout=10_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    assert all(url.startswith(live_server.url) for url in requested), [
        u for u in requested if not u.startswith(live_server.url)
    ]
    assert refused == []
