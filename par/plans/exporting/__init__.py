"""Plan documents: the decision with the plan and its appendices (DOCX), the plan as a workbook, and the
progress report of the plan (DOCX in the official report layout, and XLSX).

The documents are Vietnamese whatever the user's language: they are what the office files and sends. Every
export reads the plan in a fixed number of queries (see `load_plan`), whatever the number of tasks.

A package, one module per seam: `reading` (the plan loaded once, shared names), `plan` (the plan's documents) and
`progress` (the progress report). Callers import from `par.plans.exporting`.
"""

from par.plans.exporting.plan import plan_docx, plan_xlsx
from par.plans.exporting.progress import (
    ProgressData,
    TaskProgress,
    load_progress,
    progress_docx,
    progress_xlsx,
)
from par.plans.exporting.reading import (
    AREA_NAMES,
    COMPARATOR_WORDS,
    DOCX_TYPE,
    EVIDENCE_LISTED,
    GROUP_NAMES,
    PDF_TYPE,
    PLAN_COLUMNS,
    PROGRESS_COLUMNS,
    STATUS_NAMES,
    XLSX_TYPE,
    AreaTasks,
    PlanData,
    area_title,
    file_name,
    load_plan,
    plan_name,
)

__all__ = [
    "AREA_NAMES",
    "AreaTasks",
    "COMPARATOR_WORDS",
    "DOCX_TYPE",
    "EVIDENCE_LISTED",
    "GROUP_NAMES",
    "PDF_TYPE",
    "PLAN_COLUMNS",
    "PROGRESS_COLUMNS",
    "PlanData",
    "ProgressData",
    "STATUS_NAMES",
    "TaskProgress",
    "XLSX_TYPE",
    "area_title",
    "file_name",
    "load_plan",
    "load_progress",
    "plan_docx",
    "plan_name",
    "plan_xlsx",
    "progress_docx",
    "progress_xlsx",
]
