"""Report pages: periods, a unit's report (narrative, appendices, review), reconciliation, completeness,
roll-up with drill-down, and the downloads.

Every view has one shape: decorators → access → input → action → render or redirect. The actions check the
rules again and raise ValidationError / PermissionDenied / ConflictError, shown here as messages.
"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from par.accounts.access import visible_units
from par.core.exceptions import ConflictError
from par.documents import pdf
from par.orgunits.models import Unit
from par.reporting import actions, exporting
from par.reporting.access import (
    AUTHOR_ROLES,
    access_period,
    access_period_unit,
    access_report,
    can_author,
    can_review,
    visible_periods,
    visible_reports,
)
from par.reporting.models import (
    NUMBER_COLUMNS,
    Column,
    DataElement,
    PercentMode,
    SectionText,
    ValueType,
)
from par.reporting.queries import (
    build_grids,
    completeness,
    drilldown,
    load_tables,
    own_report,
    report_grids,
    rollup_values,
)
from par.reporting.sources import is_available, source_label
from par.reporting.tables import fmt_number, parse_cell

GET_POST = require_http_methods(["GET", "POST"])


def _errors(exc: Exception) -> list[str]:
    if isinstance(exc, ConflictError):
        return [exc.message]
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("You may not do this.")]


def _run(request, action, *args, **kwargs):
    """Call an action; on a refusal show its message and return (None, HTTP status)."""
    try:
        return action(*args, **kwargs), 200
    except ConflictError as exc:
        status = 409
        errors = _errors(exc)
    except PermissionDenied as exc:
        status = 403
        errors = _errors(exc)
    except ValidationError as exc:
        status = 422
        errors = _errors(exc)
    for error in errors:
        messages.error(request, error)
    return None, status


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _author_units(user):
    if user.is_superuser:
        return visible_units(user)
    return visible_units(user).filter(memberships__user=user, memberships__role__in=AUTHOR_ROLES).distinct()


@login_required
def period_list(request):
    periods = list(
        visible_periods(request.user)
        .select_related("province")
        .order_by("-year", "cutoff", "-start", "province__name")
    )
    # An administrator sees every province's periods, which share their names.
    several = len({p.province_id for p in periods}) > 1
    context = {"periods": periods, "several": several, "active_nav": "reports"}
    return render(request, "reporting/period_list.html", context)


@login_required
def period_detail(request, pk: int):
    period = access_period(request.user, pk)
    reports = (
        visible_reports(request.user).filter(period=period).select_related("unit").order_by("unit__path")
    )
    my_units = [u for u in _author_units(request.user).order_by("path") if period.covers(u)]
    own = {r.unit_id: r for r in reports if r.unit_id in {u.pk for u in my_units}}
    context = {
        "period": period,
        "reports": reports,
        "my_units": [(u, own.get(u.pk)) for u in my_units],
        "top_units": [u for u in _top_units(request.user) if period.covers(u)],
        "active_nav": "reports",
    }
    return render(request, "reporting/period_detail.html", context)


def _top_units(user):
    """The units where the user's roll-up and completeness pages start: their membership units (roots for a
    superuser), outermost first."""
    units = (
        Unit.objects.filter(parent__isnull=True)
        if user.is_superuser
        else Unit.objects.filter(memberships__user=user)
    )
    tops = []
    for unit in units.distinct().order_by("path"):
        if not tops or not unit.path.startswith(tops[-1].path):
            tops.append(unit)
    return tops


@login_required
@require_POST
def report_create(request, period_pk: int):
    period, unit = access_period_unit(request.user, period_pk, request.POST.get("unit"))
    existing = own_report(unit, period)
    if existing is not None:
        return redirect("reporting:report_detail", existing.pk)
    report, _status = _run(request, actions.do_create_report, unit=unit, period=period, actor=request.user)
    if report is None:
        return redirect("reporting:period_detail", period.pk)
    return redirect("reporting:report_detail", report.pk)


def _report_context(request, report):
    texts = {t.section_id: t.text for t in SectionText.objects.filter(report=report)}
    sections = [(s, texts.get(s.pk, "")) for s in report.template.sections.order_by("order")]
    return {
        "report": report,
        "sections": sections,
        "grids": report_grids(report),
        "steps": report.steps.select_related("actor"),
        "can_edit": report.is_editable and can_author(request.user, report.unit),
        "can_review": can_review(request.user, report),
        "active_nav": "reports",
    }


@login_required
def report_detail(request, pk: int):
    report = access_report(request.user, pk)
    return render(request, "reporting/report_detail.html", _report_context(request, report))


@login_required
@GET_POST
def report_values(request, pk: int, table_pk: int):
    """Enter the figures of one appendix; inconsistent figures are refused with the rule they break."""
    report = access_report(request.user, pk, write=True)
    table = get_object_or_404(report.template.tables, pk=table_pk)
    if not table.applies_to(report.unit):
        raise Http404
    status = 200
    if request.method == "POST":
        cells, reasons, bad = {}, {}, []
        for element in table.elements.all():
            reasons[element.pk] = request.POST.get(f"r-{element.pk}", "")
            for key in table.column_keys:
                raw = request.POST.get(f"v-{element.pk}-{key}")
                if raw is None:
                    continue
                try:
                    cells[(element.pk, key)] = parse_cell(element, key, raw)
                except ValueError:
                    message = (
                        _("Row %(n)s: “%(v)s” is not a rank such as 6/63.")
                        if element.is_rank and key == Column.TOTAL
                        else _("Row %(n)s: “%(v)s” is not a number.")
                    )
                    bad.append(message % {"n": element.number.rstrip("."), "v": raw})
        if bad:
            for error in bad:
                messages.error(request, error)
            status = 422
        else:
            done, status = _run(
                request,
                actions.do_save_values,
                report,
                table,
                cells=cells,
                reasons=reasons,
                expected_version=_version(request),
                actor=request.user,
            )
            if done is not None:
                messages.success(
                    request, _("The figures of appendix %(n)s were saved.") % {"n": table.number}
                )
                return redirect("reporting:report_detail", report.pk)
    grid = next(g for g in report_grids(report) if g.table.pk == table.pk)
    posted = request.POST if request.method == "POST" else None
    rows = []
    for row in grid.rows:
        inputs = []
        for column in grid.columns:
            key = column["key"]
            computed = key == Column.PERCENT and row.element.percent_mode != PercentMode.ENTERED
            name = f"v-{row.element.pk}-{key}"
            value = posted.get(name, "") if posted is not None else dict(row.cells).get(key, "")
            if (
                key == Column.PERCENT
                or row.element.value_type == ValueType.PERCENT
                or (key == Column.TOTAL and row.element.unit_label)
            ):
                value = str(value).replace("%", "").replace(row.element.unit_label or "\0", "").strip()
            numeric = key in NUMBER_COLUMNS and not (row.element.is_rank and key == Column.TOTAL)
            inputs.append(
                {
                    "key": key,
                    "name": name,
                    "value": value,
                    "computed": computed,
                    "title": column["title"],
                    "numeric": numeric,
                }
            )
        cell = row.stored.get(Column.TOTAL)
        rows.append(
            {
                "element": row.element,
                "inputs": inputs,
                "auto": cell.auto_number if cell else None,
                "reason": posted.get(f"r-{row.element.pk}", "")
                if posted is not None
                else (cell.reason if cell else ""),
            }
        )
    context = {
        "report": report,
        "table": table,
        "columns": grid.columns,
        "rows": rows,
        "active_nav": "reports",
    }
    return render(request, "reporting/report_values.html", context, status=status)


@login_required
@GET_POST
def report_sections(request, pk: int):
    report = access_report(request.user, pk, write=True)
    status = 200
    if request.method == "POST":
        texts = {s.pk: request.POST.get(f"s-{s.pk}", "") for s in report.template.sections.all()}
        done, status = _run(
            request,
            actions.do_save_sections,
            report,
            texts=texts,
            expected_version=_version(request),
            actor=request.user,
        )
        if done is not None:
            messages.success(request, _("The report text was saved."))
            return redirect("reporting:report_detail", report.pk)
    context = _report_context(request, report)
    if request.method == "POST":
        context["sections"] = [(s, request.POST.get(f"s-{s.pk}", "")) for s, _t in context["sections"]]
    return render(request, "reporting/report_sections.html", context, status=status)


@login_required
@require_POST
def report_header(request, pk: int):
    """The number and symbol, signing date, signer and recipients printed on the document."""
    report = access_report(request.user, pk, write=True)
    raw_day = request.POST.get("signed_on", "").strip()
    try:
        signed_on = dt.datetime.strptime(raw_day, "%d/%m/%Y").date() if raw_day else None
    except ValueError:
        messages.error(request, _("Enter the date as dd/mm/yyyy."))
        return redirect("reporting:report_sections", report.pk)
    changes = {
        name: request.POST.get(name, "").strip()
        for name in ("number", "signer_name", "signer_title", "recipients")
    }
    changes["signed_on"] = signed_on
    done, _status = _run(
        request,
        actions.do_update_header,
        report,
        changes=changes,
        expected_version=_version(request),
        actor=request.user,
    )
    if done is not None:
        messages.success(request, _("The document details were saved."))
        return redirect("reporting:report_detail", report.pk)
    return redirect("reporting:report_sections", report.pk)


@login_required
@require_POST
def report_autofill(request, pk: int):
    report = access_report(request.user, pk, write=True)
    counts, _status = _run(
        request, actions.do_autofill, report, expected_version=_version(request), actor=request.user
    )
    if counts is not None:
        messages.success(
            request,
            _(
                "Filled from live data: %(filled)s cells; kept as entered: %(kept)s; sources not available: %(unavailable)s."
            )
            % counts,
        )
    return redirect("reporting:report_detail", report.pk)


TRANSITIONS = {
    "submit": (actions.do_submit_report, None, gettext_lazy("The report was submitted to the level above.")),
    "return": (actions.do_return_report, "comment", gettext_lazy("The report was returned to the unit.")),
    "approve": (actions.do_approve_report, None, gettext_lazy("The report was approved and locked.")),
    "reopen": (actions.do_reopen_report, "reason", gettext_lazy("The report was reopened.")),
}


@login_required
@require_POST
def report_transition(request, pk: int, action: str):
    if action not in TRANSITIONS:
        raise Http404
    report = access_report(request.user, pk)
    function, text_field, done_message = TRANSITIONS[action]
    kwargs = {text_field: request.POST.get(text_field, "")} if text_field else {}
    done, status = _run(
        request, function, report, expected_version=_version(request), actor=request.user, **kwargs
    )
    if done is not None:
        messages.success(request, done_message)
        return redirect("reporting:report_detail", report.pk)
    context = _report_context(request, access_report(request.user, pk))
    return render(request, "reporting/report_detail.html", context, status=status)


@login_required
def reconciliation(request, pk: int):
    """Live value, submitted value and reason side by side, for every cell with a live source."""
    report = access_report(request.user, pk)
    values = {(v.element_id, v.column): v for v in report.values.select_related("author")}
    rows = []
    for table in load_tables(report.template):
        for element in table.elements.all():
            for code, column in ((element.source_metric, None), (element.done_metric, Column.DONE)):
                if not code:
                    continue
                cell = values.get((element.pk, column or Column.TOTAL))
                rows.append(
                    {
                        "table": table,
                        "element": element,
                        "code": code,
                        "label": source_label(code),
                        "available": is_available(code),
                        "cell": cell,
                        "auto": fmt_number(cell.auto_number) if cell else "",
                        "submitted": fmt_number(cell.number) if cell else "",
                    }
                )
    context = {"report": report, "rows": rows, "active_nav": "reports"}
    return render(request, "reporting/reconciliation.html", context)


@login_required
def completeness_view(request, pk: int, unit_pk: int):
    period, unit = access_period_unit(request.user, pk, unit_pk)
    result = completeness(unit, period, visible_units(request.user))
    context = {"period": period, "unit": unit, "result": result, "active_nav": "reports"}
    return render(request, "reporting/completeness.html", context)


@login_required
def rollup_view(request, pk: int, unit_pk: int):
    """The appendices of a unit's subtree: its own values plus the approved reports below, each figure a link."""
    period, unit = access_period_unit(request.user, pk, unit_pk)
    report = own_report(unit, period)
    # Every report of a period is on the version the period names (decision 0130); an older period whose
    # reports were started before that rule may differ, and the unit's own report then decides.
    template = report.template if report else period.template
    tables = [t for t in load_tables(template) if t.applies_to(unit)]
    grids = build_grids(tables, period, rollup_values(unit, period, template))
    context = {"period": period, "unit": unit, "report": report, "grids": grids, "active_nav": "reports"}
    return render(request, "reporting/rollup.html", context)


