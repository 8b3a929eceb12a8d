"""One FilterSet for procedures, shared by the catalogue page and the API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from par.catalog.models import PROCEDURE_LEVELS, Field, OnlineLevel, Procedure


class ProcedureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    field = django_filters.ModelChoiceFilter(
        label=_("Field"),
        queryset=Field.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All fields"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=PROCEDURE_LEVELS, method="filter_level", empty_label=_("All levels")
    )
    online_level = django_filters.ChoiceFilter(
        label=_("Online service level"),
        choices=OnlineLevel.choices,
        method="filter_online_level",
        empty_label=_("All"),
    )
    on = django_filters.DateFilter(
        label=_("In force on"),
        method="filter_on",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_(
            "The version shown and the online level are those in force on this date (default: today)."
        ),
    )

    class Meta:
        model = Procedure
        fields = ["q", "field", "level", "online_level", "on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, f in self.form.fields.items():
            f.widget.attrs.setdefault("class", "form-control" if name in ("q", "on") else "form-select")
        self.form.fields["on"].widget.attrs.setdefault("placeholder", "dd/mm/yyyy")

    @property
    def day(self):
        """The date the list is read on: the `on` filter when valid, else today in Vietnam."""
        data = getattr(self.form, "cleaned_data", None) or {}
        return data.get("on") or timezone.localdate()

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_level(self, queryset, name, value):
        return queryset.for_level(value)

    def filter_online_level(self, queryset, name, value):
        return queryset.with_online_level(value, self.day)

    def filter_on(self, queryset, name, value):
        return queryset  # read by `day`; the date changes which version is shown, not which procedures
