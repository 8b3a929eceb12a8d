"""Admin: API tokens are read here, never edited; they are issued and revoked on the API token page.

knox registers its own `AuthToken` admin (digests, and an add form that bypasses the audited action); it is
removed so that the admin shows no credential at all.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from par.apitokens import actions
from par.apitokens.models import ApiToken

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


FIELDS = (
    "name",
    "user",
    "prefix",
    "access",
    "units",
    "created_at",
    "created_by",
    "expires_at",
    "last_used_at",
    "revoked_at",
    "revoked_by",
)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "access", "expires_at", "last_used_at", "status_label"]
    list_filter = ["access"]
    search_fields = ["name", "prefix", "user__username", "user__full_name"]
    fields = FIELDS
    readonly_fields = FIELDS
    actions = ["revoke"]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        done = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                actions.do_revoke_api_token(token, actor=request.user, reason=str(_("Revoked in the admin")))
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d tokens revoked.") % {"n": done}, messages.SUCCESS)
