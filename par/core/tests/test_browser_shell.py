"""The main journey of the shell in real Chromium: sign in, see one's units, switch language, sign out."""

import pytest

from par.core.browser import browser_page
from par.core.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_par_officer_signs_in_sees_the_province_and_signs_out(live_server, people, units):
    with browser_page("shell-journey") as page:
        page.goto(f"{live_server.url}/")
        assert page.locator("h1").inner_text() == "Đăng nhập"
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        assert "không đúng" in page.locator(".alert-danger").inner_text()
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_selector("text=Xin chào, Lê Thị Lan")
        page.get_by_role("link", name="Tỉnh Thanh Hóa").click()
        page.wait_for_selector("text=Đơn vị trực thuộc")
        assert page.get_by_role("cell", name="Sở Tư pháp").is_visible()
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_selector("h1:has-text('Đăng nhập')")
