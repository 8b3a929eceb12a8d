"""The viewsets of the inspections API: serializers in `serializers.py`, routes announced in `__init__.py`."""

from __future__ import annotations

from rest_framework import viewsets

from par.inspections.access import visible_inspections
from par.inspections.api.serializers import FindingSerializer, InspectionSerializer
from par.inspections.models import Finding


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
