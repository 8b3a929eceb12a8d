"""Where a dossier's next step may go (docs/decisions/0150-routing-by-process-and-route.md).

The procedure's process says who performs each step: its own steps (desk, specialist, leader) are performed at
the receiving unit; an inter-agency step goes to an agency named by an inter-agency route of the procedure
(`par.catalog.models.InterAgencyRoute`) for the receiving unit, in force on the day of the hand-over. In both
cases the unit must exist on that day (its validity dates): a unit closed in the 2025 reorganisation can no
longer receive a step, so no dossier gets stuck there, and no unrelated unit can be handed (and so read) one.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from par.calendars.workdays import format_date
from par.catalog.models import InterAgencyRoute, ProcessingStep, StepActor
from par.dossiers.models import Dossier
from par.orgunits.models import Unit


def next_catalogue_step(d: Dossier) -> ProcessingStep | None:
    """The step of the procedure's process after the current one, if any."""
    current = d.current_step
    if current is None:
        return None
    return d.procedure_version.steps.filter(position__gt=current.position).order_by("position").first()


def agencies_for(d: Dossier, day: dt.date) -> list[Unit]:
    """The agencies an inter-agency step of `d` may be sent to on `day`, by name (one query)."""
    receiving = [d.unit_id, *d.unit.ancestor_ids]
    routes = (
        InterAgencyRoute.objects.filter(procedure_id=d.procedure_id, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .filter(Q(receiving_unit__isnull=True) | Q(receiving_unit_id__in=receiving))
        .select_related("agency")
    )
    agencies = {route.agency for route in routes if route.agency.is_valid_on(day)}
    return sorted(agencies, key=lambda unit: unit.name)


def require_alive(unit: Unit, day: dt.date) -> None:
    """Refuse a hand-over to a unit that does not exist on `day` (not yet created, or closed)."""
    if not unit.is_valid_on(day):
        raise ValidationError(
            _("%(unit)s does not exist on %(date)s and cannot receive the dossier.")
            % {"unit": unit.name, "date": format_date(day)}
        )


def unit_for_step(d: Dossier, step: ProcessingStep, chosen: Unit | None, *, day: dt.date) -> Unit:
    """The unit that performs `step` of `d` from `day`; refuses a unit the process and the routes do not allow."""
    if step.actor != StepActor.OTHER_AGENCY:
        if chosen is not None and chosen.pk != d.unit_id:
            raise ValidationError(
                _(
                    "Step “%(step)s” is performed by %(unit)s, the receiving unit; it cannot be sent elsewhere."
                )
                % {"step": step.name, "unit": d.unit.name}
            )
        require_alive(d.unit, day)
        return d.unit
    if chosen is None:
        raise ValidationError(_("Choose the agency that performs the next step."))
    allowed = agencies_for(d, day)
    if not allowed:
        raise ValidationError(
            _(
                "No agency is set for the inter-agency step of %(procedure)s at %(unit)s on %(date)s. The "
                "province's PAR officer adds it as an inter-agency route of the procedure."
            )
            % {"procedure": d.procedure.code, "unit": d.unit.name, "date": format_date(day)}
        )
    if chosen not in allowed:
        require_alive(chosen, day)
        raise ValidationError(
            _(
                "%(unit)s is not an agency of this procedure's inter-agency steps on %(date)s. Choose: %(allowed)s."
            )
            % {"unit": chosen.name, "date": format_date(day), "allowed": "; ".join(u.name for u in allowed)}
        )
    return chosen
