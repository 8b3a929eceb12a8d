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
