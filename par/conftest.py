"""Shared fixtures: a small slice of Thanh Hóa and one persona per role (alice-and-bob style)."""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import translation

from par.core.testing import make_unit

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures are still
# synchronous, so Django's async-safety guard is switched off for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Thanh-hoa-2026"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    # Lockout is tested on purpose where needed; elsewhere failed logins must not leak between tests.
    settings.AXES_ENABLED = False
    # The production hasher is slow by design; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts in the default language (Vietnamese): a request in English earlier in the same worker
    # must not leak into text built outside a request.
    translation.activate(settings.LANGUAGE_CODE)
    # Calendar rules (cached by calendar id, which a rolled-back test can leave to be reused), rate-limit
    # counters and cached public answers live in the cache: each test starts with an empty one.
    cache.clear()
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, set up after the test database so that it is stopped first: no server thread
    is left holding a connection when the database is dropped at the end of the run."""
    return live_server


@pytest.fixture
def units(db):
    """Province 38 with two departments, a legacy district with two communes, and two 2025 communes."""
    from par.orgunits.models import LineageKind, UnitKind, UnitLineage

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


def _person(username: str, full_name: str, memberships=(), **extra):
    from par.accounts.models import Membership, User

    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name, **extra)
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def people(units):
    """One persona per role, each in their own unit; `outsider` has no membership at all."""
    from par.accounts.models import Role

    return SimpleNamespace(
        par_officer=_person("lan", "Lê Thị Lan", [(units.province, Role.PAR_OFFICER)]),
        justice_head=_person("hung", "Nguyễn Văn Hùng", [(units.justice, Role.UNIT_HEAD)]),
        justice_officer=_person("mai", "Trần Thị Mai", [(units.justice, Role.UNIT_OFFICER)]),
        home_affairs_officer=_person("nam", "Phạm Văn Nam", [(units.home_affairs, Role.UNIT_OFFICER)]),
        ward_clerk=_person("hoa", "Đỗ Thị Hoa", [(units.ward_bim_son, Role.ONE_STOP_CLERK)]),
        other_ward_clerk=_person("tuan", "Vũ Minh Tuấn", [(units.ward_quang_trung, Role.ONE_STOP_CLERK)]),
        appraiser=_person("binh", "Hoàng Văn Bình", [(units.home_affairs, Role.APPRAISER)]),
        auditor=_person("thu", "Ngô Thị Thu", [(units.province, Role.AUDITOR)]),
        outsider=_person("khach", "Người Ngoài"),
        admin=_person("quantri", "Quản trị hệ thống", is_staff=True, is_superuser=True),
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)` returns a test client signed in as `user`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
