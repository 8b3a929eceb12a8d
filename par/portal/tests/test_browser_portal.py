"""The end of the one-stop journey in real Chromium: the citizen opens the receipt's QR link and rates."""

import pytest
import time_machine

from par.core.browser import browser_page
from par.portal.models import Rating
from par.portal.tests.conftest import NOW
from par.portal.tokens import lookup_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_citizen_follows_the_qr_link_sees_the_result_and_rates_the_service(live_server, dossiers):
    code = dossiers.on_time.code
    with time_machine.travel(NOW, tick=True), browser_page("portal-lookup-and-rate") as page:
        page.goto(f"{live_server.url}{lookup_url(code)}")
        assert "Đăng ký khai sinh" in page.locator("#dossier-heading").locator("..").inner_text()
        assert "N***** V** A*" in page.content() and "Nguyễn Văn An" not in page.content()
        for aspect, score in (("access", "5"), ("procedure", "4"), ("staff", "5"), ("result", "4")):
            page.locator(f'input[name="{aspect}"][value="{score}"]').check()
        page.get_by_label("Góp ý").fill("Trả kết quả sớm hơn hẹn.")
        page.get_by_role("button", name="Gửi đánh giá").click()
        page.wait_for_selector("text=Cảm ơn bạn đã đánh giá dịch vụ.")
        assert page.get_by_role("button", name="Gửi đánh giá").count() == 0
    rating = Rating.objects.get()
    assert rating.dossier_id == dossiers.on_time.pk and rating.scores == [5, 4, 5, 4]
