"""One FilterSet per model, shared by the UI lists and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from par.orgunits.models import AdminLevel, Unit, UnitKind


class UnitFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)
    level = django_filters.ChoiceFilter(label=_("Level"), choices=AdminLevel.choices)
    as_of = django_filters.DateFilter(label=_("Valid on"), method="filter_as_of")
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = Unit
        fields = ["kind", "level", "parent"]

    def filter_as_of(self, queryset, name, value):
        return queryset.as_of(value)

    def filter_q(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__iexact=value)
