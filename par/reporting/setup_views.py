"""Report forms and periods of a province, kept by its PAR officer (docs/decisions/0132): the periods of each
year and the template version each names, and the template versions (document frame, outline, appendices).

Every page is scoped to a province the user manages: anyone else gets 404, as for a missing page. Saves go
through the audited actions of `setup_actions`; a version that reports were started on is shown read-only with
a button to make a new version.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Max, Q, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from par.core.http import VALIDATION, form_status, run_action
from par.orgunits.models import Unit, UnitKind
from par.reporting import setup_actions as setup
from par.reporting.frame import PLACEHOLDERS
from par.reporting.models import AppendixTable, Column, ReportingPeriod, ReportTemplate
from par.reporting.setup_forms import (
    ElementFormSet,
    FrameFormSet,
    PeriodForm,
    SectionFormSet,
    TableForm,
    TemplateForm,
    YearForm,
)

GET_POST = require_http_methods(["GET", "POST"])
NAV = "report_setup"


def _access_province(user, pk):
    try:
        return setup.managed_provinces(user).get(pk=pk)
    except (ValueError, TypeError, Unit.DoesNotExist):
        raise Http404 from None


def _access_template(user, province, pk) -> ReportTemplate:
    """A version of the province or a national model (404 for another province's)."""
    return get_object_or_404(
        ReportTemplate.objects.filter(Q(province=province) | Q(province__isnull=True)).select_related(
            "province"
        ),
        pk=pk,
    )


@login_required
def setup_home(request):
    provinces = list(setup.managed_provinces(request.user).order_by("name"))
    if not provinces:
        raise Http404
    if len(provinces) == 1:
        return redirect("reporting:setup_province", provinces[0].pk)
    return render(request, "reporting/setup/home.html", {"provinces": provinces, "active_nav": NAV})


@login_required
def setup_province(request, province_pk: int):
    province = _access_province(request.user, province_pk)
    periods = (
        ReportingPeriod.objects.filter(province=province)
        .select_related("template")
        .annotate(report_count=Count("reports"))
        .order_by("-year", "cutoff", "-start")
    )
    templates = (
        ReportTemplate.objects.filter(Q(province=province) | Q(province__isnull=True))
        .annotate(report_count=Count("reports", distinct=True), period_count=Count("periods", distinct=True))
        .order_by("province", "-year", "code", "-revision")
    )
    context = {
        "province": province,
        "periods": periods,
        "templates": templates,
        "year_form": YearForm(province=province),
        "active_nav": NAV,
    }
    return render(request, "reporting/setup/province.html", context)


@login_required
@require_POST
def setup_year(request, province_pk: int):
    province = _access_province(request.user, province_pk)
    form = YearForm(request.POST, province=province)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("reporting:setup_province", province.pk)
    outcome = run_action(
        request,
        setup.do_create_periods,
        province=province,
        year=form.cleaned_data["year"],
        template=form.cleaned_data["template"],
        actor=request.user,
    )
    if outcome.ok:
        messages.success(
            request, _("The periods of %(year)s are ready.") % {"year": form.cleaned_data["year"]}
        )
    return redirect("reporting:setup_province", province.pk)


@login_required
@GET_POST
def setup_period(request, province_pk: int, pk: int | None = None):
    """Create or change a period: name, data window, deadlines, and the template version its reports use."""
    province = _access_province(request.user, province_pk)
    period = get_object_or_404(ReportingPeriod, pk=pk, province=province) if pk else None
    form = PeriodForm(request.POST or None, instance=period, province=province)
    if form.is_bound and form.is_valid():
        outcome = run_action(
            form, setup.do_save_period, form.instance, deadlines=form.deadlines(), actor=request.user
        )
        if outcome.ok:
            messages.success(request, _("The period %(name)s was saved.") % {"name": form.instance.name})
            return redirect("reporting:setup_province", province.pk)
    context = {"province": province, "period": period, "form": form, "active_nav": NAV}
    return render(request, "reporting/setup/period_form.html", context, status=form_status(form))


@login_required
@require_POST
def setup_period_delete(request, province_pk: int, pk: int):
    province = _access_province(request.user, province_pk)
    period = get_object_or_404(ReportingPeriod, pk=pk, province=province)
    if run_action(request, setup.do_delete_template_part, period, actor=request.user).ok:
        messages.success(request, _("The period %(name)s was deleted.") % {"name": period.name})
    return redirect("reporting:setup_province", province.pk)


def _editable(user, template: ReportTemplate) -> bool:
    return setup.can_manage(user, template.province) and not setup.in_use(template)


@login_required
@GET_POST
def setup_template(request, province_pk: int, pk: int):
    """A template version: name, document frame (shared and per kind of unit), outline; its appendices."""
    province = _access_province(request.user, province_pk)
    template = _access_template(request.user, province, pk)
    editable = _editable(request.user, template)
    data = request.POST if request.method == "POST" and editable else None
    form = TemplateForm(data, instance=template)
    sections = SectionFormSet(data, instance=template, prefix="sections")
    # One frame per kind of unit, in the order of the kinds (province first).
    kind_order = Case(*(When(unit_kind=kind, then=i) for i, kind in enumerate(UnitKind.values)))
    frames = FrameFormSet(
        data, instance=template, prefix="frames", queryset=template.frames.order_by(kind_order)
    )
    status = 200
    if data is not None:
        if form.is_valid() and sections.is_valid() and frames.is_valid():
            saved = [form.instance, *sections.save(commit=False), *frames.save(commit=False)]
            outcome = run_action(
                form, setup.do_save_template_parts, saved, sections.deleted_objects, actor=request.user
            )
            if outcome.ok:
                messages.success(request, _("The template was saved."))
                return redirect("reporting:setup_template", province.pk, template.pk)
        status = _status(form, sections, frames)
    if not editable:
        for field in [*form.fields.values(), *_formset_fields(sections), *_formset_fields(frames)]:
            field.disabled = True
    context = {
        "province": province,
        "template": template,
        "editable": editable,
        "in_use": setup.in_use(template),
        "form": form,
        "sections": sections,
        "frames": frames,
        "tables": template.tables.order_by("number"),
        "placeholders": PLACEHOLDERS,
        "active_nav": NAV,
    }
    return render(request, "reporting/setup/template.html", context, status=status)


def _status(form, *formsets) -> int:
    """The status of a refused save: the action's refusal on the form, else 400 for invalid input."""
    invalid = [formset for formset in formsets if formset.is_bound and not formset.is_valid()]
    return max([form_status(form), *(VALIDATION for _formset in invalid)])


def _formset_fields(formset):
    return [field for form in formset.forms for field in form.fields.values()]


@login_required
@require_POST
def setup_template_version(request, province_pk: int, pk: int):
    """Make a new version of the province from this one (a national model: the province's own copy)."""
    province = _access_province(request.user, province_pk)
    template = _access_template(request.user, province, pk)
    outcome = run_action(
        request, setup.do_new_template_version, template, province=province, actor=request.user
    )
    if not outcome.ok:
        return redirect("reporting:setup_template", province.pk, template.pk)
    messages.success(
        request,
        _("Version %(n)s was made; the periods with no report yet now use it.")
        % {"n": outcome.value.revision},
    )
    return redirect("reporting:setup_template", province.pk, outcome.value.pk)


@login_required
@require_POST
def setup_table_new(request, province_pk: int, pk: int):
    province = _access_province(request.user, province_pk)
    template = _access_template(request.user, province, pk)
    number = (template.tables.aggregate(last=Max("number"))["last"] or 0) + 1
    table = AppendixTable(
        template=template,
        number=number,
        title=_("New appendix"),
        columns=[{"key": Column.TOTAL, "title": "Tổng số"}, {"key": Column.NOTE, "title": "Ghi chú"}],
    )
    if not run_action(request, setup.do_save_template_part, table, actor=request.user).ok:
        return redirect("reporting:setup_template", province.pk, template.pk)
    return redirect("reporting:setup_table", province.pk, template.pk, table.pk)


@login_required
@GET_POST
def setup_table(request, province_pk: int, template_pk: int, pk: int):
    """An appendix: its heading, columns, who fills it in, and its rows."""
    province = _access_province(request.user, province_pk)
    template = _access_template(request.user, province, template_pk)
    table = get_object_or_404(AppendixTable, pk=pk, template=template)
    editable = _editable(request.user, template)
    data = request.POST if request.method == "POST" and editable else None
    form = TableForm(data, instance=table)
    rows = ElementFormSet(data, instance=table, prefix="rows", form_kwargs={"table": table})
    status = 200
    if data is not None:
        if form.is_valid() and rows.is_valid():
            saved = [form.instance, *rows.save(commit=False)]
            outcome = run_action(
                form, setup.do_save_template_parts, saved, rows.deleted_objects, actor=request.user
            )
            if outcome.ok:
                messages.success(request, _("Appendix %(n)s was saved.") % {"n": table.number})
                return redirect("reporting:setup_table", province.pk, template.pk, table.pk)
        status = _status(form, rows)
    if not editable:
        for field in [*form.fields.values(), *_formset_fields(rows)]:
            field.disabled = True
    context = {
        "province": province,
        "template": template,
        "table": table,
        "editable": editable,
        "form": form,
        "rows": rows,
        "active_nav": NAV,
    }
    return render(request, "reporting/setup/table.html", context, status=status)


@login_required
@require_POST
def setup_table_delete(request, province_pk: int, template_pk: int, pk: int):
    province = _access_province(request.user, province_pk)
    template = _access_template(request.user, province, template_pk)
    table = get_object_or_404(AppendixTable, pk=pk, template=template)
    if not run_action(request, setup.do_delete_template_part, table, actor=request.user).ok:
        return redirect("reporting:setup_table", province.pk, template.pk, table.pk)
    messages.success(request, _("Appendix %(n)s was deleted.") % {"n": table.number})
    return redirect("reporting:setup_template", province.pk, template.pk)
