"""The dashboards: the province's, each unit's, a procedure's in a unit, the rows behind a figure, and exports."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from par import metrics
from par.accounts.access import visible_units
from par.catalog.access import access_procedure
from par.core.http import XLSX_TYPE, download, run_action, stored_download
from par.dashboards import exporting, snapshots
from par.dashboards.access import access_dashboard_unit, access_export_job, home_unit, visible_exports
from par.dashboards.actions import do_queue_export
from par.dashboards.forms import MapForm, PeriodForm
from par.dashboards.maps import commune_map
from par.dashboards.models import ExportState
from par.dashboards.tables import BUILDERS, PROCEDURE_BUILDERS, Context
from par.dossiers.access import visible_dossiers
from par.orgunits.models import UnitKind

ROWS_PER_PAGE = 50


def _context(request, unit, procedure=None) -> tuple[PeriodForm, Context]:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, today=today)
    return form, Context(request.user, unit, form.period(), today, procedure)


@login_required
def province(request):
    """The province's dashboard for those who see the province whole; anyone else goes to their own unit's."""
    unit = home_unit(request.user)
    if unit.kind != UnitKind.PROVINCE:
        query = request.GET.urlencode()
        return redirect(reverse("dashboards:unit", args=[unit.pk]) + (f"?{query}" if query else ""))
    return _dashboard(request, unit)


@login_required
def unit_dashboard(request, pk: int):
    return _dashboard(request, access_dashboard_unit(request.user, pk))


def _dashboard(request, unit):
    form, ctx = _context(request, unit)
    snapshot = snapshots.tables(ctx, BUILDERS, refresh=request.GET.get("refresh") == "1")
    tables = snapshot.tables
    for key, table in tables.items():
        table.export_url = reverse("dashboards:export", args=[unit.pk, key]) + "?" + ctx.period.query()
    context = {
        "form": form,
        "ctx": ctx,
        "unit": unit,
        "period": ctx.period,
        "tables": tables,
        "snapshot": snapshot,
        "ancestors": _ancestors(request.user, unit),
        "active_nav": "dashboard",
    }
    return render(request, "dashboards/dashboard.html", context)


def _ancestors(user, unit):
    """The units above `unit` the reader sees (the breadcrumb), one query."""
    return list(visible_units(user).filter(pk__in=unit.ancestor_ids).order_by("depth"))


@login_required
def province_map(request):
    """The commune map of the reader's dashboard unit (the province for those who see it whole)."""
    return _map(request, home_unit(request.user))


@login_required
def unit_map(request, pk: int):
    return _map(request, access_dashboard_unit(request.user, pk))


def _map(request, unit):
    form = MapForm(request.GET or None, today=timezone.localdate())
    period = form.period()
    context = {
        "form": form,
        "unit": unit,
        "period": period,
        "found": commune_map(request.user, unit, period, form.chosen_indicator()),
        "ancestors": _ancestors(request.user, unit),
        "active_nav": "dashboard",
    }
    return render(request, "dashboards/map.html", context)


@login_required
def procedure(request, pk: int, code: str):
    """One procedure's dossiers in a unit's subtree: by unit below it, by month, and the dossiers themselves."""
    unit = access_dashboard_unit(request.user, pk)
    found = access_procedure(request.user, code)
    form, ctx = _context(request, unit, found)
    tables = {key: build(ctx) for key, build in PROCEDURE_BUILDERS.items()}
    for key, table in tables.items():
        args = [unit.pk, found.code, key]
        table.export_url = reverse("dashboards:export_procedure", args=args) + "?" + ctx.period.query()
    dossiers = (
        visible_dossiers(request.user)
        .filter(unit__in=unit.subtree().values("pk"), procedure=found, received_on__isnull=False)
        .filter(resolved_on__gte=ctx.period.start, resolved_on__lte=ctx.period.end)
        .select_related("unit")
        .order_by("resolved_on", "code")
    )
    page = Paginator(dossiers, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "ctx": ctx,
        "unit": unit,
        "procedure": found,
        "period": ctx.period,
        "tables": tables,
        "page": page,
        "ancestors": _ancestors(request.user, unit),
        "active_nav": "dashboard",
    }
    return render(request, "dashboards/procedure.html", context)


