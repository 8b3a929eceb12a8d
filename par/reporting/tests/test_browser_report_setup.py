"""The province PAR officer in real Chromium: from the menu to the report forms and periods, next year's periods
on the national model, then the province's own version of the form with its own subject line."""

import pytest
import time_machine

from par.conftest import PASSWORD
from par.core.browser import browser_page
from par.reporting.models import ReportingPeriod, ReportTemplate
from par.reporting.tests.helpers import NOW, setup_reporting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_par_officer_opens_forms_and_periods_from_the_menu_and_issues_the_provinces_own_form(
    live_server, units, people
):
    setup = setup_reporting()
    with time_machine.travel(NOW, tick=True), browser_page("reporting-setup") as page:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        # The menu's dropdowns work once Bootstrap's script has run: wait for the next page's load event.
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("button", name="Cải cách hành chính").click()
        page.get_by_role("link", name="Mẫu và kỳ báo cáo").click()
        assert "Quý III năm 2026" in page.inner_text("main")

        page.get_by_label("Năm", exact=True).fill("2027")
        page.get_by_role("combobox", name="Mẫu báo cáo").select_option(label=str(setup.template))
        page.get_by_role("button", name="Tạo các kỳ báo cáo của năm").click()
        assert "Đã tạo các kỳ báo cáo năm 2027." in page.inner_text("main")

        page.locator(f'tr[data-template="{setup.template.pk}"] a').click()
        assert "mẫu chung toàn quốc" in page.get_by_test_id("frozen").inner_text()
        page.get_by_role("button", name="Tạo phiên bản riêng của tỉnh").click()
        assert "Đã tạo phiên bản 1" in page.inner_text("main")
        page.get_by_role("textbox", name="Trích yếu", exact=True).fill(
            "Tình hình thực hiện cải cách hành chính {period}"
        )
        page.get_by_role("button", name="Lưu mẫu báo cáo").click()
        assert "Đã lưu mẫu báo cáo." in page.inner_text("main")
    own = ReportTemplate.objects.get(province=units.province)
    assert own.subject == "Tình hình thực hiện cải cách hành chính {period}"
    # The periods with no report moved to the province's version, next year's included.
    assert set(ReportingPeriod.objects.values_list("template", flat=True)) == {own.pk}
    assert ReportingPeriod.objects.filter(year=2027, province=units.province).count() == 5
