"""Every change to the procedure catalogue: permission check, the change and its audit row in one transaction.

Writes to a procedure, its versions, steps and documents lock the procedure row (`select_for_update`) so that
two editors cannot both pass the overlap and optimistic-lock checks, and bump `Procedure.version`, the lock
counter of the whole procedure. Only `do_import_catalog` accepts `actor=None` (the import and demo commands).

A package, one module per seam: `procedures` (an editor's changes one at a time), `import_catalog` (a workbook
all or nothing) and what both share (`common`). Callers import from `par.catalog.actions`.
"""

from par.catalog.actions.common import (
    FIELD_FIELDS,
    PROCEDURE_FIELDS,
    PROCEDURE_INPUTS,
    VERSION_FIELDS,
    DocumentInput,
    StepInput,
)
from par.catalog.actions.import_catalog import (
    CatalogImportError,
    ImportResult,
    do_import_catalog,
)
from par.catalog.actions.procedures import (
    do_add_version,
    do_create_field,
    do_create_procedure,
    do_set_steps_and_documents,
    do_update_field,
    do_update_procedure,
    do_update_version,
)

__all__ = [
    "CatalogImportError",
    "DocumentInput",
    "FIELD_FIELDS",
    "ImportResult",
    "PROCEDURE_FIELDS",
    "PROCEDURE_INPUTS",
    "StepInput",
    "VERSION_FIELDS",
    "do_add_version",
    "do_create_field",
    "do_create_procedure",
    "do_import_catalog",
    "do_set_steps_and_documents",
    "do_update_field",
    "do_update_procedure",
    "do_update_version",
]
