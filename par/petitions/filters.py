"""The petitions list's filter: by text, kind, state, responsible unit and whether the answer is overdue."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from par.accounts.access import visible_units
from par.orgunits.models import Unit
from par.petitions.models import OPEN_STATES, Petition, PetitionKind, PetitionState

SELECT = {"class": "form-select form-select-sm"}
INPUT = {"class": "form-control form-control-sm"}
ALL = _("All")


def _units(request):
    return visible_units(request.user).order_by("path") if request is not None else Unit.objects.none()


def overdue_q(today) -> Q:
    """An open petition whose answer was due before `today`."""
    return Q(state__in=list(OPEN_STATES), due_date__lt=today)


class YesNo(BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", ALL), ("true", _("Yes")), ("false", _("No"))]


class PetitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Code, subject or sender"), method="filter_q", widget=forms.TextInput(attrs=INPUT)
    )
    kind = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("About"), choices=PetitionKind.choices, widget=forms.Select(attrs=SELECT)
    )
    state = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("State"), choices=PetitionState.choices, widget=forms.Select(attrs=SELECT)
    )
    unit = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Responsible unit"), queryset=_units, widget=forms.Select(attrs=SELECT)
    )
    overdue = django_filters.BooleanFilter(
        label=_("Answer overdue"),
        method="filter_overdue",
        widget=YesNo(attrs=SELECT),
    )

    class Meta:
        model = Petition
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(code__icontains=value) | Q(subject__icontains=value) | Q(name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
