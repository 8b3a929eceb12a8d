"""The versioned tree of org units: provinces, departments, districts (until 30/06/2025), communes, wards."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from par.orgunits.querysets import UnitQuerySet

# Districts were abolished and communes merged on this date (Resolution 202/2025/QH15).
REFORM_2025 = dt.date(2025, 7, 1)

PATH_STEP = 8  # digits per segment of the materialised path


class UnitKind(models.TextChoices):
    """What sort of unit a row is (its legal type)."""

    PROVINCE = "province", _("Province/City")
    DEPARTMENT = "department", _("Departments")
    DISTRICT = "district", _("District/Town/Provincial city")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    PUBLIC_SERVICE = "public_service", _("Public-service unit")


class AdminLevel(models.TextChoices):
    """The administrative level a unit reports at (the disaggregation used by report appendices)."""

    PROVINCE = "province", _("Province level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP, UnitKind.SPECIAL_ZONE)


class HistoryUnknown(Exception):
    """The tree of a province is asked for on a day before its data starts (decision 0147)."""

    def __init__(self, province: Unit, day: dt.date):
        self.province, self.day, self.known_from = province, day, province.history_from
        super().__init__(str(self.message))

    @property
    def message(self) -> str:
        assert self.known_from is not None
        return _("No unit data for %(province)s before %(date)s.") % {
            "province": self.province.name,
            "date": self.known_from.strftime("%d/%m/%Y"),
        }


class Unit(models.Model):
    """One org unit, valid over [valid_from, valid_to]; a unit that changes gets a new row, linked by lineage."""

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=AdminLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=255, blank=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("data source"), max_length=120, blank=True)
    # Set on units loaded from the national model list, not from the province's own decisions: an administrator
    # checks them (renames, closes, adds what is missing) and clears the mark (decision 0146).
    to_confirm = models.BooleanField(
        _("to be confirmed"),
        default=False,
        help_text=_("Loaded from the national model list; check it against the province's decisions."),
    )
    # On a province: the first day its tree is known. Rows without a start date are known to be in force from
    # this day only; the data says nothing of the tree before it (decision 0147).
    history_from = models.DateField(
        _("unit data known from"),
        null=True,
        blank=True,
        help_text=_("The tree of units below this province is not known before this day."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["path"]
        constraints = [
            # One row per (code, valid_from), an undated row counting as one value. Two partial constraints
            # instead of nulls_distinct=False, which Django silently drops on SQLite (models.W047) and which
            # needs PostgreSQL 15; partial unique indexes work on every supported backend.
            models.UniqueConstraint(
                fields=["code", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="unit_code_valid_from_unique",
                violation_error_message=_("A unit with this code and start date already exists."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_from__isnull=True),
                name="unit_code_undated_unique",
                violation_error_message=_("A unit with this code and no start date already exists."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [
            # Subtree queries: Unit.objects.filter(path__startswith=...)
            models.Index(fields=["path"], name="unit_path_idx"),
            # as_of(date) filtered by kind: the commune list of a province on a date
            models.Index(fields=["kind", "valid_from", "valid_to"], name="unit_kind_validity_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        """True when `day` lies within [valid_from, valid_to] (both inclusive, open where empty)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids of the ancestors, root first, read from the materialised path (no query)."""
        segments = [self.path[i : i + PATH_STEP] for i in range(0, len(self.path), PATH_STEP)]
        return [int(s) for s in segments[:-1]]

    def ancestors(self) -> UnitQuerySet:
        """The ancestors, root first, in one query."""
        return Unit.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def tree_as_of(self, day: dt.date) -> UnitQuerySet:
        """This unit's subtree on `day`; raises HistoryUnknown before the day its province's data starts."""
        root = self if self.depth == 0 else Unit.objects.get(pk=self.ancestor_ids[0])
        if root.history_from is not None and day < root.history_from:
            raise HistoryUnknown(root, day)
        return self.subtree().as_of(day)

    def subtree(self, include_self: bool = True) -> UnitQuerySet:
        """This unit and everything below it, in one query."""
        qs = Unit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def compute_path(self) -> tuple[str, int]:
        """The materialised path and depth this unit should have under its parent (needs a pk)."""
        own = str(self.pk).zfill(PATH_STEP)
        if self.parent_id is None:
            return own, 0
        parent = self.parent
        assert parent is not None
        return parent.path + own, parent.depth + 1


class LineageKind(models.TextChoices):
    """How an ended unit passed into its successor (see docs/decisions/0011-lineage-kinds.md)."""

    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    TRANSFER = "transfer", _("Boundary transfer")
    # Same name and territory, only a new row (e.g. a commune kept as is when its district was abolished).
    UNCHANGED = "unchanged", _("Unchanged")


class UnitLineage(models.Model):
    """A link from a unit that ended to a unit that carries on (part of) its territory and duties."""

    old = models.ForeignKey(
        Unit, verbose_name=_("old unit"), on_delete=models.CASCADE, related_name="successor_links"
    )
    new = models.ForeignKey(
        Unit, verbose_name=_("new unit"), on_delete=models.CASCADE, related_name="predecessor_links"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LineageKind.choices)
    effective_date = models.DateField(_("effective date"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        constraints = [
            models.UniqueConstraint(
                fields=["old", "new", "effective_date"],
                name="lineage_unique",
                violation_error_message=_("This lineage link already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(old=models.F("new")),
                name="lineage_not_self",
                violation_error_message=_("A unit cannot succeed itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old} → {self.new} ({self.get_kind_display()})"


def successors(unit: Unit) -> UnitQuerySet:
    """The units that directly carry on `unit` after it ended."""
    return Unit.objects.filter(predecessor_links__old=unit).distinct()


def predecessors(unit: Unit) -> UnitQuerySet:
    """The units that `unit` directly carries on."""
    return Unit.objects.filter(successor_links__new=unit).distinct()
