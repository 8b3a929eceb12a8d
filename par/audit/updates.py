"""The audited update every `do_update_*` action shares (docs/decisions/0128-one-audited-update.md).

Lock the row, refuse a stale version, apply the new values, validate, save and write one audit row that holds
the values before and after of the fields that changed. Called by action functions only, inside their
transaction and after their permission check: the action says who may change what, this says how a change is
written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from par.audit.log import record_event
from par.core.models import Versioned

M = TypeVar("M", bound=models.Model)

# Bookkeeping that changes with every write; an audit row about it would say nothing.
NOT_AUDITED = frozenset({"version"})


def audited_fields(model: type[models.Model]) -> list[str]:
    """The attribute names an audited update compares by default: the concrete fields a person can edit."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.attname not in NOT_AUDITED
    ]


def _lock(target: M | models.QuerySet[M]) -> M:
    if isinstance(target, models.QuerySet):
        return target.select_for_update().get()
    return type(target)._default_manager.select_for_update().get(pk=target.pk)


def _check_names(model: type[models.Model], names: Collection[str]) -> None:
    known = {f.name for f in model._meta.concrete_fields} | {f.attname for f in model._meta.concrete_fields}
    unknown = set(names) - known
    if unknown:
        # A programming error, not a user's: the action lists what a person may change before it gets here.
        raise TypeError(f"{model._meta.label} has no fields {', '.join(sorted(unknown))}")


def audited_update(
    target: M | models.QuerySet[M],
    changes: Mapping[str, Any] | Callable[[M], Mapping[str, Any]],
    *,
    actor: Any,
    action: str,
    expected_version: int | None = None,
    conflict_message: str = "",
    check: Callable[[M], None] | None = None,
    fields: Collection[str] | None = None,
    clean_exclude: Collection[str] = (),
    unit: Any = None,
    reason: str = "",
) -> M:
    """Change one row and write its audit row, in the caller's transaction; return the locked, saved row.

    - `target`: the instance to change, or a queryset that selects exactly that row (to lock it with its
      `select_related` rows); the row is read again under `select_for_update`, so two writers are serialised
      and the version check and the before-values see the committed row, not a stale instance.
    - `changes`: field name → new value, or a function of the locked row that returns them (for values that
      depend on the row as stored, such as a deadline counted from its received date).
    - `expected_version`: the `version` the person read; another one raises ConflictError (with
      `conflict_message` when given). Only for `Versioned` models, whose counter goes up with every change.
    - `check`: called with the locked row before anything changes, to refuse a change its state forbids.
    - `fields`: the attribute names the audit row may show (default: every editable field); a changed field
      outside them is saved but not shown, for secrets.
    - `clean_exclude`: fields `full_clean` leaves alone (a password hash, a value the action computes later).

    Nothing changed (every new value equals the stored one): nothing is written — no save, no version bump, no
    audit row — but the version check, `check` and validation still run, so a stale form is still refused.
    Stale version, a refusal by `check` or invalid values: the exception is raised before any write.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audited_update must be called inside the action's transaction.atomic block")
    # The lock serialises writers of this row: the version check must see the committed counter and the
    # before-values in the audit row must be the state the change really replaced.
    locked = _lock(target)
    if expected_version is not None and not isinstance(locked, Versioned):
        raise TypeError(f"{locked._meta.label} has no version to check")
    if isinstance(locked, Versioned):
        locked.check_version(expected_version, conflict_message)
    if check is not None:
        check(locked)
    values = changes(locked) if callable(changes) else changes
    model = type(locked)
    _check_names(model, values)
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in NOT_AUDITED]
    # Compared as Python values after full_clean has cleaned them (88.5 equals 88.50; a date typed as text is a
    # date), copied so that a value changed in place still shows its old state.
    before = {name: copy.deepcopy(getattr(locked, name)) for name in names}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=list(clean_exclude) or None)
    after = {name: getattr(locked, name) for name in names}
    changed = [name for name in names if before[name] != after[name]]
    if not changed:
        return locked
    if isinstance(locked, Versioned):
        locked.version += 1
    locked.save()
    visible = set(audited_fields(model) if fields is None else fields)
    shown = [name for name in changed if name in visible]
    record_event(
        actor=actor,
        action=action,
        obj=locked,
        unit=unit,
        before={name: before[name] for name in shown},
        after={name: after[name] for name in shown},
        reason=reason,
    )
    return locked
