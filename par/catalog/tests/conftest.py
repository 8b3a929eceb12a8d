"""Fixtures of the catalogue tests: a field, procedures with versions, workbooks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest


@pytest.fixture
def hotich(db):
    from par.catalog.models import Field

    return Field.objects.create(code="HT", name="Hộ tịch")


def step_inputs(*days):
    """Steps with the given sub-limits: reception first, specialists in between, the leader last."""
    from par.catalog.actions import StepInput

    names = ["Tiếp nhận hồ sơ", *(f"Xử lý bước {i}" for i in range(1, len(days) - 1)), "Lãnh đạo ký duyệt"]
    actors = ["reception", *(["specialist"] * (len(days) - 2)), "leader"]
    return [
        StepInput(name=n, actor=a, days=Decimal(str(d))) for n, a, d in zip(names, actors, days, strict=True)
    ]


def document_inputs(*names):
    from par.catalog.actions import DocumentInput

    return [DocumentInput(name=n, originals=1, copies=0, form_template="") for n in names]


def version_data(start: dt.date, legal, committed, **extra) -> dict:
    return {
        "valid_from": start,
        "legal_days": Decimal(str(legal)),
        "committed_days": Decimal(str(committed)),
        "online_level": "partial",
        **extra,
    }


@pytest.fixture
def birth(people, hotich):
    """Đăng ký khai sinh: 3/3 days, partial online until 30/06/2025; from 01/07/2025 3/2 days, full online."""
    from par.catalog.actions import do_add_version, do_create_procedure

    admin = people.admin
    procedure = do_create_procedure(
        data={
            "code": "1.001193",
            "name": "Đăng ký khai sinh",
            "field": hotich,
            "at_commune": True,
            "responsible_kind": "commune_committee",
            "agency": "UBND cấp xã",
            "result": "Giấy khai sinh",
        },
        actor=admin,
    )
    do_add_version(
        procedure,
        data=version_data(dt.date(2024, 1, 1), 3, 3, fee_text="Miễn lệ phí", fee_amount=0),
        steps=step_inputs(0.5, 2, 0.5),
        documents=document_inputs("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"),
        actor=admin,
    )
    do_add_version(
        procedure,
        data=version_data(dt.date(2025, 7, 1), 3, 2, online_level="full", decision="Quyết định minh họa"),
        steps=step_inputs(0.5, 1, 0.5),
        documents=document_inputs("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"),
        actor=admin,
    )
    procedure.refresh_from_db()
    return procedure


@pytest.fixture
def land(people):
    """A province-level procedure in another field, not published (drafts are visible only when signed in)."""
    from par.catalog.actions import do_add_version, do_create_procedure
    from par.catalog.models import Field

    field = Field.objects.create(code="DD", name="Đất đai")
    procedure = do_create_procedure(
        data={
            "code": "1.012765",
            "name": "Đăng ký biến động đất đai",
            "field": field,
            "at_province": True,
            "responsible_kind": "department",
            "is_published": False,
        },
        actor=people.admin,
    )
    do_add_version(
        procedure,
        data=version_data(dt.date(2025, 7, 1), 10, 8),
        steps=step_inputs(1, 6, 1),
        actor=people.admin,
    )
    return procedure


def workbook_bytes(book) -> BytesIO:
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "danh-muc.xlsx"
    return buffer
