"""The serializers of the petitions API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from rest_framework import serializers

from par.petitions.actions import (
    MAX_TIME_LIMIT,
)
from par.petitions.models import Petition, PetitionPublication, PetitionState


class PublicationSerializer(serializers.ModelSerializer):
    """One publication of the answer, as it was shown on the public page."""

    class Meta:
        model = PetitionPublication
        fields = ["number", "question", "answer", "answered_at", "published_at", "corrects", "withdrawn_at"]
        read_only_fields = fields


class PetitionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id", "code", "kind", "state", "unit", "unit_name", "name", "contact", "address", "subject",
            "content", "dossier_code", "received_at", "routed_at", "time_limit_days", "due_date",
            "due_explanation", "answer", "answered_at", "answered_on_time", "published_at", "publications",
            "reopen_count", "version",
        ]  # fmt: skip
        read_only_fields = fields


class RouteSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    unit = serializers.IntegerField()
    time_limit_days = serializers.IntegerField(min_value=1, max_value=MAX_TIME_LIMIT)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class AnswerSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    answer = serializers.CharField()


class PublishSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    public_question = serializers.CharField(help_text="The question rewritten without personal data.")
    public_answer = serializers.CharField(
        help_text="The answer as it will be published, without personal data."
    )


class CorrectSerializer(PublishSerializer):
    reason = serializers.CharField(help_text="Why the published answer is corrected (kept, not published).")


class PetitionQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=PetitionState.choices, required=False, help_text="Only this state."
    )
