"""Every change to plans: permission check, change and audit row in one transaction.

`plan` holds plans, tasks, progress and targets; `events` the deadlines counted from an event; `imports` the
plan import. Callers import every action from
`par.plans.actions`.
"""

from par.plans.actions.events import do_record_event
from par.plans.actions.imports import do_confirm_plan_import, do_import_plan, do_stage_plan_import
from par.plans.actions.plan import (
    PLAN_FIELDS,
    TARGET_FIELDS,
    TASK_FIELDS,
    TaskInput,
    do_add_task,
    do_cancel_task,
    do_create_plan,
    do_issue_plan,
    do_report_progress,
    do_save_target,
    do_update_plan,
    do_update_task,
)

__all__ = [
    "PLAN_FIELDS",
    "TARGET_FIELDS",
    "TASK_FIELDS",
    "TaskInput",
    "do_add_task",
    "do_cancel_task",
    "do_confirm_plan_import",
    "do_create_plan",
    "do_import_plan",
    "do_issue_plan",
    "do_record_event",
    "do_report_progress",
    "do_save_target",
    "do_stage_plan_import",
    "do_update_plan",
    "do_update_task",
]
