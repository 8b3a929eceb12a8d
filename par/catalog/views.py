"""Catalogue pages: list with filters, a procedure and its versions, the public page, edits, import/export."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from par.catalog import actions
from par.catalog.access import access_procedure, access_version, can_edit_catalog, visible_procedures
from par.catalog.filters import ProcedureFilter
from par.catalog.forms import (
    DocumentFormSet,
    ImportForm,
    ProcedureForm,
    StepFormSet,
    VersionForm,
    document_initial,
    documents_from,
    plain,
    step_initial,
    steps_from,
)
from par.catalog.models import Procedure
from par.catalog.workbook import build_workbook, read_workbook
from par.core.http import VALIDATION, download, form_status, run_action

PAGE_SIZE = 50


def _day(request) -> dt.date:
    """The `on` query parameter (dd/mm/yyyy or ISO) or today in Vietnam."""
    value = request.GET.get("on", "")
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return timezone.localdate()


def _status(form, *formsets) -> int:
    """The page status (par.core.http): the form's, or 400 when a step or document row is invalid."""
    status = form_status(form)
    if status == 200 and any(formset.is_bound and not formset.is_valid() for formset in formsets):
        return VALIDATION
    return status


def _require_editor(request) -> None:
    if not can_edit_catalog(request.user):
        raise Http404


@login_required
def procedure_list(request):
    base = visible_procedures(request.user).select_related("field")
    filterset = ProcedureFilter(request.GET or None, queryset=base)
    procedures = filterset.qs.with_version_on(filterset.day)
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "day": filterset.day,
        "query": query.urlencode(),
        "can_edit": can_edit_catalog(request.user),
        "active_nav": "catalog",
    }
    template = "catalog/procedure_list.html#results" if request.htmx else "catalog/procedure_list.html"
    return render(request, template, context)


@login_required
def procedure_detail(request, code: str):
    procedure = access_procedure(request.user, code)
    day = _day(request)
    versions = list(procedure.versions.prefetch_related("steps", "documents").order_by("-valid_from"))
    current = next((v for v in versions if v.is_in_force_on(day)), None)
    context = {
        "procedure": procedure,
        "versions": versions,
        "current": current,
        "day": day,
        "can_edit": can_edit_catalog(request.user),
        "active_nav": "catalog",
    }
    return render(request, "catalog/procedure_detail.html", context)


