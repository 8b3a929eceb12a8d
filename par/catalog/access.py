"""Who may read and change the procedure catalogue.

The catalogue is province-wide and public by law (procedures must be published), so reading is open: everyone
signed in reads every procedure, the public reads published ones. Changing it is the job of the province's PAR
officer (a PAR-officer membership in a province-level unit: the province or a department such as Home Affairs)
or of a superuser (docs/decisions/0043-catalogue-access.md).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from par.accounts.models import Membership, Role
from par.catalog.models import Procedure, ProcedureVersion
from par.catalog.querysets import ProcedureQuerySet
from par.orgunits.models import AdminLevel

EDITOR_ROLES = frozenset({Role.PAR_OFFICER})


def can_edit_catalog(user) -> bool:
    """True when `user` may change fields, procedures, versions, steps and documents, and import."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role__in=EDITOR_ROLES, unit__level=AdminLevel.PROVINCE
    ).exists()


def require_catalog_editor(actor, *, system_allowed: bool = False) -> None:
    """Raise PermissionDenied unless `actor` may edit; `None` is a system command where that is allowed."""
    if actor is None and system_allowed:
        return
    if not can_edit_catalog(actor):
        raise PermissionDenied(_("You may not change the procedure catalogue."))


def visible_procedures(user) -> ProcedureQuerySet:
    """Everyone signed in reads the whole catalogue; the public reads published procedures only."""
    if user is not None and user.is_authenticated and user.is_active:
        return Procedure.objects.all()
    return Procedure.objects.published()


def access_procedure(user, code: str, *, write: bool = False) -> Procedure:
    """The procedure with `code` if the user may see it (and edit it when `write`); 404 otherwise."""
    if write and not can_edit_catalog(user):
        raise Http404
    try:
        return visible_procedures(user).select_related("field").get(code=code)
    except Procedure.DoesNotExist:
        raise Http404 from None


def access_version(user, code: str, pk, *, write: bool = False) -> ProcedureVersion:
    """A version of the procedure `code`, under the same rule as `access_procedure`."""
    procedure = access_procedure(user, code, write=write)
    try:
        version = procedure.versions.get(pk=pk)
    except (ProcedureVersion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    version.procedure = procedure  # already loaded, with its field
    return version
