"""Every change to a dossier: permission, change, history event, audit row and statistics in one transaction.

Each action locks the dossier row (select_for_update) and compares the version the user read, so of two
concurrent actions on one dossier the first wins and the second gets a ConflictError (HTTP 409, decision 0106).
`actor=None` is the system: the public online form, commands, the demo generator.

- `intake`: filing, the completeness check, the supplement;
- `processing`: the steps of the process, approval, the result, withdrawal, the apology;
- `transitions`: one transition by its name, for the detail page and the API;
- `base`: the lock, the state check and `commit` (event, audit row, statistics) they share.

`from par.dossiers.actions import do_x` works for every action.
"""

from par.dossiers.actions.intake import (
    DECISIONS,
    Applicant,
    PaperDocument,
    do_file_and_check,
    do_file_dossier,
    do_receive_complete,
    do_receive_supplement,
    do_refuse,
    do_request_supplement,
    do_supplement_online,
)
from par.dossiers.actions.processing import (
    do_approve,
    do_assign,
    do_extend,
    do_issue_result,
    do_move_to_next_step,
    do_return_result,
    do_return_to_step,
    do_submit_for_approval,
    do_withdraw,
)
from par.dossiers.actions.transitions import ACTIONS, do_transition

__all__ = [
    "ACTIONS",
    "DECISIONS",
    "Applicant",
    "PaperDocument",
    "do_approve",
    "do_assign",
    "do_extend",
    "do_file_and_check",
    "do_file_dossier",
    "do_issue_result",
    "do_move_to_next_step",
    "do_receive_complete",
    "do_receive_supplement",
    "do_refuse",
    "do_request_supplement",
    "do_return_result",
    "do_return_to_step",
    "do_submit_for_approval",
    "do_supplement_online",
    "do_transition",
    "do_withdraw",
]
