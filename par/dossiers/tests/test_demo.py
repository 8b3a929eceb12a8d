"""The demo generator: realistic fates, consistent statistics, codes that real intake continues after."""

import io

import pytest
from django.core.management import call_command

from par.dossiers import actions, rollups
from par.dossiers.demo import load_demo
from par.dossiers.models import Dossier, DossierCounter, DossierState
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db


def test_a_demo_year_has_varied_fates_and_consistent_statistics(units, procedures, staff, time_machine):
    time_machine.move_to(at(2026, 11, 20, 9), tick=False)
    demo = {
        "province": units.province,
        "justice": units.justice,
        "home_affairs": units.home_affairs,
        "ward": units.ward_bim_son,
    }
    out = io.StringIO()
    load_demo(demo, out)
    assert "Demo dossiers:" in out.getvalue()
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {DossierState.RETURNED, DossierState.IN_PROCESS, DossierState.SUPPLEMENT_REQUESTED} <= states
    assert set(Dossier.objects.values_list("channel", flat=True)) == {"counter", "online", "postal"}
    assert set(Dossier.objects.exclude(outcome="").values_list("outcome", flat=True)) == {
        "early",
        "on_time",
        "late",
    }
    assert rollups.stored() == rollups.recount()
    # Each dossier came with the documents its procedure version requires, as the receipt lists them.
    birth = Dossier.objects.filter(procedure=procedures.birth).first()
    expected = list(birth.procedure_version.documents.order_by("position").values_list("name", flat=True))
    assert expected and list(birth.documents.order_by("id").values_list("name", flat=True)) == expected
    count = Dossier.objects.count()
    assert count > 2500
    load_demo(demo, io.StringIO())  # idempotent
    assert Dossier.objects.count() == count
    # Real intake on a generated day continues after the generated codes.
    day = Dossier.objects.filter(unit=units.ward_bim_son).latest("submitted_at").submitted_at
    used = DossierCounter.objects.get(
        unit=units.ward_bim_son, day=day.astimezone(at(2026, 1, 1).tzinfo).date()
    ).last
    d = actions.do_file_dossier(
        unit=units.ward_bim_son,
        procedure=procedures.birth,
        applicant=actions.Applicant("Lê Văn Tám"),
        channel="counter",
        actor=staff.ward_clerk,
        at=day,
    )
    assert d.code.endswith(f"-{used + 1:04d}")


def test_the_command_generates_the_requested_number(units, procedures, time_machine, settings):
    settings.PAR_DEMO_PROVINCE = "38"
    time_machine.move_to(at(2026, 11, 20, 9), tick=False)
    out = io.StringIO()
    call_command("generate_demo_dossiers", "--year", "2025", "--count", "200", stdout=out)
    assert Dossier.objects.filter(submitted_at__year=2025).count() >= 190
    assert rollups.stored() == rollups.recount()


def test_on_new_years_day_the_demo_has_no_working_day_to_fill_and_records_nothing(
    units, procedures, time_machine
):
    from par.audit.models import AuditEvent

    time_machine.move_to(at(2026, 1, 1, 9), tick=False)
    demo = {
        "province": units.province,
        "justice": units.justice,
        "home_affairs": units.home_affairs,
        "ward": units.ward_bim_son,
    }
    events = AuditEvent.objects.count()
    load_demo(demo, io.StringIO())
    load_demo(demo, io.StringIO())
    assert not Dossier.objects.exists()
    assert AuditEvent.objects.count() == events
