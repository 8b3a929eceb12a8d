"""Templates are data: administrators edit the outline and the appendix rows when the Ministry changes them.

Reports themselves change only through the actions (pages and API), so they are read-only here.
"""

from django.contrib import admin

from par.reporting.models import (
    AppendixTable,
    DataElement,
    PeriodDeadline,
    Report,
    ReportingPeriod,
    ReportTemplate,
    TemplateSection,
)


class DeadlineInline(admin.TabularInline):
    model = PeriodDeadline
    extra = 0


@admin.register(ReportingPeriod)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "start", "cutoff", "due_date"]
    list_filter = ["year", "kind"]
    inlines = [DeadlineInline]


class SectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0


class TableInline(admin.TabularInline):
    model = AppendixTable
    extra = 0
    show_change_link = True


@admin.register(ReportTemplate)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "year", "is_active"]
    inlines = [SectionInline, TableInline]


class ElementInline(admin.StackedInline):
    model = DataElement
    fk_name = "table"
    extra = 0


@admin.register(AppendixTable)
class AppendixAdmin(admin.ModelAdmin):
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
