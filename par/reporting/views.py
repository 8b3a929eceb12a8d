"""Report pages: periods, a unit's report (narrative, appendices, review), reconciliation, completeness,
roll-up with drill-down, and the downloads.

Every view has one shape: decorators → access → form → action → render or redirect. The actions check the
rules again and raise ValidationError / PermissionDenied / ConflictError, which `par.core.http.run_action` shows on
the form (or as page messages) with the status of decision 0106; URLs are in `urls.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from par.accounts.access import visible_units
from par.core.db_router import replica_reads
from par.core.http import DOCX_TYPE, PDF_TYPE, XLSX_TYPE, download, form_status, run_action
from par.core.lists import Sort, work_list
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
from par.reporting.filters import PeriodFilter, ReportFilter
from par.reporting.forms import (
    CreateReportForm,
    HeaderForm,
    ReportTextForm,
    TransitionForm,
    ValuesForm,
    VersionForm,
)
from par.reporting.models import (
    NUMBER_COLUMNS,
    Column,
    DataElement,
    PercentMode,
    ReportState,
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
from par.reporting.tables import fmt_number

GET_POST = require_http_methods(["GET", "POST"])


def _author_units(user):
    if user.is_superuser:
        return visible_units(user)
    return visible_units(user).filter(memberships__user=user, memberships__role__in=AUTHOR_ROLES).distinct()


PERIOD_SORTS = {
    "period": Sort(gettext_lazy("Period"), ["-year", "cutoff", "-start", "province__name"]),
    "due": Sort(gettext_lazy("Deadline of the province"), ["due_date", "province__name"]),
}
REPORT_SORTS = {
    "unit": Sort(gettext_lazy("Unit"), ["unit__path"]),
    "state": Sort(gettext_lazy("State"), ["state", "unit__path"]),
    "submitted": Sort(gettext_lazy("Submitted at"), ["submitted_at", "unit__path"]),
}


@login_required
def period_list(request):
    """The periods the user sees, a page at a time, with how many are still to be reported (decision 0125)."""
    periods = visible_periods(request.user).select_related("province")
    filterset = PeriodFilter(request.GET, queryset=periods)
    totals = {
        "ahead": Count("pk", filter=Q(due_date__gte=timezone.localdate())),
        "provinces": Count("province", distinct=True),
    }
    rows = work_list(
        request, periods, sorts=PERIOD_SORTS, default_sort="period", filterset=filterset, totals=totals
    )
    # An administrator sees every province's periods, which share their names.
    context = {
        "list": rows,
        "filter": filterset,
        "several": rows.totals["provinces"] > 1,
        "active_nav": "reports",
    }
    return render(request, "reporting/period_list.html", context)


@login_required
def period_detail(request, pk: int):
    period = access_period(request.user, pk)
    reports = visible_reports(request.user).filter(period=period).select_related("unit")
    filterset = ReportFilter(request.GET, queryset=reports)
    totals = {str(state): Count("pk", filter=Q(state=state)) for state in ReportState}
    listing = work_list(
        request, reports, sorts=REPORT_SORTS, default_sort="unit", filterset=filterset, totals=totals
    )
    my_units = [u for u in _author_units(request.user).order_by("path") if period.covers(u)]
    own = {r.unit_id: r for r in reports.filter(unit__in=[u.pk for u in my_units])} if my_units else {}
    deadlines = {d.level: d.due_date for d in period.deadlines.all()}
    context = {
        "period": period,
        "list": listing,
        "filter": filterset,
        "state_totals": [(state, listing.totals[str(state)]) for state in ReportState],
        "my_units": [
            (u, own.get(u.pk), period.deadline_for(u, deadlines), period.within_life_of(u)) for u in my_units
        ],
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
    tops: list[Unit] = []
    for unit in units.distinct().order_by("path"):
        if not tops or not unit.path.startswith(tops[-1].path):
            tops.append(unit)
    return tops


@login_required
@require_POST
def report_create(request, period_pk: int):
    form = CreateReportForm(request.POST)
    unit_pk = form.cleaned_data["unit"] if form.is_valid() else None
    period, unit = access_period_unit(request.user, period_pk, unit_pk)
    existing = own_report(unit, period)
    if existing is not None:
        return redirect("reporting:report_detail", existing.pk)
    outcome = run_action(request, actions.do_create_report, unit=unit, period=period, actor=request.user)
    if not outcome.ok:
        return redirect("reporting:period_detail", period.pk)
    return redirect("reporting:report_detail", outcome.value.pk)


def _report_context(request, report):
    texts = {t.section_id: t.text for t in SectionText.objects.filter(report=report)}
    sections = [(s, texts.get(s.pk, "")) for s in report.template.sections.order_by("order")]
    reviewer = can_review(request.user, report)
    return {
        "report": report,
        "sections": sections,
        "grids": report_grids(report),
        "steps": report.steps.select_related("actor"),
        "can_edit": report.is_editable and can_author(request.user, report.unit),
        "can_review": reviewer,
        "own_submission": reviewer and actions.submitted_by(report, request.user),
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
    form = ValuesForm(request.POST or None, table=table)
    if form.is_bound and form.is_valid():
        outcome = run_action(
            form,
            actions.do_save_values,
            report,
            table,
            cells=form.cells,
            reasons=form.reasons,
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The figures of appendix %(n)s were saved.") % {"n": table.number})
            return redirect("reporting:report_detail", report.pk)
    context = {
        "report": report,
        "table": table,
        "form": form,
        "active_nav": "reports",
        **_value_rows(report, table, form.data if form.is_bound else None),
    }
    return render(request, "reporting/report_values.html", context, status=form_status(form))


def _value_rows(report, table, posted) -> dict:
    """The columns and the rows of inputs of an appendix: as stored, or as typed after a refused save."""
    grid = next(g for g in report_grids(report) if g.table.pk == table.pk)
    rows = []
    for row in grid.rows:
        inputs = []
        for column in grid.columns:
            key = column["key"]
            computed = (key == Column.PERCENT and row.element.percent_mode != PercentMode.ENTERED) or (
                row.element.is_rate and key in NUMBER_COLUMNS
            )
            name = f"v-{row.element.pk}-{key}"
            if posted is not None and not computed:
                value = posted.get(name, "")
            else:
                value = dict(row.cells).get(key, "")
            if not computed and (
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
        stored_reason = cell.reason if cell else ""
        reason = posted.get(f"r-{row.element.pk}", "") if posted is not None else stored_reason
        rows.append(
            {
                "element": row.element,
                "inputs": inputs,
                "auto": cell.auto_number if cell else None,
                "reason": reason,
            }
        )
    return {"columns": grid.columns, "rows": rows}


def _text_page(request, report, form: HeaderForm | None = None):
    """The report-text page; after a refused save, with everything the user typed (nothing is lost)."""
    context = _report_context(request, report)
    if form is not None and form.is_bound:
        context["sections"] = [(s, form.data.get(f"s-{s.pk}", t)) for s, t in context["sections"]]
    signed_on = report.signed_on.strftime("%d/%m/%Y") if report.signed_on else ""
    context["header"] = {
        **{name: getattr(report, name) for name in actions.HEADER_FIELDS},
        "signed_on": signed_on,
        **(form.typed() if form is not None and form.is_bound else {}),
    }
    context["form"] = form
    return render(request, "reporting/report_sections.html", context, status=form_status(form))


@login_required
@GET_POST
def report_sections(request, pk: int):
    """The narrative and the document details (number, date, signer, recipients), saved together."""
    report = access_report(request.user, pk, write=True)
    if request.method == "GET":
        return _text_page(request, report)
    form = ReportTextForm(request.POST, sections=list(report.template.sections.all()))
    if form.is_valid():
        outcome = run_action(
            form,
            actions.do_save_sections,
            report,
            texts=form.texts(),
            header=form.header(),
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The report text was saved."))
            return redirect("reporting:report_detail", report.pk)
    return _text_page(request, report, form)


@login_required
@require_POST
def report_header(request, pk: int):
    """The document details alone (the number and symbol, signing date, signer and recipients)."""
    report = access_report(request.user, pk, write=True)
    form = HeaderForm(request.POST)
    if form.is_valid():
        outcome = run_action(
            form,
            actions.do_update_header,
            report,
            changes=form.header(),
            expected_version=form.cleaned_data["version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The document details were saved."))
            return redirect("reporting:report_detail", report.pk)
    return _text_page(request, report, form)


@login_required
@require_POST
def report_autofill(request, pk: int):
    report = access_report(request.user, pk, write=True)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    outcome = run_action(request, actions.do_autofill, report, expected_version=version, actor=request.user)
    if outcome.ok:
        messages.success(
            request,
            _(
                "Filled from live data: %(filled)s cells; kept as entered: %(kept)s; sources not available: %(unavailable)s."
            )
            % outcome.value,
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
    form = TransitionForm(request.POST)
    if form.is_valid():
        kwargs = {text_field: form.cleaned_data[text_field]} if text_field else {}
        outcome = run_action(
            form,
            function,
            report,
            expected_version=form.cleaned_data["version"],
            actor=request.user,
            **kwargs,
        )
        if outcome.ok:
            messages.success(request, done_message)
            return redirect("reporting:report_detail", report.pk)
    context = {**_report_context(request, access_report(request.user, pk)), "form": form}
    return render(request, "reporting/report_detail.html", context, status=form_status(form))


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
    with replica_reads(request):
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
    with replica_reads(request):
        grids = build_grids(tables, period, rollup_values(unit, period, template))
    context = {"period": period, "unit": unit, "report": report, "grids": grids, "active_nav": "reports"}
    return render(request, "reporting/rollup.html", context)


@login_required
def drilldown_view(request, pk: int, unit_pk: int, element_pk: int, column: str):
    period, unit = access_period_unit(request.user, pk, unit_pk)
    element = get_object_or_404(DataElement.objects.select_related("table"), pk=element_pk)
    if column not in Column.values:
        raise Http404
    with replica_reads(request):
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


@never_cache
@login_required
@require_GET
def export_docx(request, pk: int):
    report = access_report(request.user, pk)
    return download(exporting.report_docx(report), exporting.file_name(report, ".docx"), DOCX_TYPE)


@never_cache
@login_required
@require_GET
def export_xlsx(request, pk: int):
    report = access_report(request.user, pk)
    return download(exporting.report_xlsx(report), exporting.file_name(report, ".xlsx"), XLSX_TYPE)


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
    return download(content, exporting.file_name(report, ".pdf"), PDF_TYPE)
