"""Admin for users and memberships; every save goes through the actions so it is audited."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from par.accounts import actions
from par.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["created_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "job_title", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    # Roles come from memberships, so Django's groups and per-user permissions are not offered.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Work details"), {"fields": ("full_name", "email", "job_title", "phone")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if not change:
            created = actions.do_create_user(
                username=form.cleaned_data["username"],
                password=form.cleaned_data.get("password1"),
                actor=request.user,
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in actions.ADMIN_FIELDS
        }
        if changes:
            actions.do_update_user(
                obj, changes=changes, actor=request.user, reason=str(_("Edited in the admin"))
            )

    def save_formset(self, request, form, formset, change):
        # Memberships are granted and revoked through the actions, never by the formset directly.
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        try:
            for obj in formset.deleted_objects:
                actions.do_revoke_membership(obj, actor=request.user, reason=str(_("Edited in the admin")))
            for obj in instances:
                if obj.pk is None:
                    actions.do_grant_membership(
                        form.instance,
                        obj.unit,
                        obj.role,
                        actor=request.user,
                        reason=str(_("Edited in the admin")),
                    )
                else:
                    old = Membership.objects.get(pk=obj.pk)
                    actions.do_revoke_membership(
                        old, actor=request.user, reason=str(_("Edited in the admin"))
                    )
                    actions.do_grant_membership(
                        form.instance,
                        obj.unit,
                        obj.role,
                        actor=request.user,
                        reason=str(_("Edited in the admin")),
                    )
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        if change:
            old = Membership.objects.get(pk=obj.pk)
            actions.do_revoke_membership(old, actor=request.user, reason=str(_("Edited in the admin")))
            obj.pk = None
        created = actions.do_grant_membership(obj.user, obj.unit, obj.role, actor=request.user)
        obj.pk = created.pk

    def delete_model(self, request, obj):
        actions.do_revoke_membership(obj, actor=request.user, reason=str(_("Deleted in the admin")))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
