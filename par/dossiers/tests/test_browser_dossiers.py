"""The one-stop journey in real Chromium: receipt at the counter, supplement (the clock stops), approval,
result returned, and the public view of the code."""

import pytest
import time_machine

from par.core.browser import browser_page
from par.core.testing import PASSWORD
from par.dossiers.models import Dossier
from par.dossiers.public import public_view
from par.dossiers.slips import lookup_url
from par.dossiers.tests.conftest import at
from par.portal.models import Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _act(page, action, note=""):
    form = page.locator(f'form[action$="/act/{action}/"]')
    if note:
        form.locator("textarea").fill(note)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_dossier_goes_from_the_counter_to_the_returned_result(live_server, staff, procedures, settings):
    with time_machine.travel(at(2026, 11, 9, 9, 0), tick=True), browser_page("dossiers-journey") as page:
        _sign_in(page, live_server.url, "hoa")
        page.goto(f"{live_server.url}/dossiers/new/")
        page.get_by_label("Thủ tục", exact=True).select_option(label="1.001193 · Đăng ký khai sinh")
        page.get_by_label("Tờ khai đăng ký khai sinh").check()  # the checklist arrived through htmx
        page.get_by_label("Giấy chứng sinh").check()
        page.get_by_label("Họ tên người nộp hồ sơ").fill("Nguyễn Thị Bình")
        page.get_by_role("button", name="Lưu lại").click()
        page.wait_for_selector("text=Đã tiếp nhận")
        assert "11/11/2026" in page.inner_text("main")
        with page.expect_download() as download:
            page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả (DOCX)").click()
        assert download.value.suggested_filename.startswith("receipt-14812-261109-")
        detail = page.url

        _sign_in(page, live_server.url, "an")
        page.goto(detail)
        _act(page, "supplement", "Bổ sung bản chính Giấy chứng sinh")
        assert "Chờ bổ sung hồ sơ" in page.inner_text("main")

        _sign_in(page, live_server.url, "hoa")
        page.goto(detail)
        _act(page, "supplemented")

        _sign_in(page, live_server.url, "an")
        page.goto(detail)
        _act(page, "next")
        _act(page, "submit")
        assert "Chờ phê duyệt" in page.inner_text("main")

        _sign_in(page, live_server.url, "son")
        page.goto(detail)
        _act(page, "approve")

        _sign_in(page, live_server.url, "hoa")
        page.goto(detail)
        _act(page, "issue")
        _act(page, "return")
        assert "Đã trả kết quả" in page.inner_text("main")

        # The citizen, signed out, follows the receipt's QR link, sees the result and rates the service.
        page.context.clear_cookies()
        code = Dossier.objects.get().code
        page.goto(lookup_url(code).replace(settings.PAR_SITE_URL.rstrip("/"), live_server.url))
        assert "Đã trả kết quả" in page.inner_text("main") and "Nguyễn Thị Bình" not in page.content()
        for aspect, score in (("access", "5"), ("procedure", "4"), ("staff", "5"), ("result", "5")):
            page.locator(f'input[name="{aspect}"][value="{score}"]').check()
        page.get_by_role("button", name="Gửi đánh giá").click()
        page.wait_for_selector("text=Cảm ơn bạn đã đánh giá dịch vụ.")
    assert Rating.objects.get().scores == [5, 4, 5, 5]
    d = Dossier.objects.get()
    view = public_view(d.code)
    assert view["state_label"] == "Đã trả kết quả" and view["result_available"] is True
    assert view["applicant"] == "N***** T** B***"
    assert "Tạm dừng tính thời hạn" in view["due_explanation"]
