"""One transition by its name, as the detail page's buttons and POST /api/v1/dossiers/{id}/actions/{name}/ send
it: the name picks the action, the form's fields become its arguments, and the action checks everything."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from par.dossiers.actions.intake import (
    do_receive_complete,
    do_receive_supplement,
    do_refuse,
    do_request_supplement,
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
from par.dossiers.models import Dossier
from par.orgunits.models import Unit

Data = Mapping[str, Any]


def _receive(d: Dossier, v: int | None, data: Data, actor) -> Dossier:
    checked = data.get("documents") or []
    reason = data.get("missing_reason") or ""
    return do_receive_complete(d, expected_version=v, actor=actor, checked=checked, reason=reason)


def _assign(d: Dossier, v: int | None, data: Data, actor) -> Dossier:
    from par.accounts.models import User

    # Any user id may be sent; the action refuses anyone who is not an officer of the step's unit.
    assignee_id = data.get("assignee")
    assignee = User.objects.filter(pk=assignee_id).first() if assignee_id is not None else None
    if assignee is None:
        raise ValidationError(_("Choose an officer."))
    return do_assign(d, assignee=assignee, expected_version=v, actor=actor)


def _next(d: Dossier, v: int | None, data: Data, actor) -> Dossier:
    # Any unit id may be sent; the action accepts only a unit on the step's inter-agency routes.
    unit = Unit.objects.filter(pk=data["unit"]).first() if data.get("unit") else None
    return do_move_to_next_step(d, expected_version=v, actor=actor, unit=unit, note=_note(data))


def _extend(d: Dossier, v: int | None, data: Data, actor) -> Dossier:
    if data.get("new_date") is None:
        raise ValidationError(_("Enter the new appointment date (dd/mm/yyyy)."))
    return do_extend(d, new_date=data["new_date"], reason=_note(data), expected_version=v, actor=actor)


def _note(data: Data) -> str:
    return data.get("note") or ""


TRANSITIONS: dict[str, Callable[[Dossier, int | None, Data, Any], Dossier]] = {
    "receive": _receive,
    "supplement": lambda d, v, data, actor: do_request_supplement(
        d, reason=_note(data), expected_version=v, actor=actor
    ),
    "supplemented": lambda d, v, data, actor: do_receive_supplement(d, expected_version=v, actor=actor),
    "refuse": lambda d, v, data, actor: do_refuse(d, reason=_note(data), expected_version=v, actor=actor),
    "assign": _assign,
    "next": _next,
    "return_step": lambda d, v, data, actor: do_return_to_step(
        d, position=data.get("position") or 0, note=_note(data), expected_version=v, actor=actor
    ),
    "submit": lambda d, v, data, actor: do_submit_for_approval(
        d, expected_version=v, actor=actor, note=_note(data)
    ),
    "approve": lambda d, v, data, actor: do_approve(
        d, expected_version=v, actor=actor, number=data.get("number") or ""
    ),
    "issue": lambda d, v, data, actor: do_issue_result(
        d, expected_version=v, actor=actor, summary=_note(data)
    ),
    "return": lambda d, v, data, actor: do_return_result(
        d, method=data.get("method") or "", expected_version=v, actor=actor
    ),
    "withdraw": lambda d, v, data, actor: do_withdraw(d, reason=_note(data), expected_version=v, actor=actor),
    "extend": _extend,
}
ACTIONS = tuple(TRANSITIONS)


def do_transition(dossier: Dossier, name: str, data: Data, *, actor) -> Dossier:
    """Run the transition `name` on the dossier with the fields of `ActionForm` (`version`, `note`, …).

    Each action opens its own transaction, checks its permission and writes its audit row; an unknown name is
    a 404, like an address that does not exist."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    return transition(dossier, data.get("version"), data, actor)
