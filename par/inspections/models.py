"""PAR inspections (kiểm tra CCHC): yearly inspection plans, the units inspected, findings and their follow-up
to closure. Findings feed appendix 5 of the periodic report through the metrics in `metrics.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from par.core.models import TimeStamped, Versioned


class InspectionPlan(TimeStamped, Versioned):
    """A unit's PAR inspection plan for a year (Kế hoạch kiểm tra CCHC)."""

    unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("inspecting unit"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "unit__path"]

    def __str__(self) -> str:
        return self.title


class Inspection(TimeStamped, Versioned):
    """The inspection of one unit under a plan: when it is scheduled and when it was held."""

    plan = models.ForeignKey(
        InspectionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("inspected unit"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    scheduled_on = models.DateField(_("scheduled on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["scheduled_on", "pk"]
        indexes = [
            # Metrics: inspections held in a period (filtered by the inspected unit's subtree).
            models.Index(fields=["held_on"], name="inspection_held_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.inspected_unit} · {self.scheduled_on:%d/%m/%Y}"


class FindingArea(models.TextChoices):
    PAR = "par", _("PAR tasks")
    PROCEDURES = "procedures", _("Administrative procedures")
    ORGANISATION = "organisation", _("Organisation and staff")
    LEGAL = "legal", _("Legal documents")


class Finding(TimeStamped, Versioned):
    """An issue found by an inspection, which the inspected unit must fix by a date; closed with a note."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    area = models.CharField(_("area"), max_length=15, choices=FindingArea.choices, default=FindingArea.PAR)
    text = models.TextField(_("finding"))
    due_on = models.DateField(_("to fix by"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_note = models.TextField(_("how it was fixed"), blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def status(self, today) -> str:
        """open, overdue or closed: derived from the dates, never typed."""
        if self.closed_on:
            return "closed"
        if self.due_on and self.due_on < today:
            return "overdue"
        return "open"


class FollowUp(models.Model):
    """A step the inspected unit reports on a finding (what was done, with the date)."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.TextField(_("what was done"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["finding", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
