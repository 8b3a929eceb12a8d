"""The administrative procedure catalogue (bộ thủ tục hành chính): fields, procedures and dated versions.

A procedure changes by decision; each change is a new `ProcedureVersion` with its own time limits, fees,
online level, required documents and processing steps. A dossier keeps the version in force on the day it was
received (docs/decisions/0041-procedure-versions.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from par.catalog.querysets import IN_FORCE_ATTR, ProcedureQuerySet, ProcedureVersionQuerySet
from par.core.models import TimeStamped, Versioned
from par.core.text import search_key
from par.orgunits.models import AdminLevel

# Shown on every row loaded by `manage.py load_demo_procedures` (data, so it stays Vietnamese).
DEMO_SOURCE = "Dữ liệu minh họa"


def validate_half_days(value: Decimal) -> None:
    """Time limits are whole or half working days (0 = within the day of receipt; 0.5 = half a day)."""
    if value is not None and (value * 2) % 1 != 0:
        raise ValidationError(
            _("Enter a number of working days in steps of half a day (for example 0, 0.5, 3)."),
            code="half_days",
        )


def days_display(value: Decimal | None) -> str:
    """A day count without a useless ".0", in the active language's decimal separator ("2", "0,5")."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return number_format(value, 1)


def days_field(verbose_name) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=4, decimal_places=1, validators=[MinValueValidator(0), validate_half_days]
    )


class ResponsibleKind(models.TextChoices):
    """The kind of authority that decides the procedure (cơ quan giải quyết)."""

    DEPARTMENT = "department", _("Provincial department")
    PROVINCE_COMMITTEE = "province_committee", _("Provincial people's committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune people's committee")
    SERVICE_CENTRE = "service_centre", _("Public administration service centre")
    CENTRAL_AGENCY = "central_agency", _("Vertically organised central agency")


class OnlineLevel(models.TextChoices):
    """Online public service level under Decree 42/2022/NĐ-CP (full / partial), or not offered online."""

    FULL = "full", _("Full online")
    PARTIAL = "partial", _("Partial online")
    NONE = "none", _("Not online")


# The levels at which a procedure may be filed on the online form (docs/decisions/0108): full and partial
# online services both take the application online; partial ones need the originals or the fee at the desk.
ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)


class StepActor(models.TextChoices):
    """Who performs a processing step of the internal process (quy trình nội bộ)."""

    RECEPTION = "reception", _("Reception-and-results desk")
    SPECIALIST = "specialist", _("Specialist department")
    LEADER = "leader", _("Leader")
    OTHER_AGENCY = "other_agency", _("Other agency (inter-agency)")


# The levels a procedure can be performed at since 01/07/2025 (two-tier local government).
PROCEDURE_LEVELS = [
    (AdminLevel.PROVINCE.value, AdminLevel.PROVINCE.label),
    (AdminLevel.COMMUNE.value, AdminLevel.COMMUNE.label),
]


