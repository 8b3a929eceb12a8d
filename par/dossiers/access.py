"""Who may see and act on dossiers: scoped by the receiving unit and the units of its steps."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from par.accounts.access import has_role, visible_units
from par.accounts.models import Role
from par.dossiers.models import Dossier, DossierDocument, DossierStep

CLERKS = {Role.ONE_STOP_CLERK}
PROCESSORS = {Role.PROCESSING_OFFICER, Role.SIGNING_LEADER}
LEADERS = {Role.SIGNING_LEADER}
STAFF = CLERKS | PROCESSORS


def visible_dossiers(user):
    """Dossiers received by a unit the user sees, or with a step at such a unit (inter-agency processing)."""
    units = visible_units(user)
    at_step = DossierStep.objects.filter(dossier=OuterRef("pk"), unit__in=units)
    return Dossier.objects.filter(Q(unit__in=units) | Exists(at_step))


def access_dossier(user, pk) -> Dossier:
    """The dossier if the user may see it; 404 for missing and forbidden alike."""
    try:
        return visible_dossiers(user).select_related("unit", "procedure", "current_step__unit").get(pk=pk)
    except (Dossier.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_document(user, dossier_pk, document_pk) -> DossierDocument:
    """An uploaded file of a dossier the user may see; 404 for a missing, forbidden or paper-only document."""
    dossier = access_dossier(user, dossier_pk)
    try:
        return dossier.documents.exclude(file="").get(pk=document_pk)
    except (DossierDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_clerk(user, dossier: Dossier) -> bool:
    return has_role(user, dossier.unit, CLERKS)


def is_processor(user, dossier: Dossier) -> bool:
    """A processing officer or signing leader at the unit of the current step (else the receiving unit)."""
    step = dossier.current_step
    unit = step.unit if step is not None else dossier.unit
    return has_role(user, unit, PROCESSORS)


def is_leader(user, dossier: Dossier) -> bool:
    step = dossier.current_step
    unit = step.unit if step is not None else dossier.unit
    return has_role(user, unit, LEADERS)
