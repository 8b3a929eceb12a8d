"""One FilterSet per model, shared by the plan pages and the API.

Statuses are derived, never stored: the assignment status filter applies the same rule in SQL on the
annotated rows (`queries.assignment_status_q`); the task status filter derives each task's status in Python,
which is cheap because a plan has tens of tasks, not thousands.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from par.accounts.access import visible_units
from par.orgunits.models import Unit
from par.plans.access import visible_plans
from par.plans.models import AreaCode, Assignment, PlanState, PlanTask, ProgressUpdate, ReformPlan, UnitRole
from par.plans.queries import (
    annotate_assignments,
    assignment_status_q,
    summarise_tasks,
    tasks_for_display,
)
from par.plans.status import Status

SELECT = {"class": "form-select form-select-sm"}
INPUT = {"class": "form-control form-control-sm"}
ALL = _("All")


def _units(request):
    return visible_units(request.user).order_by("path") if request is not None else Unit.objects.none()


def _plans(request):
    return visible_plans(request.user) if request is not None else ReformPlan.objects.none()


class PlanFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), widget=forms.NumberInput(attrs=INPUT))
    unit = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Issuing unit"), queryset=_units, widget=forms.Select(attrs=SELECT)
    )
    state = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("State"), choices=PlanState.choices, widget=forms.Select(attrs=SELECT)
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", widget=forms.TextInput(attrs=INPUT))

    class Meta:
        model = ReformPlan
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(title__icontains=value) | queryset.filter(decision_number__icontains=value)


class TaskFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Plan"), queryset=_plans, widget=forms.Select(attrs=SELECT)
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="plan__year", widget=forms.NumberInput(attrs=INPUT)
    )
    area = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Area"),
        field_name="area__code",
        choices=AreaCode.choices,
        widget=forms.Select(attrs=SELECT),
    )
    unit = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Unit"),
        field_name="assignments__unit",
        distinct=True,
        queryset=_units,
        widget=forms.Select(attrs=SELECT),
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", widget=forms.TextInput(attrs=INPUT))
    # Last: the status is derived from the rows the other filters left.
    status = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Status"),
        choices=Status.choices,
        method="filter_status",
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = PlanTask
        fields: list[str] = []

    def __init__(self, *args, summaries=None, **kwargs):
        # The plan page has already summarised its tasks; reuse that instead of deriving twice.
        self.summaries = summaries
        super().__init__(*args, **kwargs)

    def filter_q(self, queryset, name, value):
        return queryset.filter(text__icontains=value)

    def filter_status(self, queryset, name, value):
        summaries = self.summaries
        if summaries is None:
            summaries = summarise_tasks(tasks_for_display(queryset), timezone.localdate())
        ids = [pk for pk, s in summaries.items() if s.status == value]
        return queryset.filter(pk__in=ids)


class AssignmentFilter(django_filters.FilterSet):
    plan = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        label=_("Plan"),
        field_name="task__plan",
        queryset=_plans,
        widget=forms.Select(attrs=SELECT),
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="task__plan__year", widget=forms.NumberInput(attrs=INPUT)
    )
    task = django_filters.NumberFilter(label=_("Task"), field_name="task_id", widget=forms.HiddenInput)
    area = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Area"),
        field_name="task__area__code",
        choices=AreaCode.choices,
        widget=forms.Select(attrs=SELECT),
    )
    unit = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Unit"), queryset=_units, widget=forms.Select(attrs=SELECT)
    )
    role = django_filters.ChoiceFilter(
        empty_label=ALL, label=_("Role"), choices=UnitRole.choices, widget=forms.Select(attrs=SELECT)
    )
    status = django_filters.ChoiceFilter(
        empty_label=ALL,
        label=_("Status"),
        choices=Status.choices,
        method="filter_status",
        widget=forms.Select(attrs=SELECT),
    )

    class Meta:
        model = Assignment
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        return annotate_assignments(queryset).filter(assignment_status_q(value, timezone.localdate()))


class ProgressUpdateFilter(django_filters.FilterSet):
    assignment = django_filters.NumberFilter(label=_("Assignment"), field_name="assignment_id")
    task = django_filters.NumberFilter(label=_("Task"), field_name="assignment__task_id")
    plan = django_filters.NumberFilter(label=_("Plan"), field_name="assignment__task__plan_id")
    unit = django_filters.ModelChoiceFilter(
        empty_label=ALL, label=_("Unit"), field_name="assignment__unit", queryset=_units
    )
    reported_from = django_filters.DateFilter(
        label=_("Reported from"), field_name="created_at", lookup_expr="date__gte"
    )
    reported_to = django_filters.DateFilter(
        label=_("Reported until"), field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []
