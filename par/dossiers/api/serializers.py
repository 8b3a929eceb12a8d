"""The serializers of the dossiers API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from rest_framework import serializers

from par.dossiers.models import Dossier, DossierEvent, DossierRollup


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierEvent
        fields = ["sequence", "at", "action", "from_state", "to_state", "step_name", "unit", "actor", "note"]


class DossierSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "version",
            "state",
            "state_label",
            "channel",
            "unit",
            "procedure",
            "applicant_name",
            "submitted_at",
            "received_at",
            "due_date",
            "due_at",
            "legal_due_date",
            "legal_due_at",
            "extended_due_date",
            "due_explanation",
            "current_step",
            "resolved_at",
            "outcome",
            "returned_at",
        ]


class DossierDetailSerializer(DossierSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "events"]


class RollupSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierRollup
        fields = ["unit", "procedure", "day", "channel", *DossierRollup.COUNTS]
