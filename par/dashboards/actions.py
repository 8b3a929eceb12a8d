"""Changes of the dashboards app: an export job is queued by its requester, then started, advanced, finished or
failed by the task that builds its file (decision 0173)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from par.accounts.access import visible_units
from par.audit.log import record_event
from par.dashboards.models import ExportJob, ExportState


def do_queue_export(
    *,
    unit,
    table: str,
    procedure_code: str,
    period_query: str,
    period_label: str,
    counted_on,
    title: str,
    rows_total: int,
    filename: str,
    actor,
) -> ExportJob:
    """Record a request to export a dashboard table and queue the task that builds its file once committed."""
    if not visible_units(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        job = ExportJob.objects.create(
            requester=actor,
            unit=unit,
            table=table,
            procedure_code=procedure_code,
            period_query=period_query,
            period_label=period_label,
            counted_on=counted_on,
            title=title[:255],
            rows_total=rows_total,
            filename=filename[:255],
        )
        record_event(
            actor=actor,
            action="dashboards.export_queued",
            obj=job,
            unit=unit,
            after={"table": table, "procedure": procedure_code, "period": period_query, "rows": rows_total},
        )
        job_id = job.pk
        # Queued only once the job is committed: the worker must find it, and a rolled-back request queues nothing.
        transaction.on_commit(lambda: _enqueue(job_id))
    return job


def _enqueue(job_id: int) -> None:
    from par.dashboards.tasks import build_export

    build_export.enqueue(job_id)


def do_start_export(job_id: int) -> ExportJob | None:
    """Mark a queued job as running; None when it is not waiting (already taken, or gone)."""
    with transaction.atomic():
        # Locked so that two workers given the same job do not both build it.
        job = ExportJob.objects.select_for_update().filter(pk=job_id, state=ExportState.QUEUED).first()
        if job is None:
            return None
        job.state, job.started_at = ExportState.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
    return ExportJob.objects.select_related("requester", "unit").get(pk=job_id)


def do_record_export_progress(job: ExportJob, rows_done: int, rows_total: int) -> None:
    """The rows written so far (a counter for the progress bar, not audited)."""
    job.rows_done, job.rows_total = rows_done, rows_total
    ExportJob.objects.filter(pk=job.pk).update(rows_done=rows_done, rows_total=rows_total)


def do_finish_export(job: ExportJob, content: bytes) -> ExportJob:
    """Keep the built file and mark the job ready to download."""
    with transaction.atomic():
        job.file.save(f"{job.pk}.xlsx", ContentFile(content), save=False)
        job.state, job.finished_at, job.rows_done = ExportState.DONE, timezone.now(), job.rows_total
        job.save(update_fields=["file", "state", "finished_at", "rows_done"])
        record_event(
            actor=None,
            action="dashboards.export_done",
            obj=job,
            unit=job.unit,
            after={"rows": job.rows_total, "bytes": len(content)},
        )
    return job


def do_fail_export(job: ExportJob, error: str) -> ExportJob:
    """Mark the job failed with the reason, for its requester to see."""
    with transaction.atomic():
        job.state, job.finished_at, job.error = ExportState.FAILED, timezone.now(), error[:2000]
        job.save(update_fields=["state", "finished_at", "error"])
        record_event(
            actor=None, action="dashboards.export_failed", obj=job, unit=job.unit, reason=error[:500]
        )
    return job
