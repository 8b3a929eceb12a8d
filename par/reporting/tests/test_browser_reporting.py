"""The review journey in real Chromium: a ward submits its quarterly report, the province returns it with a
comment, the ward fixes and resubmits, the province approves (locked), and the province roll-up shows the figure
with a drill-down to the ward."""

import pytest
import time_machine

from par.core.browser import browser_page
from par.core.testing import PASSWORD
from par.reporting.models import Report, ReportState
from par.reporting.tests.helpers import NOW, person, setup_reporting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, url, username):
    page.goto(f"{url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_ward_report_is_returned_fixed_approved_locked_and_rolled_up(live_server, units, people):
    setup = setup_reporting()
    person("canbo.bimson", units.ward_bim_son)
    period_url = f"{live_server.url}/reports/periods/{setup.q3.pk}/"
    with time_machine.travel(NOW, tick=True):
        with browser_page("reporting-ward-submits") as page:
            _sign_in(page, live_server.url, "canbo.bimson")
            page.goto(f"{live_server.url}/reports/")
            page.get_by_role("link", name="Quý III năm 2026").click()
            page.get_by_role("button", name="Lập báo cáo").click()
            page.get_by_role("link", name="Nhập số liệu phụ lục 6").click()
            page.get_by_label("1. Tổng số").fill("78")
            page.get_by_label("1. Tỷ lệ % so với tổng số").fill("195")
            page.get_by_role("button", name="Lưu số liệu").click()
            assert "tỷ lệ (195%) không được vượt quá 100%" in page.inner_text("main")
            page.get_by_label("1. Tỷ lệ % so với tổng số").fill("95,12")
            page.get_by_role("button", name="Lưu số liệu").click()
            page.get_by_role("button", name="Gửi cấp trên").click()
            assert "Đã gửi báo cáo lên cấp trên." in page.inner_text("main")
        report = Report.objects.get(unit=units.ward_bim_son)
        report_url = f"{live_server.url}/reports/{report.pk}/"

        with browser_page("reporting-province-returns") as page:
            _sign_in(page, live_server.url, "lan")
            page.goto(report_url)
            page.get_by_label("Ý kiến gửi đơn vị").fill("Đề nghị bổ sung số cán bộ, công chức đạt chuẩn.")
            page.get_by_role("button", name="Trả lại kèm ý kiến").click()
            assert "Đã trả lại báo cáo cho đơn vị." in page.inner_text("main")

        with browser_page("reporting-ward-fixes") as page:
            _sign_in(page, live_server.url, "canbo.bimson")
            page.goto(report_url)
            assert (
                "Đề nghị bổ sung số cán bộ, công chức đạt chuẩn."
                in page.get_by_test_id("return-comment").inner_text()
            )
            page.get_by_role("link", name="Nhập số liệu phụ lục 6").click()
            page.get_by_label("2. Tổng số").fill("158")
            page.get_by_label("2. Tỷ lệ % so với tổng số").fill("100")
            page.get_by_role("button", name="Lưu số liệu").click()
            page.get_by_role("button", name="Gửi cấp trên").click()
            assert "Đã gửi báo cáo lên cấp trên." in page.inner_text("main")

        with browser_page("reporting-province-approves") as page:
            _sign_in(page, live_server.url, "lan")
            page.goto(report_url)
            page.get_by_role("button", name="Phê duyệt").click()
            assert "Đã khóa: Lê Thị Lan phê duyệt lúc" in page.get_by_test_id("lock-reason").inner_text()
            page.goto(period_url)
            page.locator("li", has_text="Tỉnh Thanh Hóa").get_by_role("link", name="Tổng hợp phụ lục").click()
            row = page.locator('[data-appendix="6"] tr[data-element="cbcc_dat_chuan"]')
            row.get_by_role("link", name="158").click()
            ward_row = page.locator(f'tr[data-unit="{units.ward_bim_son.code}"]')
            assert "Phường Bỉm Sơn" in ward_row.inner_text() and "158" in ward_row.inner_text()
            assert "Đã phê duyệt" in ward_row.inner_text()
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED
