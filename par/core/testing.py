"""What the tests of every app share: a small slice of Thanh Hóa, one persona per role (alice-and-bob style), a
signed-in client, and small files and settings that many tests need.

Test support only: par/conftest.py makes the fixtures below available to every test, and no application module
imports this one (par/core/tests/test_layers.py checks it). That is why it may build units and users although
core is the floor that imports no domain app.
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from par.accounts.models import Membership, Role, User
from par.core.http import PDF_TYPE
from par.orgunits.models import AdminLevel, LineageKind, Unit, UnitKind, UnitLineage

# Every persona's password.
PASSWORD = "Thanh-hoa-2026"  # noqa: S105 - a test password


def make_unit(
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    *,
    level: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Unit:
    """Create a unit with its materialised path set, as the loader and actions do."""
    if level is None:
        levels: dict[str, str] = {
            UnitKind.PROVINCE: AdminLevel.PROVINCE,
            UnitKind.DEPARTMENT: AdminLevel.PROVINCE,
            UnitKind.DISTRICT: AdminLevel.DISTRICT,
        }
        level = levels.get(kind, AdminLevel.COMMUNE)
    unit = Unit.objects.create(
        code=code, name=name, kind=kind, level=level, parent=parent, valid_from=valid_from, valid_to=valid_to
    )
    unit.path, unit.depth = unit.compute_path()
    unit.save(update_fields=["path", "depth"])
    return unit


def make_units() -> SimpleNamespace:
    """Province 38 with two departments, a legacy district with two communes, and two 2025 communes."""
    reform = dt.date(2025, 7, 1)
    province = make_unit("38", "Tỉnh Thanh Hóa", UnitKind.PROVINCE)
    home_affairs = make_unit("38.SNV", "Sở Nội vụ", UnitKind.DEPARTMENT, province)
    justice = make_unit("38.STP", "Sở Tư pháp", UnitKind.DEPARTMENT, province)
    bim_son = make_unit("381", "Thị xã Bỉm Sơn", UnitKind.DISTRICT, province, valid_to=dt.date(2025, 6, 30))
    ba_dinh = make_unit("14794", "Phường Ba Đình", UnitKind.WARD, bim_son, valid_to=dt.date(2025, 6, 30))
    quang_trung_old = make_unit(
        "14803", "Phường Lam Sơn", UnitKind.WARD, bim_son, valid_to=dt.date(2025, 6, 30)
    )
    ward_bim_son = make_unit("14812", "Phường Bỉm Sơn", UnitKind.WARD, province, valid_from=reform)
    ward_quang_trung = make_unit("14818", "Phường Quang Trung", UnitKind.WARD, province, valid_from=reform)
    UnitLineage.objects.create(old=ba_dinh, new=ward_bim_son, kind=LineageKind.MERGE, effective_date=reform)
    UnitLineage.objects.create(
        old=quang_trung_old, new=ward_quang_trung, kind=LineageKind.MERGE, effective_date=reform
    )
    return SimpleNamespace(
        province=province,
        home_affairs=home_affairs,
        justice=justice,
        bim_son=bim_son,
        ba_dinh=ba_dinh,
        lam_son=quang_trung_old,
        ward_bim_son=ward_bim_son,
        ward_quang_trung=ward_quang_trung,
    )


def make_person(username: str, full_name: str, memberships=(), **extra) -> User:
    """A user with the password PASSWORD and a membership for each (unit, role) in `memberships`."""
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name, **extra)
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_people(units: SimpleNamespace) -> SimpleNamespace:
    """One persona per role, each in their own unit; `outsider` has no membership at all."""
    return SimpleNamespace(
        par_officer=make_person("lan", "Lê Thị Lan", [(units.province, Role.PAR_OFFICER)]),
        justice_head=make_person("hung", "Nguyễn Văn Hùng", [(units.justice, Role.UNIT_HEAD)]),
        justice_officer=make_person("mai", "Trần Thị Mai", [(units.justice, Role.UNIT_OFFICER)]),
        home_affairs_officer=make_person("nam", "Phạm Văn Nam", [(units.home_affairs, Role.UNIT_OFFICER)]),
        ward_clerk=make_person("hoa", "Đỗ Thị Hoa", [(units.ward_bim_son, Role.ONE_STOP_CLERK)]),
        other_ward_clerk=make_person("tuan", "Vũ Minh Tuấn", [(units.ward_quang_trung, Role.ONE_STOP_CLERK)]),
        appraiser=make_person("binh", "Hoàng Văn Bình", [(units.home_affairs, Role.APPRAISER)]),
        auditor=make_person("thu", "Ngô Thị Thu", [(units.province, Role.AUDITOR)]),
        outsider=make_person("khach", "Người Ngoài"),
        admin=make_person("quantri", "Quản trị hệ thống", is_staff=True, is_superuser=True),
    )


@pytest.fixture
def units(db) -> SimpleNamespace:
    """The slice of Thanh Hóa of `make_units`."""
    return make_units()


@pytest.fixture
def people(units) -> SimpleNamespace:
    """The personas of `make_people`."""
    return make_people(units)


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns a test client signed in as `user`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def english(client):
    """Ask for the English interface, so that assertions hold before and after the Vietnamese catalogue."""
    client.cookies["django_language"] = "en"
    return client


PDF_CONTENT = b"%PDF-1.4\n% test evidence\n"


def pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    """A small file that passes the upload checks as a PDF."""
    return SimpleUploadedFile(name, PDF_CONTENT, content_type=PDF_TYPE)


def pdf_bytes() -> io.BytesIO:
    return io.BytesIO(PDF_CONTENT)
