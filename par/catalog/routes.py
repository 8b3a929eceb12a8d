"""Inter-agency routes of procedures: which agency performs a procedure's inter-agency steps for which receiving
units, and when (docs/decisions/0150-routing-by-process-and-route.md).

Changes go through these actions (permission, change and audit row in one transaction), like the rest of the
catalogue. A route is never deleted: it is ended, so the hand-overs made along it stay explained.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.audit.updates import audited_update
from par.catalog.access import require_catalog_editor
from par.catalog.models import InterAgencyRoute, Procedure

ROUTE_FIELDS = ["procedure_id", "receiving_unit_id", "agency_id", "valid_from", "valid_to", "legal_basis"]
CHANGEABLE = frozenset({"valid_to", "legal_basis"})


def do_add_inter_agency_route(
    procedure: Procedure,
    *,
    agency,
    valid_from: dt.date,
    receiving_unit=None,
    valid_to: dt.date | None = None,
    legal_basis: str = "",
    actor,
) -> InterAgencyRoute:
    """Allow `agency` to perform `procedure`'s inter-agency steps for dossiers received at `receiving_unit`."""
    require_catalog_editor(actor)
    route = InterAgencyRoute(
        procedure=procedure,
        receiving_unit=receiving_unit,
        agency=agency,
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis.strip(),
    )
    with transaction.atomic():
        route.full_clean()
        route.save()
        record_event(
            actor=actor,
            action="catalog.add_route",
            obj=route,
            unit=receiving_unit,
            after=snapshot(route, ROUTE_FIELDS),
        )
    return route


def do_update_inter_agency_route(route: InterAgencyRoute, *, changes: dict, actor) -> InterAgencyRoute:
    """End a route (its last day) or correct its legal basis; where it goes and from when stay as recorded."""
    require_catalog_editor(actor)
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise ValidationError(
            _("These fields may not be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        # Where the route goes is not changeable, so the receiving unit read before the lock is the stored one.
        return audited_update(
            route,
            {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()},
            actor=actor,
            action="catalog.update_route",
            fields=ROUTE_FIELDS,
            unit=route.receiving_unit,
        )
