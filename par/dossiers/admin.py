"""Read-only admin for dossiers: every change goes through the actions (pages, API, commands)."""

from django.contrib import admin

from par.dossiers.models import Dossier, DossierEvent, DossierRollup, DossierStep


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = DossierStep
    extra = 0
    can_delete = False
    fields = ["sequence", "name", "unit", "assignee", "started_at", "due_date", "finished_at", "outcome"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(StepInline):
    model = DossierEvent
    fields = ["sequence", "at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = ["code", "procedure", "unit", "channel", "state", "received_at", "due_date", "outcome"]
    list_filter = ["state", "channel", "outcome"]
    search_fields = ["code"]
    list_select_related = ["procedure", "unit"]
    inlines = [StepInline, EventInline]


@admin.register(DossierRollup)
class DossierRollupAdmin(ReadOnly):
    list_display = ["day", "unit", "procedure", "channel", *DossierRollup.COUNTS]
    list_select_related = ["unit", "procedure"]
