"""The province roll-up in real Chromium: two wards' reports and the province's own, with a row that is not
additive (the procedures of the set) and two rates (online, on time); the province figures are checked against
figures computed by hand (docs/decisions/0140).

By hand, quarter III 2026:
- procedures in the set: the province's own 2.285 (the wards' 53 and 60 are the same procedures, not more);
- received online ÷ received: province 50 ÷ 50, Bỉm Sơn 40 ÷ 100, Quang Trung 60 ÷ 300
  → total 150 ÷ 450 = 33,33 %; province level 100 %; commune level 100 ÷ 400 = 25 %;
- resolved on time ÷ resolved: province 40 ÷ 40, Bỉm Sơn 81 ÷ 90, Quang Trung 200 ÷ 250
  → total 321 ÷ 380 = 84,47 %; commune level 281 ÷ 340 = 82,65 % (never the mean of 100, 90 and 80 %).
"""

import io
from pathlib import Path

import pytest
import time_machine
from openpyxl import load_workbook

from par.core.browser import browser_page
from par.core.testing import PASSWORD
from par.reporting import actions
from par.reporting.models import Report
from par.reporting.tests.helpers import NOW, D, approve, fill, person, setup_reporting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, url, username):
    page.goto(f"{url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Đăng nhập").click()


def _enter(page, appendix: int, figures: dict[str, str]) -> None:
    """On the report page: open an appendix, type {"row. column title": figure} and save."""
    page.get_by_role("link", name=f"Nhập số liệu phụ lục {appendix}").click()
    for label, figure in figures.items():
        page.get_by_label(label, exact=True).fill(figure)
    page.get_by_role("button", name="Lưu số liệu").click()
    assert f"Đã lưu số liệu phụ lục {appendix}." in page.inner_text("main")


def _write_required_sections(page) -> None:
    page.get_by_role("link", name="Soạn nội dung báo cáo").click()
    for label in page.locator("label", has_text="(bắt buộc)").all():
        page.locator(f"#{label.get_attribute('for')}").fill("Đã thực hiện theo kế hoạch.")
    page.get_by_role("button", name="Lưu nội dung và thông tin văn bản").click()


def _cell(page, code: str, column: str) -> str:
    return page.locator(f'tr[data-element="{code}"] td[data-column="{column}"]').inner_text().strip()


def test_the_province_roll_up_keeps_its_own_procedure_set_and_recomputes_the_rates(
    live_server, units, people
):
    setup = setup_reporting()
    person("canbo.bimson", units.ward_bim_son)
    # Ward Quang Trung's report, approved by the province before this journey starts.
    other = actions.do_create_report(unit=units.ward_quang_trung, period=setup.q3, actor=None)
    other = fill(other, setup.tables[4], {"tthc_trong_bo": {"total": D(60), "commune": D(60)}})
    other = fill(
        other,
        setup.tables[8],
        {
            "hs_tiep_nhan": {"commune": D(300)},
            "hs_tiep_nhan_truc_tuyen": {"commune": D(60)},
            "hs_giai_quyet": {"commune": D(250)},
            "hs_dung_han": {"commune": D(200)},
        },
    )
    approve(other, people.par_officer)
    period_url = f"{live_server.url}/reports/periods/{setup.q3.pk}/"
    with time_machine.travel(NOW, tick=True):
        with browser_page("rollup-ward-submits") as page:
            _sign_in(page, live_server.url, "canbo.bimson")
            page.goto(period_url)
            page.get_by_role("button", name="Lập báo cáo").click()
            _enter(page, 4, {"1. Tổng số": "53", "1. Cấp xã": "53"})
            _enter(page, 8, {"1. Cấp xã": "100", "2. Cấp xã": "40", "4. Cấp xã": "90", "5. Cấp xã": "81"})
            # The ward's own rates are computed too: 40 ÷ 100 and 81 ÷ 90.
            assert _cell(page, "ty_le_truc_tuyen", "commune") == "40%"
            assert _cell(page, "ty_le_dung_han", "commune") == "90%"
            _write_required_sections(page)
            page.get_by_role("button", name="Gửi cấp trên").click()
            assert "Đã gửi báo cáo lên cấp trên." in page.inner_text("main")
        ward = Report.objects.get(unit=units.ward_bim_son)

        with browser_page("rollup-province-approves-and-rolls-up") as page:
            _sign_in(page, live_server.url, "lan")
            page.goto(f"{live_server.url}/reports/{ward.pk}/")
            page.get_by_role("button", name="Phê duyệt").click()
            assert "Đã khóa" in page.get_by_test_id("lock-reason").inner_text()
            page.goto(period_url)
            page.locator(f'li[data-unit="{units.province.code}"]').get_by_role(
                "button", name="Lập báo cáo"
            ).click()
            _enter(page, 4, {"1. Tổng số": "2.285", "1. Cấp tỉnh": "2.285"})
            _enter(
                page, 8, {"1. Cấp tỉnh": "50", "2. Cấp tỉnh": "50", "4. Cấp tỉnh": "40", "5. Cấp tỉnh": "40"}
            )
            province_report = page.url
            page.goto(period_url)
            page.locator("li", has_text="Tỉnh Thanh Hóa").get_by_role("link", name="Tổng hợp phụ lục").click()

            assert _cell(page, "tthc_trong_bo", "total") == "2.285"  # not 2.285 + 53 + 60 = 2.398
            assert "Không cộng dồn" in page.locator('tr[data-element="tthc_trong_bo"]').inner_text()
            assert [_cell(page, "hs_tiep_nhan", c) for c in ("total", "province", "commune")] == [
                "450",
                "50",
                "400",
            ]
            assert [_cell(page, "ty_le_truc_tuyen", c) for c in ("total", "province", "commune")] == [
                "33,33%",
                "100%",
                "25%",
            ]
            assert [_cell(page, "ty_le_dung_han", c) for c in ("total", "province", "commune")] == [
                "84,47%",
                "100%",
                "82,65%",
            ]
            # The drill-down of the procedure set lists the province's own report only.
            page.locator('tr[data-element="tthc_trong_bo"] td[data-column="total"]').get_by_role(
                "link"
            ).click()
            assert "Tỉnh Thanh Hóa" in page.inner_text("main") and "Phường Bỉm Sơn" not in page.inner_text(
                "main"
            )

            # The province's workbook carries the same figures.
            page.goto(province_report)
            with page.expect_download() as download:
                page.get_by_role("link", name="XLSX").click()
            book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
            rows = {r[0]: r for r in book["Phụ lục 8"].iter_rows(values_only=True) if r[0] in ("3.", "6.")}
            assert rows["3."][2:5] == (33.33, 100, 25) and rows["6."][2:5] == (84.47, 100, 82.65)
            four = next(r for r in book["Phụ lục 4"].iter_rows(values_only=True) if r[0] == "1.")
            assert four[2] == 2285
