"""Shared helpers for the org-unit tests: load a province once per module, fingerprint the tables."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager

from django.db import transaction

from par.orgunits.actions import do_load_province
from par.orgunits.models import Unit, UnitLineage

UNIT_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "level",
    "parent_id",
    "path",
    "depth",
    "valid_from",
    "valid_to",
    "source",
]


@contextmanager
def loaded(django_db_blocker, *codes: str):
    """Load provinces in a transaction that is rolled back afterwards (for module-scoped fixtures)."""
    with django_db_blocker.unblock(), transaction.atomic():
        results = {code: do_load_province(code) for code in codes}
        try:
            yield results
        finally:
            # Undo the load so that later modules start from an empty database.
            transaction.set_rollback(True)


def fingerprint() -> tuple[int, int, str]:
    """(unit rows, lineage rows, checksum of every field), to prove a second load changes nothing."""
    digest = hashlib.sha256()
    for row in Unit.objects.order_by("code", "valid_from").values_list("pk", *UNIT_FIELDS):
        digest.update(repr(row).encode())
    for row in UnitLineage.objects.order_by("old_id", "new_id", "effective_date").values_list(
        "pk", "old_id", "new_id", "kind", "effective_date", "legal_basis"
    ):
        digest.update(repr(row).encode())
    return Unit.objects.count(), UnitLineage.objects.count(), digest.hexdigest()