class Field(TimeStamped):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Chứng thực, Đất đai."""

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("field of procedures")
        verbose_name_plural = _("fields of procedures")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="catalog_field_code_unique",
                violation_error_message=_("A field with this code already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStamped, Versioned):
    """An administrative procedure (thủ tục hành chính) identified by its national code.

    `version` is the optimistic-lock counter of the procedure and everything under it (its versions, steps and
    documents); `versions` are the dated legal versions.
    """

    code = models.CharField(_("national code"), max_length=40)
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("field of procedures"), on_delete=models.PROTECT, related_name="procedures"
    )
    at_province = models.BooleanField(_("performed at province level"), default=False)
    at_commune = models.BooleanField(_("performed at commune level"), default=False)
    responsible_kind = models.CharField(
        _("deciding authority"), max_length=30, choices=ResponsibleKind.choices
    )
    agency = models.CharField(_("implementing agency"), max_length=255, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Published procedures are shown on the public page without signing in."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("data source"), max_length=255, blank=True)
    # Folded code and name (par.core.text.search_key), kept by save(). No index: LIKE '%…%' cannot use a B-tree
    # and a province's catalogue holds a few thousand rows, which a scan reads in well under a millisecond.
    search_text = models.TextField(_("search text"), editable=False, default="")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                name="catalog_procedure_code_unique",
                violation_error_message=_("A procedure with this national code already exists."),
            ),
            models.CheckConstraint(
                condition=Q(at_province=True) | Q(at_commune=True),
                name="catalog_procedure_has_level",
                violation_error_message=_("Choose at least one level at which the procedure is performed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = search_key(f"{self.code} {self.name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def levels(self) -> list[str]:
        return [
            level
            for level, on in ((AdminLevel.PROVINCE, self.at_province), (AdminLevel.COMMUNE, self.at_commune))
            if on
        ]

    def get_levels_display(self) -> str:
        return ", ".join(str(label) for value, label in PROCEDURE_LEVELS if value in self.levels)

    def version_on(self, day: dt.date) -> ProcedureVersion | None:
        """The version in force on `day`, read from `with_version_on(day)`'s prefetch when there is one."""
        prefetched = getattr(self, IN_FORCE_ATTR, None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return self.versions.in_force(day).first()

    @property
    def current_version(self) -> ProcedureVersion | None:
        return self.version_on(timezone.localdate())


class ProcedureVersion(TimeStamped):
    """What a procedure requires from `valid_from` to `valid_to` (inclusive), as set by a decision."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    legal_days = days_field(_("legal time limit (working days)"))
    committed_days = days_field(_("committed time limit (working days)"))
    limit_note = models.TextField(
        _("time limit as written"),
        blank=True,
        help_text=_(
            "The wording of the legal text, e.g. same day; if received after 15:00, the next working day."
        ),
    )
    cutoff = models.TimeField(
        _("receipt cut-off time"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the working calendar's cut-off time (15:00 by default)."),
    )
    fee_text = models.TextField(_("fees and charges"), blank=True)
    fee_amount = models.PositiveBigIntegerField(_("fee amount (VND)"), null=True, blank=True)
    online_level = models.CharField(
        _("online service level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    decision = models.CharField(
        _("deciding document"),
        max_length=255,
        blank=True,
        help_text=_("The decision that announced this version, with its number and date."),
    )

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-valid_from"]
        constraints = [
            # Also the index of in_force(day) for one procedure or a page of them (procedure_id IN …,
            # valid_from <= day) and of the version history ordered by valid_from.
            models.UniqueConstraint(
                fields=["procedure", "valid_from"],
                name="catalog_version_start_unique",
                violation_error_message=_("This procedure already has a version starting on this date."),
            ),
            # At most one open-ended version per procedure; full overlap checks are in the actions.
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(valid_to__isnull=True),
                name="catalog_version_one_open",
                violation_error_message=_("This procedure already has a version without an end date."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="catalog_version_range_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(legal_days__gte=0) & Q(committed_days__gte=0),
                name="catalog_version_days_not_negative",
                violation_error_message=_("Time limits cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(committed_days__lte=F("legal_days")),
                name="catalog_version_committed_within_legal",
                violation_error_message=_(
                    "The committed time limit cannot be longer than the legal time limit."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} · {self.valid_from:%d/%m/%Y}"

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def legal_days_display(self) -> str:
        return days_display(self.legal_days)

    @property
    def committed_days_display(self) -> str:
        return days_display(self.committed_days)


class RequiredDocument(models.Model):
    """One document of the dossier (thành phần hồ sơ) a version requires, in the desk's checking order."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("procedure version"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    position = models.PositiveSmallIntegerField(_("no."))
    name = models.CharField(_("document"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    form_template = models.CharField(_("form or template"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"],
                name="catalog_document_position_unique",
                violation_error_message=_("Two documents of this version have the same number."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProcessingStep(models.Model):
    """One step of the internal process with its own sub-limit, so lateness is attributed to the step."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("procedure version"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("no."))
    name = models.CharField(_("step"), max_length=255)
    actor = models.CharField(_("performed by"), max_length=20, choices=StepActor.choices)
    days = days_field(_("time limit (working days)"))

    class Meta:
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"],
                name="catalog_step_position_unique",
                violation_error_message=_("Two steps of this version have the same number."),
            ),
            models.CheckConstraint(
                condition=Q(days__gte=0),
                name="catalog_step_days_not_negative",
                violation_error_message=_("Time limits cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def days_display(self) -> str:
        return days_display(self.days)


class InterAgencyRoute(TimeStamped):
    """An agency that performs a procedure's inter-agency steps (một cửa liên thông), for dossiers received at a
    unit or below it, over a period (docs/decisions/0150-routing-by-process-and-route.md).

    A dossier's inter-agency step can be sent only to the agency of a route in force on the day of the hand-over,
    and only while that agency exists (its own validity dates).
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="routes"
    )
    receiving_unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("for dossiers received at"),
        help_text=_(
            "The unit, or a unit above it (e.g. the province for all its communes); empty for every unit."
        ),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("agency performing the inter-agency step"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=255,
        blank=True,
        help_text=_(
            "The regulation on inter-agency processing (quy chế phối hợp liên thông), with its date."
        ),
    )

    class Meta:
        verbose_name = _("inter-agency route")
        verbose_name_plural = _("inter-agency routes")
        ordering = ["procedure", "valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="catalog_route_range_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(receiving_unit__isnull=True) | ~Q(agency=F("receiving_unit")),
                name="catalog_route_not_to_itself",
                violation_error_message=_(
                    "An inter-agency route goes to another agency than the receiving unit."
                ),
            ),
        ]
        # The routes of one procedure (a handful each) are read through the foreign key's own index.

    def __str__(self) -> str:
        return f"{self.procedure.code} → {self.agency}"

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def clean(self) -> None:
        super().clean()
        if (
            self.agency_id is not None
            and self.valid_from is not None
            and not self.agency.is_valid_on(self.valid_from)
        ):
            raise ValidationError(
                {
                    "agency": _("%(unit)s does not exist on %(date)s.")
                    % {"unit": self.agency.name, "date": f"{self.valid_from:%d/%m/%Y}"}
                }
            )
