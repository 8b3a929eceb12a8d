"""The serializers of the inspections API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from rest_framework import serializers

from par.inspections.models import Finding, Inspection


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "inspection", "area", "text", "due_on", "closed_on", "closure_note", "version"]


class InspectionSerializer(serializers.ModelSerializer):
    plan_title = serializers.CharField(source="plan.title", read_only=True)
    inspecting_unit = serializers.IntegerField(source="plan.unit_id", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "plan",
            "plan_title",
            "inspecting_unit",
            "inspected_unit",
            "scheduled_on",
            "held_on",
            "conclusion",
            "version",
        ]
