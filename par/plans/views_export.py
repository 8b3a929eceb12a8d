"""Downloads of a plan: the decision with the plan (DOCX, PDF), the plan as a workbook, the progress report.

The files are generated on request and streamed; nothing is stored, so these GET views change no state.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from par.core.http import download
from par.documents import pdf
from par.plans import exporting
from par.plans.access import access_plan

logger = logging.getLogger(__name__)


@never_cache
@login_required
@require_GET
def export_plan_docx(request, pk: int):
    plan = access_plan(request.user, pk)
    content = exporting.plan_docx(plan)
    return download(content, exporting.file_name(plan, "plan", "docx"))


@never_cache
@login_required
@require_GET
def export_plan_xlsx(request, pk: int):
    plan = access_plan(request.user, pk)
    content = exporting.plan_xlsx(plan)
    return download(content, exporting.file_name(plan, "plan", "xlsx"))


@never_cache
@login_required
@require_GET
def export_plan_pdf(request, pk: int):
    plan = access_plan(request.user, pk)
    try:
        content = pdf.convert_to_pdf(exporting.plan_docx(plan), suffix=".docx")
    except pdf.LibreOfficeMissing:
        logger.error("PDF export of plan %s: LibreOffice is not installed", plan.pk)
        message = _(
            "PDF export is not available on this server (LibreOffice is not installed). Download the DOCX."
        )
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    except pdf.PdfError:
        logger.exception("PDF export of plan %s failed", plan.pk)
        message = _("The PDF could not be produced. Try again later or download the DOCX.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    return download(content, exporting.file_name(plan, "plan", "pdf"))


@never_cache
@login_required
@require_GET
def export_progress_docx(request, pk: int):
    plan = access_plan(request.user, pk)
    content = exporting.progress_docx(plan, user=request.user)
    return download(content, exporting.file_name(plan, "progress", "docx"))


@never_cache
@login_required
@require_GET
def export_progress_xlsx(request, pk: int):
    plan = access_plan(request.user, pk)
    content = exporting.progress_xlsx(plan, user=request.user)
    return download(content, exporting.file_name(plan, "progress", "xlsx"))
