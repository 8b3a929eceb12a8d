"""Templates are data: administrators edit the national models here; a province's PAR officer uses the pages of
`setup_views` (docs/decisions/0132).

Every save and delete here goes through `do_save_template_part` / `do_delete_template_part` (permission, the
frozen-version and period rules, and the audit row in the admin's transaction). Reports themselves change only through the report actions (pages and
API), so they are read-only here.
"""

from django.contrib import admin

from par.reporting.models import (
    AppendixTable,
    DataElement,
    PeriodDeadline,
    Report,
    ReportingPeriod,
    ReportTemplate,
    TemplateFrame,
    TemplateSection,
)
from par.reporting.setup_actions import do_delete_template_part, do_save_template_part
from par.reporting.setup_forms import PartForm


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes, of the object and of its inline rows, through the template actions; the forms show
    the actions' rules (a version in use never changes) as errors before anything is saved."""

    form = PartForm

    def save_model(self, request, obj, form, change):
        do_save_template_part(obj, actor=request.user)

    def delete_model(self, request, obj):
        do_delete_template_part(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            do_delete_template_part(obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        rows = formset.save(commit=False)
        for obj in formset.deleted_objects:
            do_delete_template_part(obj, actor=request.user)
        for obj in rows:
            do_save_template_part(obj, actor=request.user)
        formset.save_m2m()


class DeadlineInline(admin.TabularInline):
    form = PartForm
    model = PeriodDeadline
    extra = 0


@admin.register(ReportingPeriod)
class PeriodAdmin(AuditedAdmin):
    list_display = ["name", "province", "template", "kind", "year", "start", "cutoff", "due_date"]
    list_filter = ["province", "year", "kind"]
    inlines = [DeadlineInline]


class SectionInline(admin.TabularInline):
    form = PartForm
    model = TemplateSection
    extra = 0


class FrameInline(admin.StackedInline):
    form = PartForm
    model = TemplateFrame
    extra = 0


class TableInline(admin.TabularInline):
    form = PartForm
    model = AppendixTable
    extra = 0
    show_change_link = True


@admin.register(ReportTemplate)
class TemplateAdmin(AuditedAdmin):
    list_display = ["name", "province", "code", "year", "revision", "is_active"]
    list_filter = ["province"]
    inlines = [SectionInline, FrameInline, TableInline]


class ElementInline(admin.StackedInline):
    form = PartForm
    model = DataElement
    fk_name = "table"
    extra = 0


@admin.register(AppendixTable)
class AppendixAdmin(AuditedAdmin):
    list_display = ["__str__", "template"]
    inlines = [ElementInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "period", "state", "submitted_at"]
    list_filter = ["state", "period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
