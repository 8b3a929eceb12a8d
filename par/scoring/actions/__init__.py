"""Every change to the PAR index: permission check, change and audit row in one transaction.

One module per seam: `frameworks` (criteria tree and thresholds), `assessments` (self scores, appraisal,
approval), `applicability` (not-applicable marks, decisions 0120/0121), `publishing` (ranking decisions, decision
0110) and `years` (next year's framework, decision 0122). Callers import from here: `actions.do_self_score(...)`.
"""

from par.scoring.actions.applicability import (
    do_decide_not_applicable,
    do_mark_not_applicable,
    do_set_no_survey_rule,
    do_withdraw_not_applicable,
)
from par.scoring.actions.assessments import (
    REOPEN_TO,
    do_appraise_score,
    do_approve_assessment,
    do_open_assessments,
    do_refresh_measured,
    do_reopen_assessment,
    do_self_score,
    do_submit_assessment,
    units_for_kind,
)
from par.scoring.actions.frameworks import (
    DEFAULT_BANDS,
    NodeInput,
    do_create_framework,
    do_replace_tree,
    do_set_bands,
    validate_tree,
)
from par.scoring.actions.publishing import (
    StaleFigures,
    do_exclude_assessment,
    do_include_assessment,
    do_publish_results,
    figures,
    points_text,
)
from par.scoring.actions.years import FIRST_YEAR, LAST_YEAR, do_copy_framework, tree_of

__all__ = [
    "DEFAULT_BANDS",
    "FIRST_YEAR",
    "LAST_YEAR",
    "REOPEN_TO",
    "NodeInput",
    "StaleFigures",
    "do_appraise_score",
    "do_approve_assessment",
    "do_copy_framework",
    "do_create_framework",
    "do_decide_not_applicable",
    "do_exclude_assessment",
    "do_include_assessment",
    "do_mark_not_applicable",
    "do_open_assessments",
    "do_publish_results",
    "do_refresh_measured",
    "do_reopen_assessment",
    "do_replace_tree",
    "do_self_score",
    "do_set_bands",
    "do_set_no_survey_rule",
    "do_submit_assessment",
    "do_withdraw_not_applicable",
    "figures",
    "points_text",
    "tree_of",
    "units_for_kind",
    "validate_tree",
]