def public_detail(request, code: str):
    """Published procedures for anyone, without signing in (the catalogue holds no personal data)."""
    day = timezone.localdate()
    procedures = Procedure.objects.published().select_related("field").with_version_on(day, rows=True)
    try:
        procedure = procedures.get(code=code)
    except Procedure.DoesNotExist:
        raise Http404 from None
    context = {"procedure": procedure, "current": procedure.version_on(day), "day": day}
    return render(request, "catalog/public_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def procedure_create(request):
    _require_editor(request)
    form = ProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_action(form, actions.do_create_procedure, data=form.action_data(), actor=request.user)
        if outcome.ok:
            code = outcome.value.code
            messages.success(
                request, _("Procedure %(code)s added. Now add its first version.") % {"code": code}
            )
            return redirect("catalog:version_add", code=code)
    context = {"form": form, "active_nav": "catalog"}
    return render(request, "catalog/procedure_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def procedure_edit(request, code: str):
    procedure = access_procedure(request.user, code, write=True)
    form = ProcedureForm(request.POST or None, instance=procedure)
    if request.method == "POST" and form.is_valid():
        outcome = run_action(
            form,
            actions.do_update_procedure,
            procedure,
            changes=form.action_data(),
            expected_version=form.cleaned_data["expected_version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Procedure %(code)s saved.") % {"code": outcome.value.code})
            return redirect("catalog:detail", code=outcome.value.code)
    context = {"form": form, "procedure": procedure, "active_nav": "catalog"}
    return render(request, "catalog/procedure_form.html", context, status=form_status(form))


def _version_forms(request, instance, source):
    """The version form and its two formsets, filled from POST or, on GET, from `source`'s rows."""
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, instance=instance)
    steps = StepFormSet(data, prefix="steps", initial=None if data else step_initial(source))
    documents = DocumentFormSet(data, prefix="documents", initial=None if data else document_initial(source))
    return form, steps, documents


@login_required
@require_http_methods(["GET", "POST"])
def version_add(request, code: str):
    procedure = access_procedure(request.user, code, write=True)
    source = procedure.versions.order_by("-valid_from").first()
    form, steps, documents = _version_forms(request, None, source)
    if not form.is_bound:
        form.initial.update(_copy_fields(source) | {"expected_version": procedure.version})
    if request.method == "POST" and form.is_valid() and steps.is_valid() and documents.is_valid():
        outcome = run_action(
            form,
            actions.do_add_version,
            procedure,
            data=form.action_data(),
            steps=steps_from(steps),
            documents=documents_from(documents),
            expected_version=form.cleaned_data["expected_version"],
            actor=request.user,
        )
        if outcome.ok:
            day = f"{outcome.value.valid_from:%d/%m/%Y}"
            messages.success(request, _("Version in force from %(day)s added.") % {"day": day})
            return redirect("catalog:detail", code=procedure.code)
    context = {"form": form, "steps": steps, "documents": documents, "procedure": procedure, "adding": True}
    return render(request, "catalog/version_form.html", context, status=_status(form, steps, documents))


def _copy_fields(source) -> dict:
    """A new version starts as a copy of the latest one, except its dates and deciding document."""
    if source is None:
        return {}
    keep = [
        "legal_days",
        "committed_days",
        "limit_note",
        "cutoff",
        "online_level",
        "fee_text",
        "fee_amount",
        "legal_basis",
    ]
    values = {name: getattr(source, name) for name in keep}
    return values | {name: plain(values[name]) for name in ("legal_days", "committed_days")}


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request, code: str, pk: int):
    version = access_version(request.user, code, pk, write=True)
    procedure = version.procedure
    form, steps, documents = _version_forms(request, version, version)
    if not form.is_bound:
        form.initial["expected_version"] = procedure.version
    if request.method == "POST" and form.is_valid() and steps.is_valid() and documents.is_valid():
        outcome = run_action(
            form,
            actions.do_update_version,
            version,
            changes=form.action_data(),
            steps=steps_from(steps),
            documents=documents_from(documents),
            expected_version=form.cleaned_data["expected_version"],
            actor=request.user,
        )
        if outcome.ok:
            messages.success(request, _("Version saved."))
            return redirect("catalog:detail", code=procedure.code)
    context = {
        "form": form,
        "steps": steps,
        "documents": documents,
        "procedure": procedure,
        "version": version,
    }
    return render(request, "catalog/version_form.html", context, status=_status(form, steps, documents))


@login_required
@require_http_methods(["GET", "POST"])
def catalog_import(request):
    _require_editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        rows, read_errors = read_workbook(upload)
        try:
            if read_errors:
                raise actions.CatalogImportError(read_errors)
            result = actions.do_import_catalog(rows, actor=request.user, file_name=upload.name)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _import_summary(result))
            return redirect("catalog:list")
    context = {"form": form, "errors": errors, "active_nav": "catalog"}
    return render(request, "catalog/import.html", context, status=VALIDATION if errors else form_status(form))


def _import_summary(result: actions.ImportResult) -> str:
    return _(
        "Import finished: %(pc)d procedures added, %(pu)d updated, %(pn)d unchanged; %(vc)d versions added, "
        "%(vu)d updated, %(vx)d closed."
    ) % {
        "pc": result.procedures_created,
        "pu": result.procedures_updated,
        "pn": result.procedures_unchanged,
        "vc": result.versions_created,
        "vu": result.versions_updated,
        "vx": result.versions_closed,
    }


def _xlsx(book, filename: str) -> FileResponse:
    buffer = BytesIO()
    book.save(buffer)
    return download(buffer.getvalue(), filename)


@login_required
def catalog_export(request):
    """The catalogue (narrowed by the list's filters) as a workbook that imports back unchanged."""
    _require_editor(request)
    filterset = ProcedureFilter(request.GET or None, queryset=visible_procedures(request.user))
    procedures = filterset.qs.select_related("field").prefetch_related(
        "versions__steps", "versions__documents"
    )
    return _xlsx(build_workbook(procedures), f"danh-muc-tthc-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def import_template(request):
    _require_editor(request)
    return _xlsx(build_workbook(), "mau-nhap-danh-muc-tthc.xlsx")
