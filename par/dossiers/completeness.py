"""The completeness check at receipt (docs/decisions/0151-completeness-needs-the-checklist.md).

A dossier is "complete and valid", and its legal clock starts, only when every document the procedure version
requires is checked off, or when the clerk records why the dossier is complete without the ones that are not
(a document the applicant does not need in their case, one the desk looks up itself, …). The reason is kept on
the dossier and in its history; it is internal, like the rest of the check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from par.catalog.models import RequiredDocument
from par.dossiers.models import DocumentKind, Dossier, DossierDocument


def required_documents(d: Dossier) -> list[RequiredDocument]:
    """The checklist of the dossier's procedure version, in the desk's checking order."""
    return list(d.procedure_version.documents.order_by("position"))


def check_off(d: Dossier, checked: Iterable[int], *, at: dt.datetime) -> list[RequiredDocument]:
    """Record the required documents checked off now (those not recorded yet); return those still missing."""
    checklist = required_documents(d)
    by_id = {r.pk: r for r in checklist}
    checked_ids = set(checked)
    unknown = checked_ids - set(by_id)
    if unknown:
        raise ValidationError(_("A checked document is not on this procedure's checklist; reload the page."))
    recorded = set(
        d.documents.filter(required_document__isnull=False).values_list("required_document_id", flat=True)
    )
    DossierDocument.objects.bulk_create(
        [
            DossierDocument(
                dossier=d,
                required_document=r,
                name=r.name[:500],
                originals=r.originals,
                copies=r.copies,
                kind=DocumentKind.SUBMITTED,
                received_at=at,
            )
            for r in checklist
            if r.pk in checked_ids - recorded
        ]
    )
    return [r for r in checklist if r.pk not in recorded | checked_ids]


def require_complete(missing: list[RequiredDocument], reason: str) -> str:
    """Refuse a receipt with unchecked documents and no reason; return the history note of an accepted one."""
    if not missing:
        return ""
    names = "; ".join(f"{r.position}. {r.name}" for r in missing)
    if not reason.strip():
        raise ValidationError(
            ngettext(
                "The dossier cannot be received as complete: %(n)d required document is not checked off "
                "(%(names)s). Check it off, or record why the dossier is complete without it.",
                "The dossier cannot be received as complete: %(n)d required documents are not checked off "
                "(%(names)s). Check them off, or record why the dossier is complete without them.",
                len(missing),
            )
            % {"n": len(missing), "names": names}
        )
    return _("Received without: %(names)s. Reason: %(reason)s") % {"names": names, "reason": reason.strip()}
