"""Migration 0003 brings existing periods under decision 0130: a period shared by two provinces becomes one per
province, each keeping its reports, and every period names the template its reports were started on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The units' table as it stood then too: the historical Unit below has none of the columns added since.
BEFORE = [("reporting", "0002_template_versions_frames_and_province_periods"), ("orgunits", "0001_initial")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def back_to_latest():
    """Whatever happens in the test, the database ends on the latest migrations for the tests after it."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _unit(Unit, code, name, kind, level, parent=None):
    unit = Unit.objects.create(code=code, name=name, kind=kind, level=level, parent=parent)
    unit.path = (parent.path if parent else "") + str(unit.pk).zfill(8)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save()
    return unit


def test_a_period_two_provinces_shared_becomes_one_per_province_with_its_reports_and_their_template(
    back_to_latest,
):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Unit = apps.get_model("orgunits", "Unit")
    Template = apps.get_model("reporting", "ReportTemplate")
    Period = apps.get_model("reporting", "ReportingPeriod")
    Deadline = apps.get_model("reporting", "PeriodDeadline")
    Report = apps.get_model("reporting", "Report")
    thanh_hoa = _unit(Unit, "38", "Tỉnh Thanh Hóa", "province", "province")
    ward = _unit(Unit, "14812", "Phường Bỉm Sơn", "ward", "commune", thanh_hoa)
    nghe_an = _unit(Unit, "40", "Tỉnh Nghệ An", "province", "province")
    vinh = _unit(Unit, "16681", "Phường Thành Vinh", "ward", "commune", nghe_an)
    national = Template.objects.create(code="cchc-dinh-ky", year=2017, name="Báo cáo CCHC")
    later = Template.objects.create(code="nghe-an", year=2019, name="Mẫu của Nghệ An")
    q3 = Period.objects.create(
        kind="quarter",
        quarter=3,
        year=2026,
        name="Quý III năm 2026",
        start=dt.date(2026, 6, 15),
        cutoff=dt.date(2026, 9, 14),
        due_date=dt.date(2026, 9, 20),
    )
    Deadline.objects.create(period=q3, level="commune", due_date=dt.date(2026, 9, 16))
    empty = Period.objects.create(
        kind="year",
        year=2026,
        name="Năm 2026",
        start=dt.date(2025, 12, 15),
        cutoff=dt.date(2026, 12, 14),
        due_date=dt.date(2026, 12, 20),
    )
    ward_report = Report.objects.create(unit=ward, period=q3, template=national)
    vinh_report = Report.objects.create(unit=vinh, period=q3, template=later)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    Period = apps.get_model("reporting", "ReportingPeriod")
    Report = apps.get_model("reporting", "Report")
    Frame = apps.get_model("reporting", "TemplateFrame")

    ward_report, vinh_report = Report.objects.get(pk=ward_report.pk), Report.objects.get(pk=vinh_report.pk)
    ours, theirs = Period.objects.get(pk=ward_report.period_id), Period.objects.get(pk=vinh_report.period_id)
    assert (ours.pk, ours.province_id, ours.template_id) == (q3.pk, thanh_hoa.pk, national.pk)
    assert theirs.pk != q3.pk and (theirs.province_id, theirs.template_id) == (nghe_an.pk, later.pk)
    assert theirs.name == "Quý III năm 2026" and [d.due_date for d in theirs.deadlines.all()] == [
        dt.date(2026, 9, 16)
    ]
    # The year had no report: each province gets one, on the template the former rule chose (2019 ≤ 2026).
    years = Period.objects.filter(kind="year", year=2026)
    assert sorted(years.values_list("province_id", flat=True)) == sorted([thanh_hoa.pk, nghe_an.pk])
    assert set(years.values_list("template_id", flat=True)) == {later.pk}
    assert Period.objects.filter(pk=empty.pk).exists()
    # Every template has a frame for every kind of unit.
    frames = [Frame.objects.filter(template_id=t.pk).count() for t in (national, later)]
    assert frames == [8, 8]
