"""/api/v1/inspections and /api/v1/inspection-findings: read-only, scoped to the caller's units."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from par.inspections.access import visible_inspections
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


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections planned by or held at the caller's units."""

    serializer_class = InspectionSerializer

    def get_queryset(self):
        return visible_inspections(self.request.user).select_related("plan").order_by("scheduled_on", "pk")


class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    """Findings of the inspections the caller sees, with closure dates."""

    serializer_class = FindingSerializer

    def get_queryset(self):
        return Finding.objects.filter(inspection__in=visible_inspections(self.request.user)).order_by("pk")


def register(router) -> None:
    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("inspection-findings", FindingViewSet, basename="inspection-finding")
