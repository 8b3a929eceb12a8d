"""A clerk finds a dossier by the applicant's name among 20,000, typed without accents, in real Chromium."""

import pytest
import time_machine

from par.core.browser import browser_page
from par.core.text import search_key
from par.dossiers.models import Dossier
from par.dossiers.testing import bulk_dossiers
from par.dossiers.tests.conftest import at
from par.dossiers.tests.test_browser_dossiers import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_finds_a_dossier_by_the_applicants_name_among_20000(live_server, staff, units, procedures):
    made = bulk_dossiers(
        20000, unit=units.ward_bim_son, procedure=procedures.birth, first_filed=at(2025, 7, 1)
    )
    target = made[4321]
    name = "Trịnh Thị Bích Ngọc"
    Dossier.objects.filter(pk=target.pk).update(applicant_name=name, applicant_folded=search_key(name))
    with time_machine.travel(at(2026, 11, 9, 9, 0), tick=True), browser_page("dossiers-search") as page:
        _sign_in(page, live_server.url, "hoa")
        page.locator("#nav-one_stop").click()
        page.get_by_role("link", name="Bộ phận một cửa").click()
        assert "Dòng 1–50 trên tổng số 20000" in page.inner_text("main")
        page.get_by_label("Tra cứu hồ sơ").fill("bich ngoc")
        page.get_by_role("button", name="Tìm").click()
        page.wait_for_selector(f"text={target.code}")
        assert "1 hồ sơ" in page.inner_text("main")
        page.get_by_role("link", name=target.code).click()
        page.wait_for_url(f"**/dossiers/{target.pk}/")
        assert name in page.inner_text("main")
