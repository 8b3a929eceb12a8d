"""Periodic PAR reports: periods, templates (narrative sections and appendix tables), reports and their values.

A template is data: the Ministry and the province change the outline, the appendices and the document frame, so
they are rows the province's PAR officer edits, never code. A period belongs to a province and names the template
its reports use; a template a report was started on is frozen, and changes go into a new version
(docs/decisions/0130, 0131). A report belongs to one unit and one period and holds the unit's own figures; the
figures of a unit's subtree are the roll-up of the approved reports below it (docs/decisions/0052).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from par.core.models import TimeStamped, Versioned
from par.orgunits.models import AdminLevel

# TemplateFrame is defined with the rest of the document frame and exported here with the other models.
from par.reporting.frame import TemplateFrame, check_placeholders  # noqa: F401


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

    def covers(self, unit) -> bool:
        """True when `unit` lies in the period's province (read from its path: no query)."""
        return unit.pk == self.province_id or self.province_id in unit.ancestor_ids

    def deadline_for(self, level: str, deadlines: dict[str, object] | None = None):
        """The submission deadline of a unit at `level` (the configured one, else the province's)."""
        if deadlines is None:
            deadlines = {d.level: d.due_date for d in self.deadlines.all()}
        return deadlines.get(level) or self.due_date


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


