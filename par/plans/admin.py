"""Admin for plans: read-only views of the rows; the only change offered, issuing, goes through the action.

Plans are written on the plan pages, which call the actions (checked and audited). A save here would bypass
the schedule parsing, the cascade to units and the audit trail, so the admin never saves a plan row itself.
Evidence files are not listed: they are private and served only through the checked download view.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from par.plans.actions import do_issue_plan
from par.plans.models import Assignment, PlanArea, PlanTask, ProgressUpdate, ReformPlan, Target


class ReadOnlyMixin:
    """Viewing only: every change goes through the plan pages and their actions."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


class AreaInline(ReadOnlyInline):
    model = PlanArea
    fields = ["order", "code", "name", "coordinator"]
    show_change_link = False


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ["order", "text", "comparator", "target_value", "unit_of_measure", "measured_value"]
    show_change_link = False


@admin.register(ReformPlan)
class ReformPlanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "year", "unit", "decision_number", "decision_date", "state", "page_link"]
    list_filter = ["year", "state"]
    search_fields = ["title", "decision_number", "unit__name"]
    list_select_related = ["unit"]
    inlines = [AreaInline, TargetInline]
    actions = ["issue_plans"]

    @admin.display(description=_("Page"))
    def page_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("plans:plan_detail", args=[obj.pk]), gettext("Open")
        )

    @admin.action(description=_("Issue the selected plans"))
    def issue_plans(self, request, queryset):
        for plan in queryset:
            try:
                do_issue_plan(plan, actor=request.user)
            except (PermissionDenied, ValidationError) as exc:
                text = "; ".join(getattr(exc, "messages", None) or [str(exc)])
                self.message_user(request, f"{plan}: {text}", messages.ERROR)
            else:
                self.message_user(request, gettext("%(plan)s: issued.") % {"plan": plan}, messages.SUCCESS)


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = ["unit", "role", "via_group"]


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "area", "schedule_text", "cancelled_at"]
    list_filter = ["plan__year", "area__code"]
    search_fields = ["text", "number"]
    list_select_related = ["plan", "area"]
    inlines = [AssignmentInline]


class UpdateInline(ReadOnlyInline):
    model = ProgressUpdate
    fields = ["created_at", "author", "text", "percent", "milestone", "completed_on"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["task", "unit", "role", "via_group"]
    list_filter = ["role", "task__plan__year"]
    search_fields = ["unit__name", "task__text"]
    list_select_related = ["task", "unit"]
    inlines = [UpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["assignment", "author", "created_at", "percent", "completed_on"]
    list_filter = ["completed_on"]
    search_fields = ["text", "product_reference"]
    list_select_related = ["assignment__task", "assignment__unit", "author"]
