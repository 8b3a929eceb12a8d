"""Index frameworks: the criteria tree (created, imported, replaced) and the classification thresholds.
Permission, change and audit row in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from par.audit.log import record_event, snapshot
from par.core.exceptions import require
from par.core.text import number_text
from par.orgunits.models import Unit
from par.scoring.access import can_manage_framework
from par.scoring.models import (
    AssessedKind,
    ClassificationBand,
    Criterion,
    IndexFramework,
    Method,
    Rule,
)

# ---------------------------------------------------------------------------------------------- frameworks


@dataclass
class NodeInput:
    """One node of a framework tree as loaders, the XLSX/YAML import and the API hand it over."""

    code: str
    title: str
    max_points: Decimal
    method: str = ""
    metric_code: str = ""
    rule: str = ""
    thresholds: list = field(default_factory=list)
    evidence_rule: str = ""
    evidence_required: bool = False
    guidance: str = ""
    children: list[NodeInput] = field(default_factory=list)


DEFAULT_BANDS = [
    ("Hoàn thành xuất sắc nhiệm vụ", Decimal(90)),
    ("Hoàn thành tốt nhiệm vụ", Decimal(80)),
    ("Hoàn thành nhiệm vụ", Decimal(50)),
    ("Không hoàn thành nhiệm vụ", Decimal(0)),
]


def validate_tree(nodes: list[NodeInput], max_total: Decimal) -> list[str]:
    """Problems of a tree: parents whose children do not add up, bad methods, a total other than the maximum."""
    problems: list[str] = []
    codes: set[str] = set()

    def walk(node: NodeInput) -> None:
        if node.code in codes:
            problems.append(_("Code %(code)s appears twice.") % {"code": node.code})
        codes.add(node.code)
        if node.max_points < 0:
            problems.append(_("Criterion %(code)s: maximum points cannot be negative.") % {"code": node.code})
        if node.children:
            total = sum((c.max_points for c in node.children), Decimal(0))
            if total != node.max_points:
                problems.append(
                    _("Criterion %(code)s: its sub-criteria add up to %(sum)s, not %(max)s.")
                    % {"code": node.code, "sum": number_text(total), "max": number_text(node.max_points)}
                )
            for child in node.children:
                walk(child)
        else:
            if node.method not in Method.values:
                problems.append(
                    _("Criterion %(code)s: unknown scoring method “%(m)s”.")
                    % {"code": node.code, "m": node.method}
                )
            if node.method == Method.AUTO and not node.metric_code:
                problems.append(
                    _("Criterion %(code)s: an automatic criterion needs a metric.") % {"code": node.code}
                )
            if node.rule and node.rule not in Rule.values:
                problems.append(
                    _("Criterion %(code)s: unknown scoring rule “%(r)s”.")
                    % {"code": node.code, "r": node.rule}
                )
            # Thresholds only score under the thresholds rule: anywhere else they would be kept and never used.
            if node.rule == Rule.THRESHOLDS and not node.thresholds:
                problems.append(
                    _("Criterion %(code)s: the rule “thresholds” needs its thresholds.") % {"code": node.code}
                )
            if node.thresholds and node.rule != Rule.THRESHOLDS:
                problems.append(
                    _("Criterion %(code)s: thresholds are only used with the rule “thresholds”.")
                    % {"code": node.code}
                )

    for node in nodes:
        walk(node)
    total = sum((n.max_points for n in nodes), Decimal(0))
    if total != max_total:
        problems.append(
            _("The areas add up to %(sum)s points, not %(max)s.")
            % {"sum": number_text(total), "max": number_text(max_total)}
        )
    return problems


def _create_nodes(framework: IndexFramework, nodes: list[NodeInput]) -> int:
    counter = 0

    def create(node: NodeInput, parent: Criterion | None, area: Criterion | None, depth: int) -> None:
        nonlocal counter
        counter += 1
        criterion = Criterion.objects.create(
            framework=framework,
            parent=parent,
            area=area,
            code=node.code,
            title=node.title,
            order=counter,
            depth=depth,
            max_points=node.max_points,
            is_leaf=not node.children,
            method="" if node.children else node.method,
            metric_code="" if node.children else node.metric_code,
            rule=""
            if node.children
            else (node.rule or (Rule.LINEAR if node.method in (Method.AUTO, Method.SURVEY) else "")),
            thresholds=node.thresholds,
            evidence_rule=node.evidence_rule,
            evidence_required=node.evidence_required,
            guidance=node.guidance,
        )
        if area is None:
            criterion.area = criterion
            criterion.save(update_fields=["area"])
        for child in node.children:
            create(child, criterion, area or criterion, depth + 1)

    for node in nodes:
        create(node, None, None, 0)
    return counter


def do_create_framework(
    *,
    owner: Unit,
    year: int,
    assessed_kind: str,
    code: str,
    name: str,
    nodes: list[NodeInput],
    bands: list[tuple[str, Decimal]] | None = None,
    legal_basis: str = "",
    self_deadline: dt.date | None = None,
    max_total: Decimal = Decimal(100),
    editable: bool = True,
    actor,
) -> IndexFramework:
    """Create a framework with its criteria tree and classification thresholds (all or nothing)."""
    require(
        actor is None or can_manage_framework(actor, IndexFramework(owner=owner)),
        _("Only the province PAR officer may issue index frameworks."),
    )
    if assessed_kind not in AssessedKind.values:
        raise ValidationError(_("Unknown kind of assessed unit: %(k)s") % {"k": assessed_kind})
    problems = validate_tree(nodes, max_total)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if IndexFramework.objects.filter(owner=owner, year=year, assessed_kind=assessed_kind).exists():
            raise ValidationError(_("This unit already has a framework for this year and kind of unit."))
        framework = IndexFramework.objects.create(
            owner=owner,
            year=year,
            assessed_kind=assessed_kind,
            code=code,
            name=name,
            legal_basis=legal_basis,
            self_deadline=self_deadline,
            max_total=max_total,
            editable=editable,
        )
        count = _create_nodes(framework, nodes)
        ClassificationBand.objects.bulk_create(
            ClassificationBand(framework=framework, label=label, min_percent=minimum)
            for label, minimum in (bands or DEFAULT_BANDS)
        )
        record_event(
            actor=actor,
            action="scoring.create_framework",
            obj=framework,
            unit=owner,
            after={**snapshot(framework, ["code", "name", "year", "assessed_kind"]), "criteria": count},
        )
    return framework


def do_replace_tree(framework: IndexFramework, nodes: list[NodeInput], *, actor) -> IndexFramework:
    """Replace the criteria tree of a framework that no unit has been assessed against yet (import)."""
    require(actor is None or can_manage_framework(actor, framework), _("You may not change this framework."))
    problems = validate_tree(nodes, framework.max_total)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        locked = IndexFramework.objects.select_for_update().get(pk=framework.pk)
        if locked.assessments.exists():
            raise ValidationError(
                _(
                    "Units are already assessed against this framework; its criteria can no longer be replaced."
                )
            )
        before = locked.criteria.count()
        Criterion.objects.filter(framework=locked).delete()
        count = _create_nodes(locked, nodes)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.replace_tree",
            obj=locked,
            unit=locked.owner,
            before={"criteria": before},
            after={"criteria": count},
        )
    return locked


def do_set_bands(
    framework: IndexFramework, bands: list[tuple[str, Decimal]], *, expected_version: int | None, actor
) -> IndexFramework:
    """Change the classification thresholds of a framework (the ranking page applies them at once)."""
    require(actor is None or can_manage_framework(actor, framework), _("You may not change this framework."))
    labels = [label.strip() for label, _m in bands]
    if not bands or any(not label for label in labels):
        raise ValidationError(_("Every classification needs a name."))
    if any(m < 0 or m > 100 for _l, m in bands):
        raise ValidationError(_("Thresholds are percentages between 0 and 100."))
    if len({m for _l, m in bands}) != len(bands):
        raise ValidationError(_("Two classifications have the same threshold."))
    with transaction.atomic():
        locked = IndexFramework.objects.select_for_update().get(pk=framework.pk)
        locked.check_version(expected_version)
        before = [(b.label, b.min_percent) for b in locked.bands.all()]
        locked.bands.all().delete()
        ClassificationBand.objects.bulk_create(
            ClassificationBand(framework=locked, label=label.strip(), min_percent=m) for label, m in bands
        )
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        record_event(
            actor=actor,
            action="scoring.set_bands",
            obj=locked,
            unit=locked.owner,
            before={"bands": before},
            after={"bands": bands},
        )
    return locked
