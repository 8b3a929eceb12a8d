"""The main plan journey in real Chromium: a department officer reports a task done, with evidence, in place;
a refused report comes back in place with its message."""

import pytest
import time_machine

from par.core.browser import browser_page
from par.core.testing import PASSWORD
from par.plans.models import Evidence, ProgressUpdate
from par.plans.testing import NOW, assignment, build_plans

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_justice_officer_reports_a_task_done_with_evidence_without_a_page_reload(
    live_server, people, units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = tmp_path / "bao-cao-ra-soat.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% scanned report\n")
    # The clock runs on from 27/03/2026 (task 1 due on 31/03) in the server thread; the browser is not affected.
    with time_machine.travel(NOW, tick=True):
        plans = build_plans(units, people)
        row_id = f"#assignment-{assignment(plans.review, units.justice).pk}"
        pk = row_id.rsplit("-", 1)[1]
        with browser_page("plans-report-progress") as page:
            page.goto(f"{live_server.url}/")
            page.get_by_label("Tên đăng nhập").fill("mai")
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            # The menu's dropdowns work once Bootstrap's script has run: wait for the next page's load event.
            with page.expect_navigation(wait_until="load"):
                page.get_by_role("button", name="Đăng nhập").click()
            page.get_by_role("button", name="Cải cách hành chính").click()  # the menu group opens
            page.locator('nav a[href="/plans/my-tasks/"]').click()
            row = page.locator(row_id)
            assert row.get_attribute("data-status") == "due_soon"
            page.evaluate("window.__sameDocument = true")

            row.locator("a[hx-get]").click()
            # Sent without its text, the report is refused (400) and comes back in place with the message.
            row.locator("button[type=submit]").click()
            page.wait_for_selector(f"{row_id} .invalid-feedback")
            assert "Trường này là bắt buộc." in row.inner_text()
            assert page.evaluate("window.__sameDocument") is True
            page.locator(f"#a{pk}-text").fill("Đã ban hành báo cáo kết quả rà soát.")
            page.locator(f"#a{pk}-product_reference").fill("Báo cáo số 45/BC-STP")
            page.locator(f"#a{pk}-completed_on").fill("26/03/2026")
            page.locator(f"#a{pk}-evidence").set_input_files(str(evidence))
            row.locator("button[type=submit]").click()

            page.wait_for_selector(f'{row_id}[data-status="done_on_time"]')
            assert page.evaluate("window.__sameDocument") is True  # swapped in place, no reload
            assert row.locator("form").count() == 0
            assert "26/03/2026" in row.inner_text()
    update = ProgressUpdate.objects.get()
    assert update.completed_on.isoformat() == "2026-03-26" and update.author == people.justice_officer
    assert Evidence.objects.get().original_name == "bao-cao-ra-soat.pdf"
