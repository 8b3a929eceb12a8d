"""The annual PAR plan: areas, quantified targets, tasks with products, units and milestones, and progress."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from par.core.models import TimeStamped, Versioned
from par.plans.schedule import MilestoneKind as ParsedKind
from par.plans.schedule import Recurrence as ParsedRecurrence


class AreaCode(models.TextChoices):
    """The six PAR areas plus direction and communication (Resolution 76/NQ-CP)."""

    INSTITUTIONS = "institutions", _("Institutional reform")
    PROCEDURES = "procedures", _("Administrative procedure reform")
    ORGANISATION = "organisation", _("Organisational reform")
    CIVIL_SERVICE = "civil_service", _("Civil service reform")
    PUBLIC_FINANCE = "public_finance", _("Public finance reform")
    E_GOVERNMENT = "e_government", _("E-government and digital government")
    DIRECTION = "direction", _("Direction, management and communication")


# The order of the appendices in the province's plan (seed 001: appendices 01–07).
DEFAULT_AREAS = [
    AreaCode.INSTITUTIONS,
    AreaCode.PROCEDURES,
    AreaCode.ORGANISATION,
    AreaCode.CIVIL_SERVICE,
    AreaCode.PUBLIC_FINANCE,
    AreaCode.E_GOVERNMENT,
    AreaCode.DIRECTION,
]


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class ReformPlan(TimeStamped, Versioned):
    """A unit's PAR plan for one year, issued by a decision (Quyết định ban hành Kế hoạch CCHC)."""

    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    signer = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("implements the plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_plans",
    )
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("PAR plan")
        verbose_name_plural = _("PAR plans")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="plan_one_per_unit_year",
                violation_error_message=_("This unit already has a PAR plan for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="plan_year_sane",
                violation_error_message=_("The year must be between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference_date(self) -> dt.date:
        """The date whose unit tree the plan's groups expand on: the decision date, else 1 January."""
        return self.decision_date or dt.date(self.year, 1, 1)


class PlanArea(models.Model):
    """One reform area of a plan (configurable per year; the seven defaults are created with the plan)."""

    plan = models.ForeignKey(
        ReformPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="areas"
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    coordinator = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("coordinating department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reform area")
        verbose_name_plural = _("reform areas")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="plan_area_code_unique",
                violation_error_message=_("This plan already has an area with this code."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Comparator(models.TextChoices):
    AT_LEAST = "gte", "≥"
    AT_MOST = "lte", "≤"
    EXACTLY = "eq", "="


class Target(models.Model):
    """A quantified objective of the plan, e.g. satisfaction ≥ 85 %, with its measured value once known."""

    plan = models.ForeignKey(
        ReformPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    area = models.ForeignKey(
        PlanArea,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    text = models.TextField(_("objective"))
    metric = models.CharField(_("live metric"), max_length=80, blank=True)
    comparator = models.CharField(_("comparison"), max_length=3, choices=Comparator.choices, default="gte")
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=30, default="%")
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    measured_value = models.DecimalField(
        _("measured value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    measured_source = models.CharField(_("source of the measurement"), max_length=255, blank=True)
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def met(self) -> bool | None:
        """Whether the measured value meets the target; None until measured."""
        return self.meets(self.measured_value)

    def meets(self, value) -> bool | None:
        """Whether `value` meets the target; None for no value (a live measure with nothing to count)."""
        if value is None:
            return None
        if self.comparator == Comparator.AT_LEAST:
            return value >= self.target_value
        if self.comparator == Comparator.AT_MOST:
            return value <= self.target_value
        return value == self.target_value


class Recurrence(models.TextChoices):
    CONTINUOUS = ParsedRecurrence.CONTINUOUS.value, _("Throughout the year")
    MONTHLY = ParsedRecurrence.MONTHLY.value, _("Monthly")
    QUARTERLY = ParsedRecurrence.QUARTERLY.value, _("Quarterly")
    SEMIANNUAL = ParsedRecurrence.SEMIANNUAL.value, _("Every 6 months")
    ANNUAL = ParsedRecurrence.ANNUAL.value, _("Yearly")


class PlanTask(TimeStamped, Versioned):
    """One row of a plan appendix: a task, its products, the units doing it and its schedule."""

    plan = models.ForeignKey(
        ReformPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    area = models.ForeignKey(PlanArea, verbose_name=_("area"), on_delete=models.PROTECT, related_name="tasks")
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("task"))
    units_text = models.TextField(_("performing units (as written)"), blank=True)
    schedule_text = models.TextField(_("schedule (as written)"), blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=12, choices=Recurrence.choices, blank=True)
    event_trigger = models.CharField(_("triggered by"), max_length=255, blank=True)
    schedule_warnings = models.JSONField(_("schedule warnings"), default=list, blank=True)
    # Names in the performers cell that are no unit of the system ("Bưu điện tỉnh") and were kept only in the text:
    # [{"name": …, "role": "lead" | "coordinating"}], in the document's order, shown on the task.
    named_in_text = models.JSONField(_("named only in the text"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    source_task = models.ForeignKey(
        "self",
        verbose_name=_("implements the task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_tasks",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "area__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "number"],
                name="task_number_unique_in_area",
                violation_error_message=_("This area already has a task with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def final_due(self) -> dt.date | None:
        """The last dated milestone; continuous work without a date is due at the end of the plan year."""
        dates = [m.due_date for m in self.milestones.all() if m.due_date]
        if dates:
            return max(dates)
        if self.recurrence:
            return dt.date(self.plan.year, 12, 31)
        return None


class TaskProduct(models.Model):
    """A product the task must deliver, e.g. "Quyết định của cơ quan có thẩm quyền"."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["task", "order"]

    def __str__(self) -> str:
        return self.name


class MilestoneKind(models.TextChoices):
    DATE = ParsedKind.DATE.value, _("Date")
    MONTH = ParsedKind.MONTH.value, _("Month")
    QUARTER = ParsedKind.QUARTER.value, _("Quarter")
    HALF_YEAR = ParsedKind.HALF_YEAR.value, _("Half year")
    YEAR = ParsedKind.YEAR.value, _("Year")
    RECURRING = ParsedKind.RECURRING.value, _("Recurring")
    EVENT = ParsedKind.EVENT.value, _("On an event")


class Milestone(models.Model):
    """A dated step of a task, parsed from the schedule text and kept next to it."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones"
    )
    label = models.CharField(_("label"), max_length=255, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=MilestoneKind.choices)
    source_text = models.CharField(_("as written"), max_length=500, blank=True)
    # A deadline counted from an event ("Trong vòng 05 ngày làm việc kể từ …") has no due date until the event is
    # recorded, so it is never due or overdue before then; these say how to count once it is.
    after_days = models.PositiveSmallIntegerField(_("days after the event"), null=True, blank=True)
    working_days = models.BooleanField(_("working days"), default=False)
    after_event = models.CharField(_("counted from"), max_length=255, blank=True)
    # The day the event happened, recorded by the lead unit or the PAR officer (do_record_event); the due date is
    # counted from it on the plan unit's working calendar.
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "order"]
        indexes = [
            # The sweep and the due-soon list: Milestone.objects.filter(due_date__range=...)
            models.Index(fields=["due_date"], name="milestone_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_date__isnull=True) | Q(kind="event", after_days__isnull=False),
                name="milestone_event_date_on_counted_event",
                violation_error_message=_("Only a deadline counted from an event has an event date."),
            )
        ]

    def __str__(self) -> str:
        due = self.due_date.strftime("%d/%m/%Y") if self.due_date else ""
        return f"{self.label or self.get_kind_display()} {due}".strip()

    @property
    def counted_from_event(self) -> bool:
        """A deadline counted in days from an event ("Trong vòng 05 ngày làm việc kể từ …")."""
        return self.kind == MilestoneKind.EVENT and self.after_days is not None


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATING = "coordinating", _("Coordinating")


class TaskUnitGroup(models.Model):
    """A collective performer written in the plan ("các sở, ban, ngành cấp tỉnh"), expanded into assignments."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="unit_groups"
    )
    group = models.CharField(_("group"), max_length=30)
    role = models.CharField(_("role"), max_length=12, choices=UnitRole.choices)

    class Meta:
        verbose_name = _("unit group of a task")
        verbose_name_plural = _("unit groups of tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "group", "role"],
                name="task_group_unique",
                violation_error_message=_("This group is already on the task."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} ({self.get_role_display()})"


class Assignment(TimeStamped):
    """One unit's share of a task (lead or coordinating); progress is reported on assignments."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plan_assignments"
    )
    role = models.CharField(_("role"), max_length=12, choices=UnitRole.choices)
    via_group = models.CharField(_("through the group"), max_length=30, blank=True)
    # The place of a named unit in the performers cell as written; units from a group come after, by path.
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["task", "role", "order", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit"],
                name="assignment_one_per_unit",
                violation_error_message=_("This unit is already assigned to the task."),
            )
        ]
        indexes = [
            # "My unit's tasks": Assignment.objects.filter(unit__in=...)
            models.Index(fields=["unit", "task"], name="assignment_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.task}"


class ProgressUpdate(models.Model):
    """A report of progress on an assignment: text, percentage or a milestone done, product reference."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent complete"), null=True, blank=True)
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone reached"), null=True, blank=True, on_delete=models.PROTECT
    )
    product_reference = models.CharField(
        _("product reference"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Decision No. 123/QĐ-UBND of 15/06/2021"),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["assignment", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="progress_percent_range",
                violation_error_message=_("The percentage must be between 0 and 100."),
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"plans/evidence/{instance.update.assignment.task.plan_id}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    """A file attached to a progress update as proof (scanned decision, report…)."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("progress update"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
