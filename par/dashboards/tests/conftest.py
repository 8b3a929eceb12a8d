"""What the dashboard page tests share: a frozen clock in 2026, one procedure, and statistics rows."""

import datetime as dt

import pytest

from par.catalog.models import Field, Procedure
from par.dossiers.models import Channel, DossierRollup

Q3 = "?span=q3&year=2026"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def procedure():
    field = Field.objects.create(code="HT", name="Hộ tịch")
    return Procedure.objects.create(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=field,
        at_commune=True,
        responsible_kind="commune_committee",
        agency="UBND cấp xã",
    )


def rollup(unit, procedure, day, **counts):
    return DossierRollup.objects.create(
        unit=unit, procedure=procedure, day=day, channel=Channel.COUNTER, **counts
    )
