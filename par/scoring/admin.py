"""Published ranking decisions in the admin: read only. A decision is published, and corrected, through the
actions (the ranking page and the API), never edited here (decision 0110)."""

from django.contrib import admin

from par.scoring.models import PublishedResult, RankingExclusion, RankingPublication


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ResultInline(admin.TabularInline):
    model = PublishedResult
    extra = 0
    can_delete = False
    fields = ("order", "unit_name", "status", "total", "percent", "rank", "classification", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RankingPublication)
class RankingPublicationAdmin(ReadOnly):
    list_display = ["decision_number", "decision_date", "framework", "corrects", "created_at", "created_by"]
    list_select_related = ["framework", "corrects", "created_by"]
    search_fields = ["decision_number"]
    inlines = [ResultInline]


@admin.register(RankingExclusion)
class RankingExclusionAdmin(ReadOnly):
    list_display = ["assessment", "reason", "excluded_at", "excluded_by"]
    list_select_related = ["assessment__unit", "assessment__framework", "excluded_by"]
