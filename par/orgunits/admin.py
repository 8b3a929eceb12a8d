"""Admin for units and their lineage; every write goes through par.orgunits.actions so it is audited.

Units are never deleted (reports, memberships and audit rows point at them): a unit that ends is closed with
a last valid day and its successors, from the "Đóng đơn vị" page.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from par.orgunits import actions
from par.orgunits.models import HistoryUnknown, LineageKind, Unit, UnitLineage
from par.orgunits.querysets import UnitQuerySet, subtree_q

ADMIN_REASON = _("Edited in the admin")


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("current", _("In force")),
            ("closed", _("No longer in force")),
            ("future", _("Not yet in force")),
        ]

    def queryset(self, request, queryset):
        today = dt.date.today()
        if self.value() == "current":
            return queryset.as_of(today)
        if self.value() == "closed":
            return queryset.filter(valid_to__lt=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


class SuccessorLinkInline(admin.TabularInline):
    model = UnitLineage
    fk_name = "old"
    verbose_name = _("successor unit")
    verbose_name_plural = _("successor unit")
    fields = ["new", "kind", "effective_date", "legal_basis"]
    readonly_fields = ["new", "kind", "effective_date", "legal_basis"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PredecessorLinkInline(SuccessorLinkInline):
    fk_name = "new"
    verbose_name = _("predecessor unit")
    verbose_name_plural = _("predecessor unit")
    fields = ["old", "kind", "effective_date", "legal_basis"]
    readonly_fields = ["old", "kind", "effective_date", "legal_basis"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to", "to_confirm"]
    list_filter = ["to_confirm", "kind", "level", ValidityFilter]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth", "close_link"]
    # The form offers exactly what the actions accept, then the derived tree position.
    fields = [*actions.EDITABLE_FIELDS, "path", "depth", "close_link"]
    inlines = [PredecessorLinkInline, SuccessorLinkInline]
    actions = None  # the bulk "delete selected" action would bypass closing

    def changelist_view(self, request, extra_context=None):
        """`?on=dd/mm/yyyy` lists the units in force that day; a province not known that far back says so."""
        day_text = request.GET.get("on")
        if day_text:
            request.GET = request.GET.copy()
            del request.GET["on"]  # not a model field: the admin would refuse it as a lookup
            try:
                day = dt.datetime.strptime(day_text, "%d/%m/%Y").date()
            except ValueError:
                messages.error(request, _("Enter a date as dd/mm/yyyy."))
            else:
                request.units_on = day
                request.units_unknown = list(Unit.objects.filter(depth=0, history_from__gt=day))
                for province in request.units_unknown:
                    messages.warning(request, HistoryUnknown(province, day).message)
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        day = getattr(request, "units_on", None)
        if day is None:
            return queryset
        # Units of a province whose tree is unknown on that day are left out rather than shown wrongly (0147).
        for province in request.units_unknown:
            queryset = queryset.exclude(subtree_q(province.path))
        return cast(UnitQuerySet, queryset).as_of(day)

    @admin.display(description=_("close unit"))
    def close_link(self, obj):
        if obj is None or obj.pk is None or obj.valid_to is not None:
            return "—"
        url = reverse("admin:orgunits_unit_close", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Close unit and record successors"))

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name] for name in actions.EDITABLE_FIELDS if name in form.cleaned_data
        }
        if not change:
            created = actions.do_create_unit(**data, actor=request.user, reason=str(ADMIN_REASON))
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        current = Unit.objects.get(pk=obj.pk)
        changes = {name: data[name] for name in form.changed_data if name in data}
        if changes:
            updated = actions.do_update_unit(
                current, changes=changes, actor=request.user, reason=str(ADMIN_REASON)
            )
            obj.path, obj.depth = updated.path, updated.depth

    def save_formset(self, request, form, formset, change):
        # The lineage inlines are read-only: lineage is written by do_close_unit and the loader only.
        # save(commit=False) writes nothing but sets the attributes the admin's change message reads.
        formset.save(commit=False)

    def has_delete_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        messages.error(
            request,
            _(
                "Units are not deleted: close the unit instead (record its last valid day and its successor "
                "units)."
            ),
        )
        return HttpResponseRedirect(reverse("admin:orgunits_unit_change", args=[object_id]))

    def delete_model(self, request, obj):
        raise PermissionDenied(_("Units are not deleted: close the unit instead."))

    def delete_queryset(self, request, queryset):
        raise PermissionDenied(_("Units are not deleted: close the unit instead."))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/close/",
                self.admin_site.admin_view(self.close_view),
                name="orgunits_unit_close",
            ),
            *super().get_urls(),
        ]

    def close_view(self, request, object_id):
        """Close a unit through do_close_unit: last valid day, successors, kind and reason."""
        unit = get_object_or_404(Unit, pk=object_id)
        if not self.has_change_permission(request, unit):
            raise PermissionDenied
        form = CloseUnitForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            try:
                actions.do_close_unit(
                    unit,
                    form.cleaned_data["valid_to"],
                    successors=form.cleaned_data["successors"],
                    kind=form.cleaned_data["kind"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    legal_basis=form.cleaned_data["legal_basis"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Closed unit %(name)s.") % {"name": unit.name})
                return HttpResponseRedirect(reverse("admin:orgunits_unit_change", args=[unit.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Close unit: %(name)s") % {"name": unit.name},
            "opts": self.opts,
            "original": unit,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/orgunits/unit/close.html", context)


class CloseUnitForm(forms.Form):
    """The fields do_close_unit needs, with an autocomplete for the successors."""

    valid_to = forms.DateField(label=_("Last valid day"), widget=forms.DateInput(attrs={"type": "date"}))
    successors = forms.ModelMultipleChoiceField(
        label=_("Successor units"), queryset=Unit.objects.all(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Type of change"), choices=LineageKind.choices, initial=LineageKind.MERGE
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["successors"])
        field.widget = AutocompleteSelectMultiple(UnitLineage._meta.get_field("new"), admin_site)
        # A widget set after the field was built needs the field's choices (the selected options render).
        field.widget.choices = field.choices


@admin.register(UnitLineage)
class UnitLineageAdmin(admin.ModelAdmin):
    """Read-only: lineage is written by closing a unit (do_close_unit) or by the province loader."""

    list_display = ["old", "new", "kind", "effective_date", "legal_basis"]
    list_filter = ["kind", "effective_date"]
    search_fields = ["old__code", "old__name", "new__code", "new__name"]
    list_select_related = ["old", "new"]
    autocomplete_fields = ["old", "new"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
