"""The serializers of the dossiers API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from par.dossiers.models import Dossier, DossierEvent, DossierRollup, DossierState, ReturnMethod


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


class ActionSerializer(serializers.Serializer):
    """The body of a transition (the API face of `par.dossiers.forms.ActionForm`): `version` always, the other
    fields as the action needs them."""

    version = serializers.IntegerField(help_text="The dossier's version as read; 409 if it changed since.")
    note = serializers.CharField(required=False, allow_blank=True, help_text="Note or reason.")
    assignee = serializers.IntegerField(required=False, allow_null=True, help_text="assign: the officer.")
    unit = serializers.IntegerField(
        required=False, allow_null=True, help_text="next: the agency of the next step."
    )
    position = serializers.IntegerField(required=False, allow_null=True, help_text="return_step: the step.")
    new_date = serializers.DateField(
        required=False, allow_null=True, help_text="extend: the new appointment date (yyyy-mm-dd)."
    )
    method = serializers.ChoiceField(choices=ReturnMethod.choices, required=False, allow_blank=True)
    number = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="approve: number and symbol."
    )
    documents = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="receive: the documents checked off."
    )
    missing_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="receive: why the dossier is complete without a document."
    )


class DossierQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=DossierState.choices, required=False, help_text="Only this state."
    )


class RollupQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="First day (yyyy-mm-dd), included.")
    end = serializers.DateField(required=False, help_text="Last day (yyyy-mm-dd), included.")


STATUS_EXAMPLE = OpenApiExample(
    "A dossier being processed",
    response_only=True,
    value={
        "id": 120,
        "code": "000.00.30.H56-260312-0007",
        "version": 4,
        "state": "in_process",
        "state_label": "Đang giải quyết",
        "channel": "counter",
        "unit": 30,
        "procedure": 15,
        "applicant_name": "Nguyễn Văn An",
        "submitted_at": "2026-03-12T08:05:00+07:00",
        "received_at": "2026-03-12T08:20:00+07:00",
        "due_date": "2026-03-19",
        "due_at": "2026-03-19T17:00:00+07:00",
        "legal_due_date": "2026-03-19",
        "legal_due_at": "2026-03-19T17:00:00+07:00",
        "extended_due_date": None,
        "due_explanation": "5 ngày làm việc kể từ khi tiếp nhận",
        "current_step": 2,
        "resolved_at": None,
        "outcome": "",
        "returned_at": None,
        "events": [
            {
                "sequence": 1,
                "at": "2026-03-12T08:20:00+07:00",
                "action": "assign",
                "from_state": "received",
                "to_state": "in_process",
                "step_name": "Tiếp nhận",
                "unit": 30,
                "actor": 7,
                "note": "",
            }
        ],
    },
)
