"""axe-core on every dashboard page, at a desktop and a phone width: no serious or critical violation."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from par.core.tests.axe import axe_browser, check_page, report
from par.dashboards.models import ExportJob, ExportState
from par.dashboards.tests.conftest import Q3, rollup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOW = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)


def pages(units, procedure, job):
    ward = units.ward_bim_son.pk
    return {
        "province": reverse("dashboards:province") + Q3,
        "unit": reverse("dashboards:unit", args=[ward]) + Q3,
        "procedure": reverse("dashboards:procedure", args=[units.province.pk, procedure.code]) + Q3,
        "measure": reverse("dashboards:measure", args=[ward, "dossiers.received"]) + Q3,
        "map": reverse("dashboards:province_map") + Q3,
        "export-offer": reverse("dashboards:export", args=[units.province.pk, "units"]) + Q3,
        "my-exports": reverse("dashboards:exports"),
        "export-job": reverse("dashboards:export_job", args=[job.pk]),
    }


NAMES = ["province", "unit", "procedure", "measure", "map", "export-offer", "my-exports", "export-job"]


@pytest.fixture(scope="module")
def page():
    with axe_browser("dashboards") as page:
        yield page


@pytest.fixture
def figures(units, procedure, settings):
    settings.PAR_EXPORT_INLINE_MAX_ROWS = 2
    for ward, late in ((units.ward_bim_son, 1), (units.ward_quang_trung, 3)):
        rollup(
            ward, procedure, dt.date(2026, 8, 3), received=4, resolved_on_time=4 - late, resolved_late=late
        )


def signed_in(page, live_server, user):
    """The page's browser holds a session of `user` (made by the test client, no sign-in form to fill)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_dashboard_page_has_no_serious_accessibility_violation(
    live_server, page, units, people, procedure, figures, name
):
    with time_machine.travel(NOW, tick=True):
        job = ExportJob.objects.create(
            requester=people.par_officer,
            unit=units.province,
            table="units",
            period_query=Q3[1:],
            period_label="01/07/2026 – 30/09/2026",
            counted_on=NOW.date(),
            title="Theo đơn vị",
            state=ExportState.RUNNING,
            rows_done=3,
            rows_total=7,
            filename="theo-don-vi.xlsx",
        )
        signed_in(page, live_server, people.par_officer)
        found = check_page(page, live_server.url + pages(units, procedure, job)[name], f"dashboards-{name}")
    assert not found, f"axe-core found serious violations on {name}:\n{report(found)}"