@login_required
def drilldown_view(request, pk: int, unit_pk: int, element_pk: int, column: str):
    period, unit = access_period_unit(request.user, pk, unit_pk)
    element = get_object_or_404(DataElement.objects.select_related("table"), pk=element_pk)
    if column not in Column.values:
        raise Http404
    rows = drilldown(unit, period, element, column)
    context = {
        "period": period,
        "unit": unit,
        "element": element,
        "column": Column(column),
        "rows": rows,
        "total": sum((r.value.number or 0) for r in rows),
        "active_nav": "reports",
    }
    return render(request, "reporting/drilldown.html", context)


def _download(content: bytes, filename: str, content_type: str) -> FileResponse:
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)


@never_cache
@login_required
@require_GET
def export_docx(request, pk: int):
    report = access_report(request.user, pk)
    return _download(exporting.report_docx(report), exporting.file_name(report, ".docx"), exporting.DOCX_TYPE)


@never_cache
@login_required
@require_GET
def export_xlsx(request, pk: int):
    report = access_report(request.user, pk)
    return _download(exporting.report_xlsx(report), exporting.file_name(report, ".xlsx"), exporting.XLSX_TYPE)


@never_cache
@login_required
@require_GET
def export_pdf(request, pk: int):
    report = access_report(request.user, pk)
    try:
        content = pdf.convert_to_pdf(exporting.report_docx(report))
    except pdf.LibreOfficeMissing:
        return HttpResponse(
            _("PDF is not available: LibreOffice is not installed on the server."), status=503
        )
    except pdf.PdfError:
        return HttpResponse(_("The PDF could not be produced. Download the DOCX instead."), status=503)
    return _download(content, exporting.file_name(report, ".pdf"), exporting.PDF_TYPE)


