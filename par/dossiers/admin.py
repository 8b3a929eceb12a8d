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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


STEP_FIELDS = ("sequence", "name", "unit", "assignee", "started_at", "due_date", "finished_at", "outcome")
EVENT_FIELDS = ("sequence", "at", "actor", "action", "from_state", "to_state", "note")


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = STEP_FIELDS
    readonly_fields = STEP_FIELDS


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = EVENT_FIELDS
    readonly_fields = EVENT_FIELDS


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
