"""Publishing and correcting a ranking in real Chromium: the province publishes decision 125, the council
corrects Sở Tư pháp's scores, the province publishes correction 126, and the public page shows 126 in force
with 125 in its history, each with the figures it was published with."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from par.core.browser import browser_page
from par.core.testing import PASSWORD, pdf
from par.scoring import actions
from par.scoring.models import RankingPublication
from par.scoring.tests.helpers import open_year, self_score_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


def _sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Đăng nhập").click()


def _row(page, unit):
    row = page.locator(f'#ranking tr[data-unit="{unit}"]')
    return row.locator(".rank").inner_text(), row.locator(".total").inner_text()


def test_a_ranking_and_its_correction_both_stay_on_the_public_page_as_published(
    live_server, units, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=True):
        year = open_year(units, people)
        for assessment, officer, fraction in (
            (year.justice, people.justice_officer, Decimal(1)),
            (year.home_affairs, people.home_affairs_officer, Decimal("0.9")),
        ):
            self_score_all(assessment, officer, fraction=fraction, files=pdf)
            actions.do_submit_assessment(assessment, actor=officer)
            actions.do_approve_assessment(assessment, actor=people.appraiser)
        ranking = f"{live_server.url}/par-index/frameworks/{year.framework.pk}/ranking/"
        with browser_page("scoring-publication") as page:
            _sign_in(page, live_server.url, "lan")
            page.goto(ranking)
            page.locator("#decision-number").fill("125/QĐ-UBND")
            page.locator("#decision-date").fill("30/11/2026")
            page.locator("#signer-name").fill("Nguyễn Văn Thi")
            page.locator("#publish-results").click()
            page.wait_for_selector("#decision-in-force >> text=125/QĐ-UBND")
            assert _row(page, "Sở Tư pháp") == ("1", "59,00")

            # The council finds two of Sở Tư pháp's criteria wrongly scored.
            actions.do_reopen_assessment(
                year.justice, reason="Sai sót khi tổng hợp", actor=people.par_officer
            )
            for code in ("2.1", "5.1"):
                actions.do_appraise_score(
                    year.justice,
                    year.criterion(code),
                    points=0,
                    reason="Không có văn bản",
                    actor=people.appraiser,
                )
            actions.do_approve_assessment(year.justice, actor=people.appraiser)

            page.goto(ranking)
            assert (
                page.locator("#publish-h").inner_text()
                == "Công bố quyết định điều chỉnh Quyết định 125/QĐ-UBND"
            )
            page.locator("#decision-number").fill("126/QĐ-UBND")
            page.locator("#decision-date").fill("01/12/2026")
            page.locator("#correction-reason").fill("Điểm tiêu chí 2.1 và 5.1 của Sở Tư pháp bị tổng hợp sai")
            page.locator("#publish-results").click()
            page.wait_for_selector("#decision-in-force >> text=126/QĐ-UBND")

            page.context.clear_cookies()  # the public, signed out
            page.goto(f"{live_server.url}/par-index/results/{year.framework.pk}/")
            assert page.locator("#decision").get_attribute("data-decision") == "126/QĐ-UBND"
            assert page.locator("#decision-state").inner_text() == "Đang có hiệu lực"
            assert _row(page, "Sở Tư pháp") == ("2", "52,00") and _row(page, "Sở Nội vụ")[0] == "1"
            assert "Sai sót" not in page.content()  # the reopening's reason is internal
            assert "2.1 và 5.1" in page.locator("#decision-corrects").inner_text()
            history = page.locator("#decision-history tbody tr")
            assert history.count() == 2
            assert "Được điều chỉnh bởi Quyết định 126/QĐ-UBND" in history.nth(1).inner_text()

            with page.expect_navigation(wait_until="load"):
                page.locator("#decision-history").get_by_role("link", name="125/QĐ-UBND").click()
            assert page.locator("#decision").get_attribute("data-decision") == "125/QĐ-UBND"
            assert page.locator("#decision-state").inner_text() == "Đã được điều chỉnh"
            assert _row(page, "Sở Tư pháp") == ("1", "59,00")
            assert "126/QĐ-UBND" in page.locator("#decision-corrected-by").inner_text()
    first, second = RankingPublication.objects.order_by("created_at")
    assert (first.decision_number, first.decision_date) == ("125/QĐ-UBND", dt.date(2026, 11, 30))
    assert second.corrects == first and first.results.get(unit=units.justice).rank == 1
