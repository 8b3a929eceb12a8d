"""The measures that reports' appendix 5 and the PAR index read: received, answered, answered on time."""

import datetime as dt
from decimal import Decimal

import pytest

from par import metrics
from par.petitions.actions import do_answer_petition

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.mark.django_db
def test_received_counts_the_subtree_of_the_unit(petitions, units):
    assert metrics.measure("petitions.received", units.province, *MARCH).value == 3
    assert metrics.measure("petitions.received", units.justice, *MARCH).value == 2
    assert metrics.measure("petitions.received", units.home_affairs, *MARCH).value == 0


@pytest.mark.django_db
def test_answered_on_time_is_a_ratio_of_the_answers_in_the_period(petitions, units, people, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 1, 2, 0, tzinfo=dt.UTC), tick=False)  # after the 30/03 due date
    do_answer_petition(petitions.routed, answer="Muộn", actor=people.justice_head)
    assert metrics.measure("petitions.answered", units.justice, *MARCH).value == 1
    year = metrics.measure(
        "petitions.answered_on_time_pct", units.province, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    assert (year.numerator, year.denominator, year.value) == (1, 2, Decimal("50.00"))
    assert [r.counted for r in year.explain()] == [False, True]  # in order of receipt: routed, then answered


@pytest.mark.django_db
def test_with_nothing_answered_the_rate_has_no_value(petitions, units):
    assert metrics.measure("petitions.answered_on_time_pct", units.home_affairs, *MARCH).value is None
