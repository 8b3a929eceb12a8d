"""A unit's own figure on its report: its subtree minus its children's, for the measures that add up."""

import datetime as dt
from decimal import Decimal

import pytest

from par.metrics import count, metric
from par.orgunits.models import Unit
from par.reporting.models import ReportingPeriod
from par.reporting.sources import own_value

pytestmark = pytest.mark.django_db

PERIOD = ReportingPeriod(start=dt.date(2026, 6, 15), cutoff=dt.date(2026, 9, 14))


@metric("test.units_in_subtree", label="units", formula="units", unit="")
def _units(scope):
    return count(Unit.objects.filter(scope.units_q()).count())


@metric("test.procedures_shared", label="procedures", formula="procedures", unit="", additive=False)
def _shared(scope):
    return count(53)  # the same set of procedures applies to every unit


def test_a_count_that_adds_up_is_split_into_the_units_own_share(units):
    children = list(units.province.children.all())
    whole = Unit.objects.filter(path__startswith=units.province.path).count()
    below = sum(Unit.objects.filter(path__startswith=c.path).count() for c in children)
    assert own_value("test.units_in_subtree", units.province, PERIOD, children).value == whole - below == 1


def test_a_count_of_things_units_share_is_never_split_into_a_negative_figure(units):
    children = list(units.province.children.all())
    assert len(children) > 1
    assert own_value("test.procedures_shared", units.province, PERIOD, children).value == Decimal(53)
