"""A task's performers compared before and after a change (decision 0138)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from par.plans.models import PlanTask, UnitRole

if TYPE_CHECKING:
    from par.plans.actions import TaskInput


def performers_of(task: PlanTask) -> tuple[set, set]:
    """The task's named units (not those reached through a group) and its groups, each with its role."""
    units = set(task.assignments.filter(via_group="").values_list("unit_id", "role"))
    groups = set(task.unit_groups.values_list("group", "role"))
    return units, groups


def performers_in(data: TaskInput) -> tuple[set, set]:
    units = {(u.pk, UnitRole.COORDINATING) for u in data.coordinating_units}
    units = {pair for pair in units if pair[0] not in {u.pk for u in data.lead_units}}
    units |= {(u.pk, UnitRole.LEAD) for u in data.lead_units}
    groups = {(g, UnitRole.LEAD) for g in data.lead_groups} | {
        (g, UnitRole.COORDINATING) for g in data.coordinating_groups
    }
    return units, groups
