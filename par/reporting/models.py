"""Periodic PAR reports: periods, templates (narrative sections and appendix tables), reports and their values.

A template is data: the Ministry and the province change the outline, the appendices and the document frame, so
they are rows the province's PAR officer edits, never code. A period belongs to a province and names the template
its reports use; a template a report was started on is frozen, and changes go into a new version
(docs/decisions/0130, 0131). A report belongs to one unit and one period and holds the unit's own figures; the
figures of a unit's subtree are the roll-up of the approved reports below it (docs/decisions/0052).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from par.core.models import TimeStamped, Versioned
from par.orgunits.models import AdminLevel

# TemplateFrame is defined with the rest of the document frame and exported here with the other models.
from par.reporting.frame import TemplateFrame  # noqa: F401

# The template models live in their own module; every other module imports them from here.
from par.reporting.template_models import (  # noqa: F401
    COLUMN_OF_LEVEL,
    LEVEL_COLUMNS,
    LEVEL_OF_COLUMN,
    NUMBER_COLUMNS,
    ROW_RULES,
    SUMMED_COLUMNS,
    TEXT_COLUMNS,
    Aggregation,
    AppendixTable,
    Column,
    DataElement,
    PercentMode,
    Rank,
    ReportTemplate,
    RowRule,
    TemplateSection,
    TotalRule,
    ValueType,
)


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Six months")
    NINE_MONTHS = "nine_months", _("Nine months")
    YEAR = "year", _("Year")


class ReportingPeriod(TimeStamped):
    """A province's reporting period of a year: its data window, deadline and the template its reports use."""

    province = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    template = models.ForeignKey(
        "ReportTemplate",
        verbose_name=_("report template"),
        on_delete=models.PROTECT,
        related_name="periods",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=120)
    start = models.DateField(_("data from"))
    cutoff = models.DateField(_("data cut-off"))
    due_date = models.DateField(_("deadline of the province"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "cutoff"]
        constraints = [
            # Two partial constraints rather than NULLS NOT DISTINCT, which SQLite does not offer.
            models.UniqueConstraint(
                fields=["province", "kind", "year", "quarter"],
                condition=models.Q(quarter__isnull=False),
                name="reporting_period_unique",
                violation_error_message=_("This period already exists."),
            ),
            models.UniqueConstraint(
                fields=["province", "kind", "year"],
                condition=models.Q(quarter__isnull=True),
                name="reporting_period_unique_yearly",
                violation_error_message=_("This period already exists."),
            ),
            models.CheckConstraint(
                condition=Q(cutoff__gte=models.F("start")),
                name="reporting_period_window_ordered",
                violation_error_message=_("The cut-off must not be before the start of the data window."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def deadline_for(self, unit, deadlines: Mapping[str, dt.date] | None = None) -> dt.date:
        """The one deadline of `unit` for this period, read by every page, count and measure (decision 0144):
        the province itself (a unit with no parent, reporting to the Ministry) is due on `due_date`; a unit
        below it on the deadline of its level, else on `due_date`. `deadlines` ({level: date}) saves a query."""
        if unit.parent_id is None:
            return self.due_date
        if deadlines is None:
            deadlines = {d.level: d.due_date for d in self.deadlines.all()}
        return deadlines.get(unit.level) or self.due_date

    def covers(self, unit) -> bool:
        """True when `unit` lies in the period's province (read from its path: no query)."""
        return unit.pk == self.province_id or self.province_id in unit.ancestor_ids

    def within_life_of(self, unit) -> bool:
        """Whether `unit` existed on some day of the period's data window (decision 0142)."""
        return (unit.valid_from is None or unit.valid_from <= self.cutoff) and (
            unit.valid_to is None or unit.valid_to >= self.start
        )


class PeriodDeadline(models.Model):
    """The day by which units of one administrative level submit their report for the period."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="deadlines"
    )
    level = models.CharField(_("administrative level"), max_length=10, choices=AdminLevel.choices)
    due_date = models.DateField(_("deadline"))

    class Meta:
        verbose_name = _("deadline by level")
        verbose_name_plural = _("deadlines by level")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "level"],
                name="period_deadline_unique",
                violation_error_message=_("This level already has a deadline in this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.get_level_display()}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", pgettext_lazy("report state", "Returned")
    APPROVED = "approved", _("Approved")
    INCLUDED = "included", _("Included in the report above")


EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)
LOCKED_STATES = (ReportState.APPROVED, ReportState.INCLUDED)
COUNTED_STATES = (ReportState.APPROVED, ReportState.INCLUDED)


class Report(TimeStamped, Versioned):
    """One unit's periodic PAR report for one period: narrative, appendix values and review state."""

    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="par_reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    included_in = models.ForeignKey(
        "self",
        verbose_name=_("included in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="included_reports",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"],
                name="report_unit_period_unique",
                violation_error_message=_("This unit already has a report for this period."),
            )
        ]
        indexes = [
            # Completeness and roll-up: the reports of a period by state.
            models.Index(fields=["period", "state"], name="report_period_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_locked(self) -> bool:
        return self.state in LOCKED_STATES


class SectionText(TimeStamped):
    """The unit's text for one narrative section of its report."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="texts"
    )
    section = models.ForeignKey(
        TemplateSection,
        verbose_name=pgettext_lazy("report outline", "section"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"],
                name="section_text_unique",
                violation_error_message=_("This section already has a text."),
            )
        ]


class Source(models.TextChoices):
    AUTO = "auto", _("Live data")
    MANUAL = "manual", _("Entered")


class DataValue(TimeStamped):
    """One cell of an appendix in one report: the value, where it came from, and who changed it and why."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.PROTECT, related_name="values"
    )
    column = models.CharField(_("column"), max_length=10, choices=Column.choices)
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    # The N of a rank "n/N" (n is `number`); empty for every other kind of row.
    rank_of = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    text = models.CharField(_("text"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices, default=Source.MANUAL)
    # What the live source said at the last auto-fill, kept when a person overrides it (reconciliation).
    auto_number = models.DecimalField(_("live value"), max_digits=14, decimal_places=2, null=True, blank=True)
    auto_formula = models.CharField(_("how the live value was computed"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason for the change"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "element", "column"],
                name="data_value_cell_unique",
                violation_error_message=_("This cell already has a value."),
            ),
            models.CheckConstraint(
                condition=Q(rank_of__isnull=True) | Q(number__gte=1, number__lte=models.F("rank_of")),
                name="data_value_rank_within",
                violation_error_message=_("A rank lies between 1 and the number of places."),
            ),
        ]
        indexes = [
            # Roll-up and drill-down: every value of one element across the reports of a period.
            models.Index(fields=["element", "column"], name="data_value_element_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.element.code}.{self.column}"

    @property
    def value(self) -> Decimal | Rank | str | None:
        """The cell as the tables module reads it: a Rank, a number, or the text of a text column."""
        if self.column not in NUMBER_COLUMNS:
            return self.text
        if self.rank_of is not None and self.number is not None:
            return Rank(int(self.number), self.rank_of)
        return self.number

    @property
    def overridden(self) -> bool:
        return self.auto_number is not None and self.number != self.auto_number


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned with comments")
    APPROVE = "approve", _("Approved")
    REOPEN = "reopen", _("Reopened")
    INCLUDE = "include", _("Included in the report above")


class ReviewStep(models.Model):
    """One step of the review history of a report, with the comment or reason given."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=10, choices=ReviewAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(pgettext_lazy("review", "comment"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%d/%m/%Y %H:%M}"
