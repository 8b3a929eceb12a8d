"""Report templates: the versions of a province's (or the national) report form, their outline, appendix tables
and rows, and the rules of each kind of row (docs/decisions/0130, 0131, 0134, 0140). Re-exported by
`par.reporting.models`, where the rest of the app imports them from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from par.core.models import TimeStamped
from par.orgunits.models import AdminLevel
from par.reporting.frame import check_placeholders

StrOrPromise = str | Promise


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
    depth = models.PositiveSmallIntegerField(pgettext_lazy("report outline", "depth"), default=0)
    guidance = models.TextField(_("guidance"), blank=True)
    # Checked on submit: the section, or a section nested under it, must have text (docs/decisions/0141).
    required = models.BooleanField(_("required on submit"), default=False)

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
LEVEL_OF_COLUMN: dict[str, str] = {Column.PROVINCE: AdminLevel.PROVINCE, Column.DISTRICT: AdminLevel.DISTRICT}
COLUMN_OF_LEVEL: dict[str, str] = {
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
    """How the figures of a row make the figure of the unit above them (docs/decisions/0140)."""

    SUM = "sum", _("Sum of the units")
    OWN = "own", _("Not additive: the unit's own figure")
    RATE = "rate", _("Rate: numerator row ÷ denominator row × 100")
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
    label = models.TextField(pgettext_lazy("appendix row", "label"))
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
    # A rate row is never typed: each of its figures is numerator ÷ denominator × 100, in every report and
    # roll-up. PROTECT: a row another row divides by cannot disappear from under it.
    rate_numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator row"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rate_denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator row"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_metric = models.CharField(_("live source of the total"), max_length=80, blank=True)
    done_metric = models.CharField(_("live source of the handled figure"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["table", "order"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(aggregation="rate", rate_numerator__isnull=False, rate_denominator__isnull=False)
                    | (~Q(aggregation="rate") & Q(rate_numerator__isnull=True, rate_denominator__isnull=True))
                ),
                name="data_element_rate_rows",
                violation_error_message=_(
                    "A rate names its numerator and denominator rows; a row of another kind names neither."
                ),
            ),
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
    def is_rate(self) -> bool:
        return self.aggregation == Aggregation.RATE

    @property
    def is_rank(self) -> bool:
        return self.value_type == ValueType.RANK

    @property
    def is_additive(self) -> bool:
        """Counts and amounts add up over units and levels; percentages and ranks never do."""
        return self.value_type in (ValueType.INTEGER, ValueType.DECIMAL)

    def clean(self) -> None:
        """The rules of the row's kind (ROW_RULES): a percentage or a rank is never a sum, a rank is never a rate
        (docs/decisions/0134, 0140), a rate divides two other rows of its own appendix and is computed, never typed
        or filled; a row fed by a live source that cannot be added up is not a sum. One message per field: the
        first rule it breaks."""
        super().clean()
        errors: dict[str, StrOrPromise] = {}
        for rule in ROW_RULES:
            if rule.field not in errors and rule.kind(self) and rule.broken(self):
                errors[rule.field] = rule.message
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class RowRule:
    """A rule of one kind of row: for a row of `kind`, `broken` means `field` shows `message`."""

    kind: Callable[[DataElement], bool]
    field: str
    broken: Callable[[DataElement], bool]
    message: StrOrPromise


def _sum(row: DataElement) -> bool:
    return row.aggregation == Aggregation.SUM


def _rank(row: DataElement) -> bool:
    return row.is_rank


def _rate(row: DataElement) -> bool:
    return row.is_rate


def _other_row(name: str) -> Callable[[DataElement], bool]:
    """Broken when the row named by `name` is the row itself or lies in another appendix."""

    def broken(row: DataElement) -> bool:
        other = getattr(row, name)
        return other is not None and (other.table_id != row.table_id or bool(row.pk and other.pk == row.pk))

    return broken


OTHER_ROW = _("Choose another row of the same appendix.")
ROW_RULES = (
    # A sum adds up over units: counts and amounts, from a source whose figures add up.
    RowRule(
        _sum,
        "aggregation",
        lambda row: not row.is_additive,
        _("A percentage or a rank cannot be added up over units; choose another way."),
    ),
    RowRule(
        _sum,
        "aggregation",
        lambda row: not _additive(row.source_metric),
        _("Its live source cannot be added up: choose “not additive” or “rate”."),
    ),
    # A rank is typed "6/63" in the total column and is never computed.
    RowRule(_rank, "aggregation", _rate, _("A rank is not computed from other rows: choose “not additive”.")),
    RowRule(
        _rank,
        "value_type",
        lambda row: bool(row.table_id) and Column.TOTAL not in row.table.column_keys,
        _("A rank is entered in the total column, which this appendix does not have."),
    ),
    # A rate is numerator ÷ denominator × 100 of two other rows of its appendix: never typed, never filled.
    RowRule(_rate, "rate_numerator", _other_row("rate_numerator"), OTHER_ROW),
    RowRule(_rate, "rate_denominator", _other_row("rate_denominator"), OTHER_ROW),
    RowRule(
        _rate,
        "percent_mode",
        lambda row: row.percent_mode != PercentMode.NONE,
        _("A rate is itself a percentage: it has no percentage column."),
    ),
    RowRule(
        _rate,
        "source_metric",
        lambda row: bool(row.source_metric or row.done_metric),
        _("A rate is computed from its rows: it has no live source."),
    ),
)


def _additive(code: str) -> bool:
    """Whether the figures of a live source may be added up (an unknown or empty code may)."""
    from par import metrics

    if not code:
        return True
    try:
        return metrics.get(code).additive
    except metrics.UnknownMetricError:
        return True
