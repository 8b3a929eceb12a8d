"""Fixtures of the portal tests: a seeded calendar, one commune procedure and dossiers at several stages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC)  # Friday 20/03/2026, 10:00 in Hà Nội


def at(year, month, day, hour=9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=VN)


@pytest.fixture
def birth(people, db):
    """Đăng ký khai sinh: a commune procedure, 3 legal / 2 committed working days."""
    from par.calendars.actions import do_ensure_national_calendar, do_seed_calendar_year
    from par.catalog.actions import DocumentInput, StepInput, do_add_version, do_create_procedure
    from par.catalog.models import Field

    calendar, _ = do_ensure_national_calendar(actor=None)
    do_seed_calendar_year(calendar, 2026, actor=None)
    field = Field.objects.create(code="HT", name="Hộ tịch")
    procedure = do_create_procedure(
        data={
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "field": field,
            "at_commune": True,
            "responsible_kind": "commune_committee",
            "result": "Giấy khai sinh",
        },
        actor=people.admin,
    )
    do_add_version(
        procedure,
        data={
            "valid_from": dt.date(2024, 1, 1),
            "legal_days": Decimal(3),
            "committed_days": Decimal(2),
            "online_level": "full",
        },
        steps=[
            StepInput(name="Tiếp nhận hồ sơ", actor="reception", days=Decimal("0.5")),
            StepInput(name="Thẩm định", actor="specialist", days=Decimal(1)),
            StepInput(name="Lãnh đạo ký", actor="leader", days=Decimal("0.5")),
        ],
        documents=[DocumentInput(name="Tờ khai", originals=1, copies=0, form_template="")],
        actor=people.admin,
    )
    procedure.refresh_from_db()
    return procedure


def file_dossier(units, people, procedure, when, *, name="Nguyễn Văn An", resolve_at=None):
    """File and receive a dossier at Phường Bỉm Sơn; with `resolve_at`, carry it to its result."""
    from par.dossiers import actions as a

    d = a.do_file_dossier(
        unit=units.ward_bim_son,
        procedure=procedure,
        applicant=a.Applicant(name=name, id_number="038090001234", phone="0912345678"),
        channel="counter",
        actor=people.ward_clerk,
        at=when,
    )
    checked = d.procedure_version.documents.values_list("pk", flat=True)
    d = a.do_receive_complete(
        d, expected_version=d.version, actor=people.ward_clerk, at=when, checked=checked
    )
    if resolve_at:
        d = a.do_submit_for_approval(d, expected_version=d.version, actor=None, at=resolve_at)
        d = a.do_approve(d, expected_version=d.version, actor=None, number="12/GKS", at=resolve_at)
        d = a.do_issue_result(d, expected_version=d.version, actor=None, at=resolve_at)
    return d


@pytest.fixture
def dossiers(units, people, birth, django_capture_on_commit_callbacks):
    """One dossier in process, one resolved on time, one resolved late (all at Phường Bỉm Sơn, March 2026)."""
    with django_capture_on_commit_callbacks(execute=True):
        open_ = file_dossier(units, people, birth, at(2026, 3, 18))
        on_time = file_dossier(units, people, birth, at(2026, 3, 2), resolve_at=at(2026, 3, 3, 14))
        late = file_dossier(
            units, people, birth, at(2026, 3, 5), name="Lê Thị Cúc", resolve_at=at(2026, 3, 16, 14)
        )
    return SimpleNamespace(open=open_, on_time=on_time, late=late)
