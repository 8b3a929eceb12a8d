"""In real Chromium: the PAR officer reaches next year's framework from the menu and creates it; a department marks a
criterion not applicable and the appraisal council confirms it, and the sheet shows the applicable maximum."""

import datetime as dt

import pytest
import time_machine

from par.core.browser import browser_page
from par.core.testing import PASSWORD, pdf
from par.scoring import actions
from par.scoring.models import IndexFramework, Method, Score
from par.scoring.tests.helpers import open_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


def _sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    # The menu's dropdowns work once Bootstrap's script has run: wait for the next page's load event.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Đăng nhập").click()


def test_the_par_officer_creates_next_years_framework_from_the_menu(live_server, units, people):
    with time_machine.travel(NOW, tick=True):
        year = open_year(units, people)
        with browser_page("scoring-new-year") as page:
            _sign_in(page, live_server.url, "lan")
            page.get_by_role("button", name="Cải cách hành chính").click()
            page.locator('nav a[href="/par-index/frameworks/new-year/"]').click()
            assert page.locator("#id_year").input_value() == "2027"
            page.locator("#id_self_deadline").fill("04/12/2027")
            page.get_by_role("button", name="Tạo bộ chỉ số").click()
            page.wait_for_selector("text=Đã tạo bộ chỉ số năm 2027")
    new = IndexFramework.objects.get(year=2027)
    assert new.self_deadline == dt.date(2027, 12, 4)
    assert new.criteria.count() == year.framework.criteria.count()


def test_a_department_marks_a_criterion_not_applicable_and_the_council_confirms_it(
    live_server, units, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=True):
        year = open_year(units, people)
        marked = year.criterion(
            "6.2"
        )  # financial autonomy of the department's public-service units: 4 points
        for c in year.framework.criteria.filter(is_leaf=True, method=Method.SELF).exclude(pk=marked.pk):
            actions.do_self_score(
                year.justice,
                c,
                points=c.max_points,
                files=[pdf()] if c.evidence_required else [],
                actor=people.justice_officer,
            )
        a = year.justice.pk
        with browser_page("scoring-not-applicable") as page:
            _sign_in(page, live_server.url, "mai")
            page.goto(f"{live_server.url}/par-index/assessments/{a}/")
            row = page.locator(f"#c{marked.pk}")
            row.locator("summary").click()
            row.locator(f"#na-{marked.pk}").fill("Sở không có đơn vị sự nghiệp công lập trực thuộc")
            row.get_by_role("button", name="Đề nghị không áp dụng").click()
            page.wait_for_selector(f'#c{marked.pk} .na-status[data-not-applicable="yes"]')
            page.locator("#submit-assessment").click()
            page.wait_for_selector('#assessment-state[data-state="submitted"]')

            _sign_in(page, live_server.url, "binh")
            page.goto(f"{live_server.url}/par-index/assessments/{a}/")
            row = page.locator(f"#c{marked.pk}")
            row.locator(f"#na-why-{marked.pk}").fill("Đúng: Sở không có đơn vị sự nghiệp")
            row.get_by_role("button", name="Xác nhận: không áp dụng").click()
            page.wait_for_selector(f"#c{marked.pk} >> text=Hội đồng thẩm định xác nhận không áp dụng")
            # 4 points of 6.2 and 15 of the unanswered survey left out of 100.
            assert page.locator("#applicable-max").inner_text() == "81,00"
    score = Score.objects.get(assessment=year.justice, criterion=marked)
    assert score.not_applicable and score.na_decided_by == people.appraiser
