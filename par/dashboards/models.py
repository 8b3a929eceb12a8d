"""An export of a dashboard table too long to build within the request: queued, built by a task, downloaded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def export_path(instance: ExportJob, filename: str) -> str:
    return f"dashboards/exports/{instance.requester_id}/{instance.pk}.xlsx"


class ExportJob(models.Model):
    """One request to export a dashboard table in the background, its progress and the file it made."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    table = models.SlugField(_("table"), max_length=40)
    procedure_code = models.CharField(_("procedure code"), max_length=40, blank=True)
    # The dashboard's period chooser as a query string, and the day the figures are counted up to: the task
    # builds the table the requester saw, whenever it runs.
    period_query = models.CharField(pgettext_lazy("time span", "period"), max_length=200)
    counted_on = models.DateField(_("counted on"))
    title = models.CharField(_("title"), max_length=255)
    period_label = models.CharField(pgettext_lazy("time span", "period"), max_length=60)
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, blank=True, max_length=255)
    filename = models.CharField(_("file name"), max_length=255)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rows_done__lte=models.F("rows_total")),
                name="dashboards_export_done_within_total",
                violation_error_message=_("An export cannot have written more rows than it has."),
            )
        ]
        indexes = [
            # "My exports": a user's jobs, newest first.
            models.Index(fields=["requester", "-created_at"], name="dashboards_export_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.period_label}"

    @property
    def percent(self) -> int:
        if self.state == ExportState.DONE:
            return 100
        return self.rows_done * 100 // self.rows_total if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.state in (ExportState.DONE, ExportState.FAILED)
