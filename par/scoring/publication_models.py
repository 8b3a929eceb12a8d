"""The published ranking decisions (decision 0110): rows written once and never changed, and the units left out
of a ranking. Imported by `par.scoring.models`, which every caller uses."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecordQuerySet(models.QuerySet):
    """The rows of a published decision: written once, never updated or deleted, one by one or in bulk."""

    def update(self, **kwargs):
        raise TypeError("A published decision never changes; publish a correction instead.")

    def delete(self):
        raise TypeError("A published decision never changes; publish a correction instead.")


class PublishedRecord(models.Model):
    """A row written once by the publishing action and never changed or deleted afterwards (decision 0110)."""

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("A published decision never changes; publish a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("A published decision never changes; publish a correction instead.")


class RankingPublication(PublishedRecord):
    """One decision approving and publishing a framework's results: the snapshot of what the decision says.

    A correction is a new publication naming the one it corrects; the publication in force is the one nobody
    has corrected (decision 0110).
    """

    framework = models.ForeignKey(
        "scoring.IndexFramework",
        verbose_name=_("framework"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    framework_version = models.PositiveIntegerField(_("framework version"))
    max_total = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    # The classification thresholds as applied: [[label, minimum percent], ...], highest first.
    bands = models.JSONField(_("classification thresholds"), default=list, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    scope_size = models.PositiveIntegerField(_("units in scope"))
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects the decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published at"), default=timezone.now)

    # The decision that corrected this one, where a listing has looked it up (ranking.history()).
    corrected_by: RankingPublication | None = None

    class Meta:
        verbose_name = _("published ranking decision")
        verbose_name_plural = _("published ranking decisions")
        ordering = ["framework", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "decision_number"],
                name="scoring_publication_number_unique",
                violation_error_message=_("This decision number is already used for these results."),
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(corrects__isnull=True),
                name="scoring_publication_one_original",
                violation_error_message=_("These results are already published; publish a correction."),
            ),
            models.UniqueConstraint(
                fields=["corrects"],
                condition=Q(corrects__isnull=False),
                name="scoring_publication_corrected_once",
                violation_error_message=_("This decision has already been corrected."),
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="scoring_publication_correction_reason",
                violation_error_message=_("A correction needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.decision_date:%d/%m/%Y})"


class ResultStatus(models.TextChoices):
    """Where a unit stands in a published decision."""

    RANKED = "ranked", _("Ranked")
    NOT_ASSESSED = "not_assessed", _("Not assessed")
    EXCLUDED = "excluded", _("Excluded from the ranking")


class PublishedResult(PublishedRecord):
    """One unit's line of a published decision: its figures, rank and classification as published."""

    publication = models.ForeignKey(
        RankingPublication, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="results"
    )
    order = models.PositiveIntegerField(_("order"))
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit's name on the day of the decision (units are renamed and merged; the decision is not).
    unit_name = models.CharField(_("unit name"), max_length=255)
    assessment = models.ForeignKey(
        "scoring.Assessment",
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=ResultStatus.choices)
    total = models.DecimalField(_("total points"), max_digits=7, decimal_places=2, null=True, blank=True)
    applicable_max = models.DecimalField(
        _("applicable maximum"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(_("index (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    classification = models.CharField(_("classification"), max_length=120, blank=True)
    previous_percent = models.DecimalField(
        _("previous year (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # Points per area as published: {area code: "points"}.
    area_points = models.JSONField(_("points per area"), default=dict, blank=True)
    # The codes of the criteria that did not apply to the unit, as published (decision 0120).
    not_applicable = models.JSONField(_("criteria not applicable"), default=list, blank=True)
    reason = models.TextField(_("reason for the exclusion"), blank=True)

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")
        ordering = ["publication", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "unit"],
                name="scoring_published_result_one_per_unit",
                violation_error_message=_("This unit already has a line in the decision."),
            ),
            models.CheckConstraint(
                condition=~Q(status="ranked")
                | Q(rank__isnull=False, total__isnull=False, percent__isnull=False),
                name="scoring_published_result_ranked_has_figures",
                violation_error_message=_("A ranked unit needs its total, index and rank."),
            ),
            models.CheckConstraint(
                condition=Q(status="ranked") | Q(rank__isnull=True, classification=""),
                name="scoring_published_result_unranked_has_no_class",
                violation_error_message=_("A unit that is not ranked has no rank and no classification."),
            ),
            models.CheckConstraint(
                condition=~Q(status="excluded") | ~Q(reason=""),
                name="scoring_published_result_exclusion_reason",
                violation_error_message=_("An excluded unit needs the reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name}: {self.rank or '—'}"

    @property
    def is_ranked(self) -> bool:
        return self.status == ResultStatus.RANKED

    @property
    def delta(self) -> Decimal | None:
        if self.percent is None or self.previous_percent is None:
            return None
        return self.percent - self.previous_percent

    def points_of(self, area_code: str) -> Decimal | None:
        value = self.area_points.get(area_code)
        return None if value is None else Decimal(value)


class RankingExclusion(models.Model):
    """A unit left out of its framework's ranking, with the recorded reason (a unit merged or dissolved
    during the year, an assessment annulled…). Publication accepts an unapproved unit only when excluded."""

    assessment = models.OneToOneField(
        "scoring.Assessment", verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="exclusion"
    )
    reason = models.TextField(_("reason for the exclusion"))
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("excluded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    excluded_at = models.DateTimeField(_("excluded at"), default=timezone.now)

    class Meta:
        verbose_name = _("exclusion from the ranking")
        verbose_name_plural = _("exclusions from the ranking")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="scoring_exclusion_has_reason",
                violation_error_message=_("Give the reason for leaving the unit out of the ranking."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.reason[:60]}"
