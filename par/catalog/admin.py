"""Admin for fields and procedures; every save goes through par.catalog.actions so it is checked and audited.

Versions, steps and documents are shown read-only here: they are edited on the catalogue pages, where the
overlap and step-total rules are explained next to the fields. Nothing is deleted: dossiers will refer to
procedures and versions, and a procedure that is abolished gets a last version end date instead.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from par.catalog import actions, routes
from par.catalog.access import can_edit_catalog
from par.catalog.models import Field, InterAgencyRoute, Procedure, ProcedureVersion


class CatalogAdminMixin:
    """Only catalogue editors change anything, whatever Django model permissions say; nobody deletes."""

    def has_add_permission(self, request, *args):
        return can_edit_catalog(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_catalog(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(Field)
class FieldAdmin(CatalogAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    fields = ["code", "name"]
    actions = None

    def save_model(self, request, obj, form, change):
        if not change:
            created = actions.do_create_field(code=obj.code, name=obj.name, actor=request.user)
            obj.pk = created.pk
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if changes:
            actions.do_update_field(Field.objects.get(pk=obj.pk), changes=changes, actor=request.user)


VERSION_COLUMNS = (
    "valid_from",
    "valid_to",
    "legal_days",
    "committed_days",
    "online_level",
    "decision",
    "edit_link",
)


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = VERSION_COLUMNS
    readonly_fields = VERSION_COLUMNS
    extra = 0
    can_delete = False
    ordering = ["-valid_from"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("edit"))
    def edit_link(self, version):
        try:
            url = reverse("catalog:version_edit", args=[version.procedure.code, version.pk])
        except NoReverseMatch:  # the catalogue pages are not mounted in this URL configuration
            return "—"
        return format_html('<a href="{}">{}</a>', url, _("Edit on the catalogue page"))


@admin.register(Procedure)
class ProcedureAdmin(CatalogAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "field", "at_province", "at_commune", "is_published", "is_demo"]
    list_filter = ["field", "at_province", "at_commune", "is_published", "is_demo"]
    search_fields = ["code", "name", "search_text"]
    list_select_related = ["field"]
    fields = [
        "code",
        "name",
        "field",
        "at_province",
        "at_commune",
        "responsible_kind",
        "agency",
        "result",
        "is_published",
        "is_demo",
        "source",
    ]
    inlines = [VersionInline]
    actions = None

    def get_search_results(self, request, queryset, search_term):
        # The folded column makes "khai sinh" find "Đăng ký khai sinh" here as on the catalogue page.
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        if not change:
            created = actions.do_create_procedure(data=data, actor=request.user)
            obj.pk = created.pk
            return
        changes = {name: data[name] for name in form.changed_data if name in data}
        if changes:
            actions.do_update_procedure(Procedure.objects.get(pk=obj.pk), changes=changes, actor=request.user)

    def save_formset(self, request, form, formset, change):
        # The version inline is read-only; save(commit=False) writes nothing but sets what the change
        # message reads.
        formset.save(commit=False)


@admin.register(InterAgencyRoute)
class InterAgencyRouteAdmin(CatalogAdminMixin, admin.ModelAdmin):
    """Routes are added and ended here, through par.catalog.routes (checked and audited)."""

    list_display = ["procedure", "receiving_unit", "agency", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["agency"]
    search_fields = ["procedure__code", "procedure__name", "agency__name", "receiving_unit__name"]
    list_select_related = ["procedure", "receiving_unit", "agency"]
    autocomplete_fields = ["procedure", "receiving_unit", "agency"]
    fields = ["procedure", "receiving_unit", "agency", "valid_from", "valid_to", "legal_basis"]
    actions = None

    def get_readonly_fields(self, request, obj=None):
        # Where a route goes and from when stay as recorded; a changed route is ended and a new one added.
        return ["procedure", "receiving_unit", "agency", "valid_from"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if not change:
            created = routes.do_add_inter_agency_route(
                obj.procedure,
                receiving_unit=obj.receiving_unit,
                agency=obj.agency,
                valid_from=obj.valid_from,
                valid_to=obj.valid_to,
                legal_basis=obj.legal_basis,
                actor=request.user,
            )
            obj.pk = created.pk
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in routes.CHANGEABLE}
        if changes:
            routes.do_update_inter_agency_route(
                InterAgencyRoute.objects.get(pk=obj.pk), changes=changes, actor=request.user
            )