class ReportTemplate(TimeStamped):
    """An outline, its appendix tables and its document frame; one version of a province's (or the national) form.

    A version a report was started on never changes (docs/decisions/0131): the report renders from it for ever.
    """

    province = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_templates",
        help_text=_("Empty for a national model, which every province may use or copy."),
    )
    code = models.CharField(_("code"), max_length=40)
    year = models.PositiveSmallIntegerField(_("issued for year"))
    revision = models.PositiveSmallIntegerField(_("version number"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("made from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    is_active = models.BooleanField(_("offered for new periods"), default=True)
    title = models.CharField(_("document title"), max_length=60, default="BÁO CÁO")
    subject = models.CharField(
        _("subject line"), max_length=255, default="Kết quả thực hiện cải cách hành chính {period}"
    )
    opening = models.TextField(_("opening paragraph"), blank=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["-year", "code", "-revision"]
        constraints = [
            # Two partial constraints: a national model (no province) is unique on its own.
            models.UniqueConstraint(
                fields=["province", "code", "year", "revision"],
                condition=Q(province__isnull=False),
                name="report_template_version_unique",
                violation_error_message=_("This template already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["code", "year", "revision"],
                condition=Q(province__isnull=True),
                name="report_template_national_version_unique",
                violation_error_message=_("This template already has a version with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year}, v{self.revision})"

    def clean(self) -> None:
        errors = {}
        for name in ("title", "subject", "opening"):
            try:
                check_placeholders(getattr(self, name))
            except ValidationError as exc:
                errors[name] = exc.messages
        if errors:
            raise ValidationError(errors)


class TemplateSection(models.Model):
    """A narrative section of the outline ("I. Công tác chỉ đạo, điều hành"), in order; depth 0 is a heading."""

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    number = models.CharField(_("number"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=255)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    guidance = models.TextField(_("guidance"), blank=True)

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "order"],
                name="template_section_order_unique",
                violation_error_message=_("Two sections cannot have the same position."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Column(models.TextChoices):
    """The columns an appendix table may have; each table lists the ones it shows, in order."""

    ISSUED = "issued", _("Time issued")
    TOTAL = "total", _("Total")
    PROVINCE = "province", _("Province level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")
    DONE = "done", _("Handled / done")
    PERCENT = "percent", _("Percentage")
    NOTE = "note", _("Note")


LEVEL_COLUMNS = (Column.PROVINCE, Column.DISTRICT, Column.COMMUNE)
NUMBER_COLUMNS = (Column.TOTAL, *LEVEL_COLUMNS, Column.DONE, Column.PERCENT)
TEXT_COLUMNS = (Column.ISSUED, Column.NOTE)
# Columns added up in a roll-up; a percentage is recomputed or left out, a note is not summed.
SUMMED_COLUMNS = (Column.TOTAL, *LEVEL_COLUMNS, Column.DONE)
LEVEL_OF_COLUMN = {Column.PROVINCE: AdminLevel.PROVINCE, Column.DISTRICT: AdminLevel.DISTRICT}
COLUMN_OF_LEVEL = {
    AdminLevel.PROVINCE: Column.PROVINCE,
    AdminLevel.DISTRICT: Column.DISTRICT,
    AdminLevel.COMMUNE: Column.COMMUNE,
}


class AppendixTable(models.Model):
    """A statistical appendix (phụ lục thống kê): numbered, titled, with its columns and their headers."""

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.PositiveSmallIntegerField(_("appendix number"))
    title = models.CharField(_("title"), max_length=255)
    label_header = models.CharField(_("header of the row label"), max_length=120, default="Tiêu chí")
    # [{"key": "total", "title": "Tổng số"}, …] in display order; keys are Column values.
    columns = models.JSONField(_("columns"), default=list)
    # ["province"]: an appendix only some units fill in (external indices); empty: every unit.
    unit_kinds = models.JSONField(_("for units of kind"), default=list, blank=True)

    class Meta:
        verbose_name = _("appendix table")
        verbose_name_plural = _("appendix tables")
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"],
                name="appendix_table_number_unique",
                violation_error_message=_("This template already has an appendix with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"Phụ lục {self.number}: {self.title}"

    @property
    def column_keys(self) -> list[str]:
        return [c["key"] for c in self.columns]

    def has_levels(self) -> bool:
        return any(key in LEVEL_COLUMNS for key in self.column_keys)

    def applies_to(self, unit) -> bool:
        """True when units of `unit`'s kind fill in this appendix."""
        return not self.unit_kinds or unit.kind in self.unit_kinds


class Rank(NamedTuple):
    """A place in a ranking, "6/63": 6th of 63 provinces."""

    position: int
    of: int

    def __str__(self) -> str:
        return f"{self.position}/{self.of}"


class ValueType(models.TextChoices):
    """What a row's figures are (docs/decisions/0134): a rank is written "6/63" and kept as two whole numbers."""

    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    PERCENT = "percent", _("Percentage")
    RANK = "rank", _("Rank (n/N)")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    MAX = "max", _("Largest value")
    NONE = "none", _("Not aggregated")


class TotalRule(models.TextChoices):
    """How the total relates to the columns by level."""

    EQUAL = "equal", _("Total equals the sum of the levels")
    AT_LEAST = "at_least", _("Total is at least the sum of the levels")
    FREE = "free", _("No rule")


class PercentMode(models.TextChoices):
    NONE = "none", _("No percentage")
    ENTERED = "entered", _("Entered by the unit")
    DONE_OF_TOTAL = "done_of_total", _("Handled ÷ total × 100")
    OF_ELEMENT = "of_element", _("Total ÷ total of another row × 100")


class DataElement(models.Model):
    """A row of an appendix (chỉ tiêu): its label, type, aggregation, validation rules and live sources."""

    table = models.ForeignKey(
        AppendixTable, verbose_name=_("appendix"), on_delete=models.CASCADE, related_name="elements"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    number = models.CharField(_("number"), max_length=10)
    code = models.CharField(_("code"), max_length=60)
    label = models.TextField(_("label"))
    value_type = models.CharField(
        _("value type"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    unit_label = models.CharField(_("unit of count"), max_length=20, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    total_rule = models.CharField(
        _("total rule"), max_length=10, choices=TotalRule.choices, default=TotalRule.EQUAL
    )
    percent_mode = models.CharField(
        _("percentage"), max_length=15, choices=PercentMode.choices, default=PercentMode.NONE
    )
    percent_base = models.ForeignKey(
        "self",
        verbose_name=_("percentage of row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 100 for a share of a set; empty where more than 100 % is real (training counted in person-times).
    percent_max = models.DecimalField(
        _("highest percentage"), max_digits=7, decimal_places=2, null=True, blank=True, default=Decimal(100)
    )
    not_above = models.ForeignKey(
        "self",
        verbose_name=_("total not above the total of row"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_metric = models.CharField(_("live source of the total"), max_length=80, blank=True)
    done_metric = models.CharField(_("live source of the handled figure"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["table", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "order"],
                name="data_element_order_unique",
                violation_error_message=_("Two rows of an appendix cannot have the same position."),
            ),
            models.UniqueConstraint(
                fields=["table", "code"],
                name="data_element_code_unique",
                violation_error_message=_("Two rows of an appendix cannot have the same code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.label}"

    @property
    def is_integer(self) -> bool:
        return self.value_type == ValueType.INTEGER

    @property
    def is_rank(self) -> bool:
        return self.value_type == ValueType.RANK

    @property
    def is_additive(self) -> bool:
        """Counts and amounts add up over units and levels; percentages and ranks never do."""
        return self.value_type in (ValueType.INTEGER, ValueType.DECIMAL)

    def clean(self) -> None:
        errors = {}
        if not self.is_additive and self.aggregation == Aggregation.SUM:
            errors["aggregation"] = _(
                "A percentage or a rank cannot be added up over units; choose another way."
            )
        if self.is_rank and self.table_id and Column.TOTAL not in self.table.column_keys:
            errors["value_type"] = _(
                "A rank is entered in the total column, which this appendix does not have."
            )
        if errors:
            raise ValidationError(errors)


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
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
        TemplateSection, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+"
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
    def value(self):
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
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.at:%d/%m/%Y %H:%M}"