urlpatterns: list = [
    path("", period_list, name="period_list"),
    path("periods/<int:pk>/", period_detail, name="period_detail"),
    path("periods/<int:period_pk>/new/", report_create, name="report_create"),
    path("periods/<int:pk>/completeness/<int:unit_pk>/", completeness_view, name="completeness"),
    path("periods/<int:pk>/rollup/<int:unit_pk>/", rollup_view, name="rollup"),
    path(
        "periods/<int:pk>/rollup/<int:unit_pk>/<int:element_pk>/<str:column>/",
        drilldown_view,
        name="drilldown",
    ),
    path("<int:pk>/", report_detail, name="report_detail"),
    path("<int:pk>/appendix/<int:table_pk>/", report_values, name="report_values"),
    path("<int:pk>/sections/", report_sections, name="report_sections"),
    path("<int:pk>/autofill/", report_autofill, name="report_autofill"),
    path("<int:pk>/header/", report_header, name="report_header"),
    path("<int:pk>/reconciliation/", reconciliation, name="reconciliation"),
    path("<int:pk>/<str:action>/", report_transition, name="report_transition"),
    path("<int:pk>/export.docx", export_docx, name="export_docx"),
    path("<int:pk>/export.xlsx", export_xlsx, name="export_xlsx"),
    path("<int:pk>/export.pdf", export_pdf, name="export_pdf"),
]
