"""Forms of the plan pages; they check the input, the actions check the rules and permissions."""

from __future__ import annotations

import json
from typing import cast

from django import forms
from django.db.models import Case, Value, When
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from par import metrics
from par.accounts.access import visible_units
from par.accounts.models import Membership
from par.orgunits.groups import UnitGroup
from par.orgunits.models import Unit, UnitKind
from par.plans.access import PLAN_MANAGERS
from par.plans.actions import TaskInput
from par.plans.models import Assignment, Milestone, PlanState, PlanTask, ReformPlan, UnitRole

# Typed as dd/mm/yyyy (the interface's date format); ISO is accepted for pasted values and date pickers.
DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _date():
    return forms.DateInput(
        format="%d/%m/%Y", attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
    )


def _area(rows: int = 3):
    return forms.Textarea(attrs={"class": "form-control", "rows": rows})


class PlanHeaderForm(forms.Form):
    """The header of a plan as the decision states it."""

    title = forms.CharField(label=_("Title"), max_length=255, widget=_text())
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, required=False, widget=_text(placeholder="5476/QĐ-UBND")
    )
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, input_formats=DATE_INPUTS, widget=_date()
    )
    signer = forms.CharField(label=_("Signed by"), max_length=120, required=False, widget=_text())
    signer_title = forms.CharField(label=_("Signer's title"), max_length=120, required=False, widget=_text())


