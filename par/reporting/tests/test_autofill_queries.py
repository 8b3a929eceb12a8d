"""Auto-filling a province's report reads as many queries with 30 communes below it as with 3."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from par.core.testing import make_unit
from par.inspections import actions as inspections
from par.orgunits.models import UnitKind
from par.reporting import actions
from par.reporting.models import DataValue, Report
from par.reporting.tests.helpers import NOW, D, setup_reporting

pytestmark = pytest.mark.django_db


def _communes(units, people, plan, first: int, last: int) -> None:
    """Communes numbered first..last under the province, each inspected on 12/08/2026."""
    for n in range(first, last + 1):
        commune = make_unit(f"C{n:03}", f"Xã Thử {n}", UnitKind.COMMUNE, units.province)
        visit = inspections.do_schedule_inspection(
            plan, inspected_unit=commune, scheduled_on=dt.date(2026, 8, 10), actor=people.par_officer
        )
        inspections.do_record_inspection(
            visit,
            held_on=dt.date(2026, 8, 12),
            conclusion="",
            expected_version=visit.version,
            actor=people.par_officer,
        )


def _autofill_queries(client, report: Report) -> int:
    report.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("reporting:report_autofill", args=[report.pk]), {"version": report.version}
        )
    assert response.status_code == 302
    return len(queries)


def _own(report, code, column):
    return DataValue.objects.get(report=report, element__code=code, column=column).number


@time_machine.travel(NOW, tick=False)
def test_a_province_report_auto_fills_with_the_same_queries_for_30_communes_as_for_3(
    client_for, units, people
):
    world = setup_reporting()
    plan = inspections.do_create_inspection_plan(
        unit=units.province, year=2026, title="Kế hoạch kiểm tra CCHC 2026", actor=people.par_officer
    )
    # Phường Bỉm Sơn and Phường Quang Trung, and one more commune: three communes below the province.
    _communes(units, people, plan, 1, 1)
    report = actions.do_create_report(unit=units.province, period=world.q3, actor=people.par_officer)
    client = client_for(people.par_officer)
    with_three = _autofill_queries(client, report)
    # The province's own row: its committee, not the communes and departments that report for themselves.
    assert _own(report, "co_quan_hanh_chinh", "province") == D(1)
    assert _own(report, "co_quan_hanh_chinh", "total") == D(1)
    assert _own(report, "ke_hoach_kiem_tra", "total") == D(0)  # the communes' inspections are theirs

    _communes(units, people, plan, 2, 28)
    with_thirty = _autofill_queries(client, report)
    assert with_thirty == with_three
    assert _own(report, "co_quan_hanh_chinh", "total") == D(1)
    assert _own(report, "ke_hoach_kiem_tra", "total") == D(0)
