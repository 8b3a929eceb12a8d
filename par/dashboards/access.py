"""Which dashboard a user gets (decision 0164).

The province dashboard is for those whose reach is the whole province: a membership at the province unit (the
chair, the PAR officer of the Department of Home Affairs, who holds that role at the province by decision 0001,
the inspectorate) or a superuser. Everyone else with a membership gets the dashboard of their own unit; a unit
dashboard is fetched through `access_dashboard_unit`, so a unit outside the reader's subtrees is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from par.accounts.access import access_unit, visible_units
from par.accounts.models import Membership
from par.dashboards.models import ExportJob
from par.orgunits.models import Unit, UnitKind


def home_unit(user) -> Unit:
    """The unit whose dashboard /dashboard/ shows: the province when the user sees it whole, else the user's
    outermost membership unit; 404 for a user with no unit at all."""
    if user.is_superuser:
        province = visible_units(user).filter(kind=UnitKind.PROVINCE).order_by("path").first()
        if province is not None:
            return province
    paths = list(
        Membership.objects.filter(user=user)
        .order_by("unit__depth", "unit__path")
        .values_list("unit_id", "unit__path")
    )
    if not paths:
        raise Http404
    return access_unit(user, paths[0][0])


def access_dashboard_unit(user, pk) -> Unit:
    """The unit with `pk` if the user may see its dashboard (it lies in one of their subtrees); 404 otherwise."""
    return access_unit(user, pk)


def visible_exports(user) -> QuerySet[ExportJob]:
    """The export jobs the user may see: their own, and only while they still see the job's unit (decision 0173)."""
    if not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requester=user, unit__in=visible_units(user).values("pk"))


def access_export_job(user, pk) -> ExportJob:
    """The user's own export job with `pk`; 404 for another's, a missing one, or one of a unit now out of reach."""
    try:
        return visible_exports(user).select_related("unit").get(pk=pk)
    except (ExportJob.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
