"""The index journey in real Chromium: a department self-scores with evidence and submits, the appraiser changes
two scores with reasons and the council approves, the PAR officer publishes, and the ranking shows totals,
classifications and year-on-year deltas."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from par.core.browser import browser_page
from par.core.testing import PASSWORD, pdf
from par.scoring import actions
from par.scoring.models import AssessmentState, Method, RankingPublication, Score
from par.scoring.tests.helpers import open_year, published_year, self_score_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)


def _sign_in(page, url, username):
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def test_self_assessment_appraisal_publication_and_ranking(live_server, units, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = tmp_path / "qd-ke-hoach-cchc.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% decision\n")
    with time_machine.travel(NOW, tick=True):
        published_year(units, people, 2025, {units.justice: Decimal("0.5"), units.home_affairs: Decimal(1)})
        year = open_year(units, people)
        self_score_all(year.home_affairs, people.home_affairs_officer, files=pdf)
        actions.do_submit_assessment(year.home_affairs, actor=people.home_affairs_officer)
        actions.do_approve_assessment(year.home_affairs, actor=people.appraiser)
        first = year.criterion("1.1.1")
        for c in year.framework.criteria.filter(is_leaf=True, method=Method.SELF).exclude(pk=first.pk):
            actions.do_self_score(
                year.justice,
                c,
                points=c.max_points,
                files=[pdf()] if c.evidence_required else [],
                actor=people.justice_officer,
            )
        a = year.justice.pk
        with browser_page("scoring-journey") as page:
            _sign_in(page, live_server.url, "mai")
            page.goto(f"{live_server.url}/par-index/assessments/{a}/")
            page.locator(f"#self-{first.pk}").fill("1")
            page.locator(f"#note-{first.pk}").fill("Quyết định số 15/QĐ-STP ngày 20/12/2025")
            page.locator(f"#ev-{first.pk}").set_input_files(str(evidence))
            page.locator(f"#c{first.pk} button.btn-primary").click()
            page.wait_for_selector(f"#c{first.pk} >> text=qd-ke-hoach-cchc.pdf")
            page.locator("#submit-assessment").click()
            page.wait_for_selector('#assessment-state[data-state="submitted"]')

            _sign_in(page, live_server.url, "binh")
            page.goto(f"{live_server.url}/par-index/assessments/{a}/")
            for code, points, reason in (
                ("2.1", "3", "Một văn bản trình chậm"),
                ("5.1", "1,5", "Đề án chưa được phê duyệt"),
            ):
                pk = year.criterion(code).pk
                page.locator(f"#ap-{pk}").fill(points)
                page.locator(f"#why-{pk}").fill(reason)
                page.locator(f"#c{pk} button.btn-warning").click()
                page.wait_for_selector(f"#c{pk} .score-delta")
            assert page.locator("#assessment-total").inner_text() == "56,50"
            page.locator("#approve-assessment").click()
            page.wait_for_selector('#assessment-state[data-state="approved"]')

            _sign_in(page, live_server.url, "lan")
            page.goto(f"{live_server.url}/par-index/frameworks/{year.framework.pk}/ranking/")
            page.locator("#decision-number").fill("45/QĐ-UBND")
            page.locator("#decision-date").fill("01/12/2026")
            page.locator("#publish-results").click()
            page.wait_for_selector(f'a[href="/par-index/results/{year.framework.pk}/"]')
            justice = page.locator('#ranking tr[data-unit="Sở Tư pháp"]')
            home = page.locator('#ranking tr[data-unit="Sở Nội vụ"]')
            assert justice.locator(".total").inner_text() == "56,50"
            assert justice.locator(".rank").inner_text() == "2" and home.locator(".rank").inner_text() == "1"
            assert justice.locator(".classification").inner_text() == "Hoàn thành nhiệm vụ"
            # Nobody answered the survey (15 points), left out by the default rule: 56,50 ÷ 85 = 66,47 %, against
            # 29,50 ÷ 85 = 34,71 % in 2025.
            assert justice.locator(".applicable-max").inner_text() == "85,00"
            assert justice.locator(".delta").inner_text() == "+31,76"
            assert home.locator(".delta").inner_text() == "0,00"
    year.justice.refresh_from_db()
    assert year.justice.state == AssessmentState.PUBLISHED
    publication = RankingPublication.objects.get(framework=year.framework)
    assert publication.results.get(unit=units.justice).rank == 2
    changed = Score.objects.filter(assessment=year.justice, appraised_points__isnull=False)
    assert sorted((s.criterion.code, s.delta) for s in changed) == [
        ("2.1", Decimal(-1)),
        ("5.1", Decimal("-1.5")),
    ]
