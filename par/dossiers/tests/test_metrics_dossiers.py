"""The one-stop and catalogue measures, computed from the statistics table and the catalogue."""

import datetime as dt
from decimal import Decimal

import pytest

from par import metrics
from par.dossiers import actions
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db
D = dt.date


def _resolve(d, staff, when):
    d = actions.do_move_to_next_step(d, expected_version=d.version, actor=None, at=when)
    d = actions.do_submit_for_approval(d, expected_version=d.version, actor=None, at=when)
    d = actions.do_approve(d, expected_version=d.version, actor=None, at=when)
    return actions.do_issue_result(d, expected_version=d.version, actor=None, at=when)


def test_one_stop_measures_of_a_ward_and_of_the_province(units, staff, file_birth, time_machine):
    time_machine.move_to(at(2026, 11, 30, 9), tick=False)
    on_time = _resolve(file_birth(at(2026, 11, 2, 9)), staff, at(2026, 11, 3, 9))  # due 04/11: early
    late = _resolve(file_birth(at(2026, 11, 5, 9)), staff, at(2026, 11, 12, 9))  # due 09/11: late
    file_birth(at(2026, 11, 6, 9), channel="online")  # received online, still pending, due 10/11
    assert (on_time.outcome, late.outcome) == ("early", "late")
    for unit in (units.ward_bim_son, units.province):
        m = {
            code: metrics.measure(code, unit, D(2026, 11, 1), D(2026, 11, 30)).value
            for code in (
                "dossiers.received",
                "dossiers.received_online",
                "dossiers.resolved",
                "dossiers.resolved_on_time",
                "dossiers.resolved_on_time_pct",
                "dossiers.pending_overdue",
                "dossiers.procedures_handled",
            )
        }
        assert m == {
            "dossiers.received": 3,
            "dossiers.received_online": 1,
            "dossiers.resolved": 2,
            "dossiers.resolved_on_time": 1,
            "dossiers.resolved_on_time_pct": Decimal("50.00"),
            "dossiers.pending_overdue": 1,
            "dossiers.procedures_handled": 1,  # three birth registrations: one procedure
        }
    other = metrics.measure("dossiers.received", units.ward_quang_trung, D(2026, 11, 1), D(2026, 11, 30))
    assert other.value == 0
    nothing = metrics.measure(
        "dossiers.resolved_on_time_pct", units.ward_bim_son, D(2026, 10, 1), D(2026, 10, 31)
    )
    assert nothing.value is None


def test_catalogue_measures_count_procedures_in_force_at_the_units_levels(units, procedures):
    ward = {
        c: metrics.measure(c, units.ward_bim_son, D(2026, 1, 1), D(2026, 12, 31)).value
        for c in (
            "catalog.procedures_in_force",
            "catalog.procedures_online_full",
            "catalog.procedures_online_pct",
        )
    }
    assert ward == {
        "catalog.procedures_in_force": 1,
        "catalog.procedures_online_full": 1,
        "catalog.procedures_online_pct": Decimal("100.00"),
    }
    province = {
        c: metrics.measure(c, units.province, D(2026, 1, 1), D(2026, 12, 31)).value
        for c in (
            "catalog.procedures_in_force",
            "catalog.procedures_online_full",
            "catalog.procedures_online_pct",
        )
    }
    assert province == {
        "catalog.procedures_in_force": 2,
        "catalog.procedures_online_full": 1,
        "catalog.procedures_online_pct": Decimal("100.00"),
    }
    before = metrics.measure("catalog.procedures_in_force", units.province, D(2023, 1, 1), D(2023, 12, 31))
    assert before.value == 0
