"""A PAR officer imports a plan from its DOCX and downloads its exports by clicking through the screens, without
typing an address: the menu leads to the import, the preview to the plan, the plan page to its files."""

import docx
import pytest
import time_machine

from par.core.browser import browser_page
from par.core.testing import PASSWORD
from par.plans.models import ReformPlan
from par.plans.testing import NOW
from par.plans.tests.fixtures.units import FIXTURES, province_departments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_par_officer_imports_a_plan_and_exports_it_by_clicking(
    live_server, people, units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    province_departments(units)
    seed = FIXTURES / "plan_2021_thanh_hoa.docx"
    with time_machine.travel(NOW, tick=True), browser_page("plans-import-export") as page:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("button", name="Cải cách hành chính").click()
        page.locator("nav").get_by_role("link", name="Nhập kế hoạch").click()

        page.locator("select[name=unit]").select_option(str(units.province.pk))
        page.locator("input[name=file]").set_input_files(str(seed))
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Đọc tệp").click()
        for select in page.locator("select[name^=map_]").all():
            select.select_option("ignore")
        with page.expect_navigation(wait_until="load"):
            page.locator("form button[type=submit]", has_text="Nhập kế hoạch").click()

        plan = ReformPlan.objects.get(unit=units.province, year=2021)
        assert page.url.endswith(f"/plans/{plan.pk}/")
        page.get_by_role("button", name="Xuất tệp").click()
        with page.expect_download() as info:
            page.get_by_role("link", name="Kế hoạch (DOCX)").click()
        download = info.value
        assert download.suggested_filename == "ke-hoach-cchc-2021-tinh-thanh-hoa.docx"
        text = "\n".join(p.text for p in docx.Document(str(download.path())).paragraphs)
        assert "cải cách hành chính" in text.lower()

        page.get_by_role("button", name="Xuất tệp").click()
        with page.expect_download() as info:
            page.get_by_role("link", name="Kế hoạch (XLSX)").click()
        assert info.value.suggested_filename.endswith(".xlsx")
