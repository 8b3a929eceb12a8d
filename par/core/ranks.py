"""Ranks and rounding shared by every ranking: the PAR index ranks units, the national view ranks provinces."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")


def q2(value) -> Decimal:
    """Two decimal places, halves rounded up, as the index's points and percentages are published."""
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def rank_with_ties(values: list[Decimal]) -> list[int]:
    """Competition ranks (1, 2, 2, 4) for values in any order: equal values share the better rank."""
    order = sorted(range(len(values)), key=lambda i: values[i], reverse=True)
    ranks = [0] * len(values)
    for position, i in enumerate(order):
        if position and values[i] == values[order[position - 1]]:
            ranks[i] = ranks[order[position - 1]]
        else:
            ranks[i] = position + 1
    return ranks
