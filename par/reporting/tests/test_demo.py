"""The demo loaders of reports and inspections fill the demo and write nothing the second time."""

import io

import pytest

from par.audit.models import AuditEvent
from par.inspections.demo import load_demo as load_inspections
from par.inspections.models import Finding
from par.orgunits.models import UnitKind
from par.reporting.demo import load_demo as load_reports
from par.reporting.models import DataValue, Rank, Report, ReportingPeriod, ReportState, ReportTemplate

pytestmark = pytest.mark.django_db


def test_the_demo_loads_reports_and_inspections_once(units):
    demo_units = {
        "province": units.province,
        "justice": units.justice,
        "home_affairs": units.home_affairs,
        "ward": units.ward_bim_son,
    }
    load_inspections(demo_units, io.StringIO())
    load_reports(demo_units, io.StringIO())
    states = dict(Report.objects.values_list("unit__name", "state"))
    assert states == {
        "Phường Bỉm Sơn": ReportState.APPROVED,
        "Sở Tư pháp": ReportState.SUBMITTED,
        "Sở Nội vụ": ReportState.DRAFT,
        "Tỉnh Thanh Hóa": ReportState.DRAFT,
    }
    # The province's own report is filled from live data (the unit tree at least) and holds its PAR index rank.
    assert DataValue.objects.filter(report__unit=units.province, source="auto").exists()
    rank = DataValue.objects.get(report__unit=units.province, element__code="par_index_hang", column="total")
    assert rank.value == Rank(20, 63)
    # Thanh Hóa's own version of the national form: its periods name it and every demo report is on it.
    own = ReportTemplate.objects.get(province=units.province)
    assert own.previous.province is None and own.frames.count() == len(UnitKind.values)
    assert set(ReportingPeriod.objects.values_list("province", "template")) == {(units.province.pk, own.pk)}
    assert set(Report.objects.values_list("template", flat=True)) == {own.pk}
    assert Finding.objects.filter(closed_on__isnull=False).count() == 1
    counts = (
        Report.objects.count(),
        DataValue.objects.count(),
        Finding.objects.count(),
        AuditEvent.objects.count(),
    )
    load_inspections(demo_units, io.StringIO())
    load_reports(demo_units, io.StringIO())
    assert (
        Report.objects.count(),
        DataValue.objects.count(),
        Finding.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_the_defaults_command_installs_the_template_and_periods_once(units):
    from django.core.management import call_command

    from par.reporting.models import AppendixTable, DataElement, ReportingPeriod

    call_command("reporting_defaults", year=[2026], stdout=io.StringIO())
    call_command("reporting_defaults", year=[2026], stdout=io.StringIO())
    # Six appendices of the Bỉm Sơn report and the province's external indices (decision 0134).
    assert AppendixTable.objects.count() == 7 and DataElement.objects.count() == 63
    assert ReportingPeriod.objects.filter(year=2026, province=units.province).count() == 5
    q1 = ReportingPeriod.objects.get(year=2026, kind="quarter", quarter=1)
    assert (q1.start.isoformat(), q1.cutoff.isoformat(), q1.due_date.isoformat()) == (
        "2025-12-15",
        "2026-03-14",
        "2026-03-20",
    )
    assert {d.due_date.day for d in q1.deadlines.all()} == {16}
