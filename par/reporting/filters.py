"""The filters of the report lists: the periods a person sees, and the reports of one period."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from par.reporting.models import PeriodKind, Report, ReportingPeriod, ReportState

SELECT = {"class": "form-select form-select-sm"}
INPUT = {"class": "form-control form-control-sm"}
ALL = _("All")


class PeriodFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), widget=forms.NumberInput(attrs=INPUT))
    kind = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Kind of period"),
        choices=PeriodKind.choices,
        widget=forms.Select(attrs=SELECT),
    )
    q = django_filters.CharFilter(
        label=_("Period or province"), method="filter_q", widget=forms.TextInput(attrs=INPUT)
    )

    class Meta:
        model = ReportingPeriod
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(province__name__icontains=value))


class ReportFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Unit"), method="filter_q", widget=forms.TextInput(attrs=INPUT))
    state = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("State"), choices=ReportState.choices, widget=forms.Select(attrs=SELECT)
    )

    class Meta:
        model = Report
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(unit__name__icontains=value) | Q(unit__short_name__icontains=value))
