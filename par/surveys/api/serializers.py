"""The serializers of the surveys API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from rest_framework import serializers

from par.surveys.models import Question, Questionnaire, Section


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "text", "kind", "required", "order"]


class SectionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "title", "aspect", "order", "questions"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "owner", "code", "number", "title", "state", "scale", "satisfied_from", "sections"]


class AspectIndexSerializer(serializers.Serializer):
    aspect = serializers.CharField()
    satisfied = serializers.IntegerField()
    answered = serializers.IntegerField()
    index = serializers.CharField(
        allow_null=True, help_text="A decimal number as text; null without answers."
    )


class UnitIndexSerializer(serializers.Serializer):
    unit = serializers.IntegerField(allow_null=True)
    index = serializers.CharField(allow_null=True)
    aspects = AspectIndexSerializer(many=True)


class ProcedureIndexSerializer(serializers.Serializer):
    procedure = serializers.IntegerField(allow_null=True)
    index = serializers.CharField(allow_null=True)


class IndicesSerializer(serializers.Serializer):
    """The satisfaction indices of a questionnaire's counted responses, overall, by aspect, unit and procedure."""

    responses = serializers.IntegerField(help_text="Responses in the index.")
    flagged = serializers.IntegerField(help_text="Kiosk bursts awaiting the council, left out.")
    rejected = serializers.IntegerField(help_text="Responses the council rejected, left out.")
    index = serializers.CharField(allow_null=True)
    aspects = AspectIndexSerializer(many=True)
    units = UnitIndexSerializer(many=True)
    procedures = ProcedureIndexSerializer(many=True)
