"""What the inspection pages post. Lenient: the actions check the rules and explain a missing value."""

from __future__ import annotations

from django import forms

from par.core.forms import OptionalDate, OptionalInteger, Text


class PlanForm(forms.Form):
    """A unit's inspection plan for a year (the current year when none is given)."""

    unit = OptionalInteger()
    year = OptionalInteger()
    title = Text()
    decision_number = Text()
    decision_date = OptionalDate()


class ScheduleForm(forms.Form):
    """An inspection of a unit below the plan's, on a day."""

    inspected_unit = OptionalInteger()
    scheduled_on = OptionalDate()


class InspectionStepForm(forms.Form):
    """One step on an inspection's page: record it, add a finding, follow a finding up or close it."""

    step = Text()
    version = OptionalInteger()
    held_on = OptionalDate()
    conclusion = Text()
    area = Text()
    text = Text()
    due_on = OptionalDate()
    finding = OptionalInteger()
    closed_on = OptionalDate()
    note = Text()
