"""Fixtures of the token tests: dossiers and reports in both 2025 wards, and the one-stop personas.

The dossier fixtures are the dossier app's own (a seeded calendar, the birth registration procedure).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from par.dossiers.tests.conftest import file_birth, national, procedures, staff  # noqa: F401

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# 10:00 on Friday 20/11/2026 in Hà Nội: every token of these tests is issued at this moment.
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=VN)


@pytest.fixture
def frozen(time_machine):
    """The clock stopped at NOW; `frozen.move_to(when)` moves it."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def world(frozen, units, people, staff, procedures):  # noqa: F811
    """One dossier and one quarter-III report in each 2025 ward, and an officer who writes both wards' reports."""
    from par.accounts.models import Membership, Role
    from par.core.testing import make_person as _person
    from par.dossiers.actions import Applicant, do_file_dossier, do_receive_complete
    from par.reporting.actions import do_create_report
    from par.reporting.tests.helpers import setup_reporting

    def dossier(unit, clerk, name):
        d = do_file_dossier(
            unit=unit,
            procedure=procedures.birth,
            applicant=Applicant(name=name, id_number="038090001234", phone="0912345678"),
            channel="counter",
            actor=clerk,
            at=dt.datetime(2026, 11, 9, 9, 0, tzinfo=VN),
        )
        checked = d.procedure_version.documents.values_list("pk", flat=True)
        return do_receive_complete(
            d, expected_version=d.version, actor=clerk, at=d.submitted_at, checked=checked
        )

    reporting = setup_reporting()
    both_wards = _person(
        "canbo.haiphuong",
        "Trần Văn Hai",
        [(units.ward_bim_son, Role.UNIT_OFFICER), (units.ward_quang_trung, Role.UNIT_OFFICER)],
    )
    Membership.objects.create(
        user=staff.ward_officer, unit=units.ward_quang_trung, role=Role.PROCESSING_OFFICER
    )
    world = SimpleNamespace(
        bim_son_dossier=dossier(units.ward_bim_son, staff.ward_clerk, "Nguyễn Văn An"),
        quang_trung_dossier=dossier(units.ward_quang_trung, staff.other_ward_clerk, "Lê Thị Bình"),
        bim_son_report=do_create_report(unit=units.ward_bim_son, period=reporting.q3, actor=None),
        quang_trung_report=do_create_report(unit=units.ward_quang_trung, period=reporting.q3, actor=None),
        q3=reporting.q3,
        both_wards=both_wards,
    )
    # The dossier app's fixtures stop the clock at their own moment; the tokens are issued at NOW.
    frozen.move_to(NOW, tick=False)
    return world
