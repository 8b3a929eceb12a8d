"""The PAR index: frameworks (criteria trees per year and kind of unit), assessments, scores and evidence."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from par.core.models import TimeStamped, Versioned
from par.scoring.publication_models import (  # noqa: F401 - the published decisions, re-exported for callers
    PublishedRecord,
    PublishedResult,
    RankingExclusion,
    RankingPublication,
    RecordQuerySet,
    ResultStatus,
)


class AssessedKind(models.TextChoices):
    """Which kind of unit a framework assesses (each kind has its own tree and its own ranking)."""

    DEPARTMENT = "department", _("Provincial departments")
    COMMUNE = "commune", _("Communes, wards and special zones")
    DISTRICT = "district", _("Districts (years before 2025)")
    PROVINCE = "province", _("The province (self-assessment to the Ministry)")


class Method(models.TextChoices):
    """How a leaf criterion gets its points."""

    SELF = "self", _("Self-assessed with evidence, then appraised")
    APPRAISAL = "appraisal", _("Appraisal only")
    AUTO = "auto", _("Automatic from live data")
    SURVEY = "survey", _("Satisfaction survey")


class Rule(models.TextChoices):
    """How an automatic or survey criterion turns the measured value (a percentage) into points."""

    LINEAR = "linear", _("Points = maximum × value ÷ 100")
    THRESHOLDS = "thresholds", _("Points by thresholds")


class NoSurveyRule(models.TextChoices):
    """What a survey criterion scores for a unit with no survey answers in the period (decision 0121)."""

    EXCLUDE = "exclude", _("Leave the criterion out and rescale the index")
    COUNCIL = "council", _("The appraisal council scores it, with a reason")


class Applicability(models.TextChoices):
    """The appraisal council's decision on a unit's "not applicable" mark (decision 0120)."""

    PENDING = "", _("Awaiting the appraisal council")
    CONFIRMED = "confirmed", _("Confirmed by the appraisal council")
    OVERRULED = "overruled", _("Overruled by the appraisal council")


def default_no_survey_rule() -> str:
    return settings.PAR_INDEX_NO_SURVEY_RULE


class AssessmentState(models.TextChoices):
    OPEN = "open", _("Open")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    SUBMITTED = "submitted", _("Submitted")
    APPRAISAL = "appraisal", _("Appraisal")
    APPROVED = "approved", _("Approved by the council")
    PUBLISHED = "published", _("Published")


# States in which the unit may change its self scores.
SELF_EDITABLE = (AssessmentState.OPEN, AssessmentState.SELF_ASSESSMENT)
# States in which the appraisal council may change appraised scores.
APPRAISAL_EDITABLE = (AssessmentState.SUBMITTED, AssessmentState.APPRAISAL)

TWO_PLACES = Decimal("0.01")


class IndexFramework(TimeStamped, Versioned):
    """The criteria tree of one year's index for one kind of unit, issued by the unit that owns it."""

    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"))
    assessed_kind = models.CharField(_("units assessed"), max_length=20, choices=AssessedKind.choices)
    owner = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    max_total = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2, default=Decimal(100))
    self_deadline = models.DateField(_("self-assessment deadline"), null=True, blank=True)
    period_start = models.DateField(_("assessed period from"), null=True, blank=True)
    period_end = models.DateField(_("assessed period to"), null=True, blank=True)
    editable = models.BooleanField(
        _("editable"),
        default=True,
        help_text=_("Shipped as a starting point: check it against the issued text."),
    )
    # What was published, and by which decision, lives in the framework's publications (RankingPublication).
    # Taken from the setting when the framework is created, then the framework's own: a change of the setting
    # never rescores a year already under way.
    no_survey_rule = models.CharField(
        _("units without survey answers"),
        max_length=10,
        choices=NoSurveyRule.choices,
        default=default_no_survey_rule,
    )

    class Meta:
        verbose_name = _("index framework")
        verbose_name_plural = _("index frameworks")
        ordering = ["-year", "assessed_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "year", "assessed_kind"],
                name="scoring_framework_one_per_year_kind",
                violation_error_message=_(
                    "This unit already has a framework for this year and kind of unit."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Criterion(models.Model):
    """A node of the tree: an area, a criterion or a sub-criterion; leaves carry the scoring method."""

    framework = models.ForeignKey(
        IndexFramework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    # The top-level node (the area) this node belongs to; an area points to itself. Points per area are one
    # GROUP BY on it.
    area = models.ForeignKey(
        "self", verbose_name=_("area"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    is_leaf = models.BooleanField(_("scored directly"), default=True)
    method = models.CharField(_("scoring method"), max_length=12, choices=Method.choices, blank=True)
    metric_code = models.CharField(_("metric"), max_length=80, blank=True)
    rule = models.CharField(_("scoring rule"), max_length=12, choices=Rule.choices, blank=True)
    # [[minimum value, points], ...]: the highest threshold reached gives its points.
    thresholds = models.JSONField(_("thresholds"), default=list, blank=True)
    evidence_rule = models.TextField(_("evidence required"), blank=True)
    evidence_required = models.BooleanField(_("evidence file required"), default=False)
    guidance = models.TextField(_("scoring guidance"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="scoring_criterion_code_unique",
                violation_error_message=_("Two criteria of the framework have the same code."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="scoring_criterion_max_not_negative",
                violation_error_message=_("Maximum points cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def is_measured(self) -> bool:
        return self.method in (Method.AUTO, Method.SURVEY)


class ClassificationBand(models.Model):
    """A completion level of the framework: units at or above `min_percent` get this label."""

    framework = models.ForeignKey(
        IndexFramework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="bands"
    )
    label = models.CharField(_("classification"), max_length=120)
    min_percent = models.DecimalField(_("from (%)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("classification threshold")
        verbose_name_plural = _("classification thresholds")
        ordering = ["framework", "-min_percent"]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.min_percent}"


class Assessment(TimeStamped, Versioned):
    """One unit's assessment against one framework, moving through the workflow states."""

    framework = models.ForeignKey(
        IndexFramework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="index_assessments"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.OPEN
    )
    deadline = models.DateField(_("self-assessment deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Kept up to date by the actions: the sum of the final points of the leaves (the ranking reads it). What
    # was published is kept in the publications' snapshots (PublishedResult), never here.
    total = models.DecimalField(_("total points"), max_digits=7, decimal_places=2, default=Decimal(0))
    # Kept up to date by the actions: the framework's maximum less the criteria not applicable to the unit; the
    # index is total ÷ this (decision 0120).
    applicable_max = models.DecimalField(
        _("applicable maximum"), max_digits=7, decimal_places=2, default=Decimal(100)
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["framework", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "unit"],
                name="scoring_assessment_one_per_unit",
                violation_error_message=_("This unit already has an assessment in this framework."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.framework}"


class Score(Versioned):
    """The points of one leaf criterion in one assessment: self, appraised, measured and final."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="scores"
    )
    self_points = models.DecimalField(_("self score"), max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField(_("explanation"), blank=True)
    self_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    self_at = models.DateTimeField(_("self-scored at"), null=True, blank=True)
    appraised_points = models.DecimalField(
        _("appraised score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraisal_reason = models.TextField(_("reason for the change"), blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appraised_at = models.DateTimeField(_("appraised at"), null=True, blank=True)
    measured_value = models.DecimalField(
        _("measured value"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    measured_points = models.DecimalField(
        _("measured points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    measured_formula = models.TextField(_("formula"), blank=True)
    measured_at = models.DateTimeField(_("measured at"), null=True, blank=True)
    final_points = models.DecimalField(_("final points"), max_digits=6, decimal_places=2, default=Decimal(0))
    # "Not applicable" (decision 0120): the unit marks it in self-assessment with a reason; the appraisal council
    # confirms or overrules the mark. A survey criterion without answers is also left out under the framework's
    # "exclude" rule (decision 0121). `not_applicable` is what counts now, kept by the actions: the criterion
    # then scores nothing and its maximum leaves the unit's applicable maximum.
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    na_claimed = models.BooleanField(_("marked not applicable by the unit"), default=False)
    na_reason = models.TextField(_("why it does not apply"), blank=True)
    na_claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    na_claimed_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    na_decision = models.CharField(
        _("council's decision"), max_length=10, choices=Applicability.choices, blank=True
    )
    na_decision_reason = models.TextField(_("council's reason"), blank=True)
    na_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    na_decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="scoring_score_one_per_criterion",
                violation_error_message=_("This criterion already has a score in this assessment."),
            ),
            models.CheckConstraint(
                condition=Q(na_claimed=True) | Q(na_decision=""),
                name="scoring_score_na_decision_needs_a_mark",
                violation_error_message=_(
                    "The council can only decide on a criterion the unit marked not applicable."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.final_points}"

    @property
    def na_pending(self) -> bool:
        """The unit marked the criterion not applicable and the council has not decided yet."""
        return self.na_claimed and self.na_decision == Applicability.PENDING

    @property
    def na_automatic(self) -> bool:
        """Left out by the framework's rule (a survey without answers), not by a mark of the unit."""
        return self.not_applicable and not self.na_claimed

    @property
    def delta(self) -> Decimal | None:
        """Appraised minus self score, kept for the record when the council changed the unit's score."""
        if self.appraised_points is None or self.self_points is None:
            return None
        return self.appraised_points - self.self_points


def evidence_path(instance, filename: str) -> str:
    return f"scoring/{instance.score.assessment_id}/{instance.score_id}/{filename}"


class Evidence(models.Model):
    """A file the unit attached to a self score (tài liệu kiểm chứng)."""

    score = models.ForeignKey(
        Score, verbose_name=_("score"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