class PlanCreateForm(PlanHeaderForm):
    """A new plan: the unit it belongs to and its year come first."""

    unit = forms.ModelChoiceField(
        label=_("Issuing unit"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    parent = forms.ModelChoiceField(
        label=_("Implements the plan"),
        help_text=_(
            "The plan of the level above that this unit's plan carries out (e.g. the province's plan)."
        ),
        queryset=ReformPlan.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    field_order = [
        "unit",
        "year",
        "parent",
        "title",
        "decision_number",
        "decision_date",
        "signer",
        "signer_title",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from par.plans.access import visible_plans

        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = (
            visible_plans(user).filter(state=PlanState.ISSUED).select_related("unit").order_by("-year")
        )
        # A plan belongs to a unit where the user may manage plans; the action checks it again.
        own = Membership.objects.filter(user=user, role__in=PLAN_MANAGERS).values("unit")
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = (
            visible_units(user).filter(pk__in=own).order_by("path")
        )


class PlanEditForm(PlanHeaderForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class UnitsByKind(ModelChoiceIterator):
    """Options grouped by kind of unit (departments, wards…), so a province's thousands of units stay findable."""

    def __iter__(self):
        groups: dict[str, list] = {}
        for unit in self.queryset:
            groups.setdefault(str(unit.get_kind_display()), []).append(self.choice(unit))
        yield from groups.items()

    def __len__(self):
        return self.queryset.count()


# The order of the groups in the unit pickers: the province and its departments first, communes last.
KIND_ORDER = Case(
    *[
        When(kind=kind, then=Value(i))
        for i, kind in enumerate(
            [
                UnitKind.PROVINCE,
                UnitKind.DEPARTMENT,
                UnitKind.PUBLIC_SERVICE,
                UnitKind.DISTRICT,
                UnitKind.SPECIAL_ZONE,
            ]
        )
    ],
    default=Value(9),
)


class UnitsField(forms.ModelMultipleChoiceField):
    iterator = UnitsByKind

    def label_from_instance(self, obj):
        return obj.name


class TaskForm(forms.Form):
    """A task row: area, number, text, products, performing units and groups, schedule, note."""

    area = forms.ChoiceField(label=_("Area"), widget=forms.Select(attrs={"class": "form-select"}))
    number = forms.CharField(
        label=_("Number"), max_length=20, required=False, help_text=_("Leave empty to number automatically.")
    )
    text = forms.CharField(label=_("Task"), widget=_area(3))
    products = forms.CharField(
        label=_("Products"), required=False, widget=_area(3), help_text=_("One product per line.")
    )
    lead_units = UnitsField(
        label=_("Lead units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    lead_groups = forms.MultipleChoiceField(
        label=_("Lead groups"),
        choices=UnitGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    coordinating_units = UnitsField(
        label=_("Coordinating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )
    coordinating_groups = forms.MultipleChoiceField(
        label=_("Coordinating groups"),
        choices=UnitGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    schedule_text = forms.CharField(
        label=_("Schedule"),
        required=False,
        widget=_area(2),
        help_text=_("As written in the plan, e.g. “Quý III/2021” or “Thường xuyên trong năm”."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=_area(2))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, plan: ReformPlan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["number"].widget = _text()
        cast(forms.ChoiceField, self.fields["area"]).choices = [(a.code, a.name) for a in plan.areas.all()]
        # Units valid on the plan's date: a task of the 2021 plan names the districts of 2021.
        # The schedule is parsed live under the field as the official types (GET, no state change).
        self.fields["schedule_text"].widget.attrs.update(
            {
                "hx-get": reverse("plans:schedule_preview"),
                "hx-trigger": "input changed delay:400ms, load",
                "hx-target": "#schedule-preview",
                "hx-swap": "outerHTML",
                "hx-vals": json.dumps({"year": plan.year}),
            }
        )
        units = visible_units(user).as_of(plan.reference_date).order_by(KIND_ORDER, "kind", "name")
        cast(forms.ModelMultipleChoiceField, self.fields["lead_units"]).queryset = units
        cast(forms.ModelMultipleChoiceField, self.fields["coordinating_units"]).queryset = units

    @classmethod
    def initial_for(cls, task: PlanTask) -> dict:
        named = Assignment.objects.filter(task=task, via_group="")
        groups = task.unit_groups.all()
        return {
            "area": task.area.code,
            "number": task.number,
            "text": task.text,
            "products": "\n".join(p.name for p in task.products.all()),
            "lead_units": [a.unit_id for a in named if a.role == UnitRole.LEAD],
            "coordinating_units": [a.unit_id for a in named if a.role == UnitRole.COORDINATING],
            "lead_groups": [g.group for g in groups if g.role == UnitRole.LEAD],
            "coordinating_groups": [g.group for g in groups if g.role == UnitRole.COORDINATING],
            "schedule_text": task.schedule_text,
            "note": task.note,
            "version": task.version,
        }

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        both = set(cleaned.get("lead_units") or []) & set(cleaned.get("coordinating_units") or [])
        if both:
            names = ", ".join(sorted(u.name for u in both))
            self.add_error(
                "coordinating_units",
                _("A unit cannot be both lead and coordinating: %(units)s.") % {"units": names},
            )
        return cleaned

    def to_input(self, units_text: str = "") -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            area_code=data["area"],
            number=data["number"].strip(),
            text=data["text"],
            products=[line.strip() for line in data["products"].splitlines() if line.strip()],
            lead_units=list(data["lead_units"]),
            coordinating_units=list(data["coordinating_units"]),
            lead_groups=list(data["lead_groups"]),
            coordinating_groups=list(data["coordinating_groups"]),
            units_text=units_text,
            schedule_text=data["schedule_text"],
            note=data["note"],
        )


class EventDateForm(forms.Form):
    """The day the event of a deadline counted from an event happened; `version` is the task's."""

    event_date = forms.DateField(label=_("Date of the event"), input_formats=DATE_INPUTS, widget=_date())
    version = forms.IntegerField(widget=forms.HiddenInput)


class CancelTaskForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=_area(3))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); the action checks each file's type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class MilestoneChoiceField(forms.ModelChoiceField):
    """A milestone shown by its label and its due date (dd/mm/yyyy) or, undated, its kind."""

    def label_from_instance(self, obj) -> str:
        when = obj.due_date.strftime("%d/%m/%Y") if obj.due_date else str(obj.get_kind_display())
        return f"{obj.label} · {when}" if obj.label else when


class ProgressForm(forms.Form):
    """Progress on one assignment, with its evidence."""

    text = forms.CharField(label=_("Progress"), widget=_area(2))
    percent = forms.IntegerField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    milestone = MilestoneChoiceField(
        label=_("Milestone reached"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    product_reference = forms.CharField(
        label=_("Product reference"),
        max_length=255,
        required=False,
        widget=_text(placeholder=_("e.g. Decision No. 123/QĐ-UBND of 15/06/2021")),
    )
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        input_formats=DATE_INPUTS,
        widget=_date(),
        help_text=_("Fill in only when the unit's share of the task is finished."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, Word, Excel, images or ZIP; several files may be chosen."),
    )

    def __init__(self, *args, assignment: Assignment, **kwargs):
        # One form per row on "my unit's tasks": ids must not collide between rows.
        kwargs.setdefault("auto_id", f"a{assignment.pk}-%s")
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["milestone"]).queryset = assignment.task.milestones.all()


class TargetForm(forms.ModelForm):
    """A quantified target of the plan and, once known, its measured value and source."""

    class Meta:
        from par.plans.models import Target

        model = Target
        fields = [
            "area",
            "text",
            "metric",
            "comparator",
            "target_value",
            "unit_of_measure",
            "baseline",
            "measured_value",
            "measured_on",
            "measured_source",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "measured_on": _date()}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.DateField, self.fields["measured_on"]).input_formats = DATE_INPUTS
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = plan.areas.all()
        self.fields["area"].required = False
        self.fields["metric"] = forms.ChoiceField(
            label=_("Live measure"),
            required=False,
            choices=[("", _("None: the measured value is entered by hand")), *metrics.choices()],
            help_text=_("When set, the plan page shows the value measured from live data since 1 January."),
        )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _post_clean(self):
        # The action validates the model, inside its transaction; the form only checks the fields.
        pass
