"""A long export in real Chromium: the requester asks for it, the job's page follows the task by itself, and the
download link appears when the file is ready."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from par.core.browser import browser_page
from par.core.testing import PASSWORD
from par.dashboards.models import ExportJob
from par.dashboards.tasks import build_export
from par.dashboards.tests.conftest import Q3, rollup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)


def test_the_job_page_follows_the_task_and_offers_the_file_when_it_is_ready(
    live_server, units, people, procedure, settings
):
    settings.PAR_EXPORT_INLINE_MAX_ROWS = 2
    rollup(
        units.ward_bim_son, procedure, dt.date(2026, 8, 3), received=4, resolved_on_time=3, resolved_late=1
    )
    with time_machine.travel(NOW, tick=True), browser_page("dashboards-long-export") as page:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(people.par_officer.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state()
        page.goto(live_server.url + reverse("dashboards:province") + Q3)
        page.locator("#export-units").click()
        page.get_by_role("button", name="Tạo tệp").click()
        page.wait_for_selector("#export-status")
        job = ExportJob.objects.get()
        assert "Đang chờ" in page.locator("#export-state").inner_text()
        assert page.locator("#export-download").count() == 0
        build_export.call(job.pk)  # the worker runs the task while the page is open
        page.wait_for_selector("#export-download", timeout=10_000)
        assert "100 %" in page.locator("#export-progress").inner_text()
        with page.expect_download() as download:
            page.locator("#export-download").click()
        assert download.value.suggested_filename == job.filename
