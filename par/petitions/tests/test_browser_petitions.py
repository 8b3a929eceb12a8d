"""A citizen sends a petition in real Chromium, notes the code and secret, and follows it."""

import pytest

from par.core.browser import browser_page
from par.petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_sends_a_petition_and_follows_it_with_code_and_secret(live_server, units):
    with browser_page("petitions-submit-and-follow") as page:
        page.goto(f"{live_server.url}/petitions/submit/")
        page.get_by_label("Nội dung phản ánh, kiến nghị").select_option("regulation")
        page.get_by_label("Cơ quan liên quan").select_option(str(units.justice.pk))
        page.get_by_label("Tiêu đề").fill("Lệ phí cấp phiếu lý lịch tư pháp")
        page.locator("#id_content").fill("Đề nghị công khai mức lệ phí khi nộp trực tuyến.")
        page.get_by_label("Họ tên hoặc tên tổ chức").fill("Trần Văn Bình")
        page.get_by_label("Số điện thoại hoặc thư điện tử").fill("0987 654 321")
        page.get_by_role("button", name="Gửi", exact=True).click()
        code = page.locator("#petition-code").inner_text().strip()
        secret = page.locator("#petition-secret").inner_text().strip()
        page.get_by_role("link", name="Theo dõi phản ánh, kiến nghị").click()
        page.get_by_label("Mã phản ánh").fill(code)
        page.get_by_label("Mã bí mật").fill(secret)
        page.get_by_role("button", name="Tra cứu").click()
        assert page.locator("#petition-state").inner_text() == "Đã tiếp nhận, chờ chuyển xử lý"
    assert Petition.objects.get().code == code