@login_required
def measure(request, pk: int, code: str):
    """The rows behind a figure: the measure's formula with its numbers, then its records a page at a time."""
    unit = access_dashboard_unit(request.user, pk)
    try:
        found = metrics.get(code)
    except metrics.UnknownMetricError:
        raise Http404 from None
    form, ctx = _context(request, unit)
    measurement = metrics.measure(code, unit, ctx.period.start, ctx.period.end)
    page = Paginator(measurement.records(), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "unit": unit,
        "period": ctx.period,
        "metric": found,
        "measurement": measurement,
        "page": page,
        "rows": _linked(request.user, page.object_list),
        "ancestors": _ancestors(request.user, unit),
        "active_nav": "dashboard",
    }
    return render(request, "dashboards/measure.html", context)


def _linked(user, rows):
    """A row links to its record only for a reader who sees the record's unit (decision 0123)."""
    units = {r.unit_id for r in rows if r.unit_id is not None}
    seen = set(visible_units(user).filter(pk__in=units).values_list("pk", flat=True)) if units else set()
    return [r if r.unit_id is None or r.unit_id in seen else replace(r, url="") for r in rows]


@login_required
def export(request, pk: int, table: str):
    unit = access_dashboard_unit(request.user, pk)
    if table not in BUILDERS:
        raise Http404
    _form, ctx = _context(request, unit)
    return _table_file(request, BUILDERS[table](ctx), unit.name, ctx)


@login_required
def export_procedure(request, pk: int, code: str, table: str):
    unit = access_dashboard_unit(request.user, pk)
    found = access_procedure(request.user, code)
    if table not in PROCEDURE_BUILDERS:
        raise Http404
    _form, ctx = _context(request, unit, found)
    return _table_file(request, PROCEDURE_BUILDERS[table](ctx), f"{unit.name} · {found.name}", ctx)


def _table_file(request, table, title: str, ctx: Context):
    """The file at once; a table longer than PAR_EXPORT_INLINE_MAX_ROWS is offered as a background export
    (GET shows the offer, its POST queues the job and opens the job's page; decision 0173)."""
    rows = len(exporting.all_rows(table))
    if rows <= settings.PAR_EXPORT_INLINE_MAX_ROWS:
        content = exporting.table_xlsx(table, unit_name=title, period_label=ctx.period.label)
        return download(content, exporting.file_name(table, ctx.period))
    if request.method == "POST":
        outcome = run_action(
            request,
            do_queue_export,
            unit=ctx.unit,
            table=table.key,
            procedure_code=ctx.procedure.code if ctx.procedure is not None else "",
            period_query=ctx.period.query(),
            period_label=ctx.period.label,
            counted_on=ctx.today,
            title=table.title,
            rows_total=rows,
            filename=exporting.file_name(table, ctx.period),
            actor=request.user,
        )
        if outcome.ok:
            return redirect("dashboards:export_job", pk=outcome.value.pk)
    context = {"table": table, "title": title, "period": ctx.period, "rows": rows, "unit": ctx.unit}
    return render(request, "dashboards/export_offer.html", context)


@login_required
def my_exports(request):
    """The signed-in user's export jobs, newest first."""
    jobs = visible_exports(request.user).select_related("unit").order_by("-created_at", "-pk")
    page = Paginator(jobs, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dashboards/exports.html", {"page": page, "active_nav": "exports"})


@login_required
def export_job(request, pk: int):
    """One export job with its progress; the page asks again every two seconds until the file is ready."""
    job = access_export_job(request.user, pk)
    context = {"job": job, "active_nav": "exports"}
    template = "dashboards/export_job.html#job-status" if request.htmx else "dashboards/export_job.html"
    return render(request, template, context)


@login_required
def export_job_file(request, pk: int):
    job = access_export_job(request.user, pk)
    if job.state != ExportState.DONE or not job.file:
        raise Http404
    return stored_download(job.file, job.filename, XLSX_TYPE)
