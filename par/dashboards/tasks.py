"""Background work of the dashboards: building the file of a long export (decision 0173)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from par.dashboards import exporting
from par.dashboards.actions import (
    do_fail_export,
    do_finish_export,
    do_record_export_progress,
    do_start_export,
)

log = logging.getLogger(__name__)


@task()
def build_export(job_id: int) -> dict[str, int]:
    """Build an export job's table, write it to XLSX a chunk of rows at a time, and keep the file."""
    job = do_start_export(job_id)
    if job is None:
        return {"rows": 0}
    # The file's titles are in the site's language whoever runs the worker.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            table, heading = exporting.table_for_job(job)
            content = exporting.table_xlsx_in_chunks(
                table,
                heading=heading,
                period_label=job.period_label,
                progress=lambda done, total: do_record_export_progress(job, done, total),
            )
        except Exception:
            log.exception("export %s failed", job_id)
            do_fail_export(job, _("The file could not be prepared. Please ask for the export again."))
            raise
    do_finish_export(job, content)
    return {"rows": job.rows_total}
