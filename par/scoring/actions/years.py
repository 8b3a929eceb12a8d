"""A new year's framework from last year's (decision 0122): the province PAR officer copies the areas, criteria,
classification bands and rules of a framework to the next year and sets the self-assessment deadline. Permission,
change and audit event in one transaction, as in every `par.scoring.actions` module."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.core.exceptions import require
from par.scoring.access import can_manage_framework
from par.scoring.actions.frameworks import NodeInput, _create_nodes, validate_tree
from par.scoring.models import ClassificationBand, Criterion, IndexFramework

# A framework is for one year of the reform programme; a year outside this range is a typing error.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def tree_of(framework: IndexFramework) -> list[NodeInput]:
    """The framework's criteria as the nodes the actions write (one query)."""
    by_parent: dict[int | None, list[Criterion]] = {}
    for node in framework.criteria.order_by("order"):
        by_parent.setdefault(node.parent_id, []).append(node)

    def as_node(node: Criterion) -> NodeInput:
        return NodeInput(
            code=node.code,
            title=node.title,
            max_points=node.max_points,
            method=node.method,
            metric_code=node.metric_code,
            rule=node.rule,
            thresholds=[list(pair) for pair in node.thresholds],
            evidence_rule=node.evidence_rule,
            evidence_required=node.evidence_required,
            guidance=node.guidance,
            children=[as_node(child) for child in by_parent.get(node.pk, [])],
        )

    return [as_node(node) for node in by_parent.get(None, [])]


def duplicate_message(framework: IndexFramework, year: int) -> str:
    return _(
        "%(owner)s already has the %(year)s framework for “%(kind)s”; open it instead of creating another."
    ) % {"owner": framework.owner.name, "kind": framework.get_assessed_kind_display(), "year": year}


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    """The same day `years` later (28/02 for a 29/02 that the later year lacks)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def do_copy_framework(
    source: IndexFramework, *, year: int, self_deadline: dt.date | None, actor
) -> IndexFramework:
    """Create the framework of `year` from `source`: same issuer, kind of unit, criteria, bands and rules."""
    require(
        actor is None or can_manage_framework(actor, source),
        _("Only the province PAR officer may issue index frameworks."),
    )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if self_deadline is not None and self_deadline.year < year:
        raise ValidationError(
            _("The self-assessment deadline %(day)s is before the year %(year)s it assesses.")
            % {"day": self_deadline.strftime("%d/%m/%Y"), "year": year}
        )
    nodes = tree_of(source)
    problems = validate_tree(nodes, source.max_total)
    if problems:
        raise ValidationError(problems)
    shift = year - source.year
    try:
        with transaction.atomic():
            duplicate = IndexFramework.objects.filter(
                owner_id=source.owner_id, year=year, assessed_kind=source.assessed_kind
            )
            if duplicate.exists():
                raise ValidationError(duplicate_message(source, year))
            framework = IndexFramework.objects.create(
                owner_id=source.owner_id,
                year=year,
                assessed_kind=source.assessed_kind,
                code=source.code,
                name=source.name,
                legal_basis=source.legal_basis,
                max_total=source.max_total,
                self_deadline=self_deadline,
                period_start=_shift(source.period_start, shift),
                period_end=_shift(source.period_end, shift),
                editable=source.editable,
                no_survey_rule=source.no_survey_rule,
            )
            count = _create_nodes(framework, nodes)
            ClassificationBand.objects.bulk_create(
                ClassificationBand(framework=framework, label=b.label, min_percent=b.min_percent)
                for b in source.bands.all()
            )
            record_event(
                actor=actor,
                action="scoring.copy_framework",
                obj=framework,
                unit=source.owner,
                before={"from": source.pk, "year": source.year},
                after={
                    "year": year,
                    "assessed_kind": framework.assessed_kind,
                    "criteria": count,
                    "self_deadline": self_deadline,
                },
            )
    except IntegrityError:
        # Two officers creating the same year at once: the unique constraint refuses the second.
        raise ValidationError(duplicate_message(source, year)) from None
    return framework
