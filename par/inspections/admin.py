"""Inspections change only through the actions (pages); the admin shows them read-only."""

from django.contrib import admin

from par.inspections.models import Finding, Inspection, InspectionPlan


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(InspectionPlan, ReadOnly)
admin.site.register(Inspection, ReadOnly)
admin.site.register(Finding, ReadOnly)
