"""The online channel in real Chromium: an applicant files online with a file, the clerk asks for a supplement,
the applicant supplements with the dossier code and the security code of the confirmation, and the clerk opens
the file that came with the supplement; the applicant hears of each change by e-mail through the task worker."""

import signal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from par.core.browser import browser_page
from par.core.testing import PASSWORD
from par.dossiers.models import Dossier, DossierState
from par.dossiers.tests.conftest import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCAN = b"%PDF-1.4\n% ban chinh giay chung sinh\n%%EOF\n"
REASON = "Bổ sung bản chụp Giấy chứng sinh rõ nét"


def _sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def _run_worker() -> None:
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def test_an_online_applicant_supplements_with_the_code_and_secret_and_the_clerk_opens_the_file(
    live_server, staff, procedures, units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(at(2026, 11, 9, 9, 0), tick=True), browser_page("dossiers-online") as page:
        # The applicant, not signed in, files online with one PDF.
        page.goto(f"{live_server.url}/dossiers/online/?unit={units.ward_bim_son.pk}")
        page.locator('select[name="procedure"]').select_option(label="1.001193 · Đăng ký khai sinh")
        page.get_by_label("Họ tên người nộp hồ sơ").fill("Nguyễn Thị Bình")
        page.get_by_label("Thư điện tử").fill("binh@example.vn")
        page.locator('input[name="files"]').set_input_files([_file("to-khai.pdf", PDF)])
        page.get_by_role("button", name="Nộp hồ sơ").click()
        page.wait_for_selector("#security-code")
        code = Dossier.objects.get().code
        secret = page.inner_text("#security-code").strip()
        supplement = page.get_attribute("#supplement-link", "href")
        assert code in page.inner_text("main") and supplement.endswith(f"/tra-cuu/bo-sung/?code={code}")

        # The clerk asks for a supplement.
        _sign_in(page, live_server.url, "hoa")
        page.goto(f"{live_server.url}/dossiers/{Dossier.objects.get().pk}/")
        detail = page.url
        form = page.locator('form[action$="/act/supplement/"]')
        form.locator("textarea").fill(REASON)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Chờ bổ sung hồ sơ" in page.inner_text("main")

        # The applicant follows the link, proves the dossier with the security code and sends the file.
        page.context.clear_cookies()
        page.goto(supplement.replace(settings.PAR_SITE_URL.rstrip("/"), live_server.url))
        assert page.get_by_label("Mã hồ sơ").input_value() == code
        page.get_by_label("Mã bảo mật (in trên giấy xác nhận hoặc giấy tiếp nhận)").fill(secret)
        page.get_by_role("button", name="Xem nội dung cần bổ sung").click()
        assert REASON in page.inner_text("#supplement-reason")
        page.locator('input[name="files"]').set_input_files([_file("giay-chung-sinh.pdf", SCAN)])
        page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
        page.wait_for_selector("#supplement-done")

        # The clerk sees the dossier back and opens the file that came with the supplement.
        _sign_in(page, live_server.url, "hoa")
        page.goto(detail)
        assert "Mới nộp, chờ kiểm tra" in page.inner_text("main")
        link = page.locator("li", has_text="giay-chung-sinh.pdf").get_by_role("link", name="Mở tệp")
        with page.expect_download() as download:
            link.click()
        with open(download.value.path(), "rb") as opened:
            assert opened.read() == SCAN
    d = Dossier.objects.get()
    assert d.state == DossierState.SUBMITTED and d.documents.filter(kind="supplement").count() == 1

    # The worker tells the applicant of the filing, the request and the supplement.
    _run_worker()
    assert [m.to for m in mail.outbox] == [["binh@example.vn"]] * 3
    assert REASON in mail.outbox[1].body and secret not in mail.outbox[1].body
