"""The serializers of the reporting API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from rest_framework import serializers

from par.reporting.models import DataValue, PeriodDeadline, ReportingPeriod


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeriodDeadline
        fields = ["level", "due_date"]


class PeriodSerializer(serializers.ModelSerializer):
    deadlines = DeadlineSerializer(many=True, read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "province",
            "template",
            "kind",
            "year",
            "quarter",
            "name",
            "start",
            "cutoff",
            "due_date",
            "legal_basis",
            "deadlines",
        ]


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    period = serializers.IntegerField(source="period_id")
    template = serializers.IntegerField(source="template_id")
    state = serializers.CharField()
    version = serializers.IntegerField()
    first_submitted_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField()


class ValueSerializer(serializers.ModelSerializer):
    element_code = serializers.CharField(source="element.code", read_only=True)
    appendix = serializers.IntegerField(source="element.table.number", read_only=True)

    class Meta:
        model = DataValue
        fields = [
            "id",
            "report",
            "element",
            "element_code",
            "appendix",
            "column",
            "number",
            "rank_of",
            "text",
            "source",
            "auto_number",
            "auto_formula",
            "author",
            "reason",
            "updated_at",
        ]


class CreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    period = serializers.IntegerField()


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CellSerializer(serializers.Serializer):
    element = serializers.IntegerField()
    column = serializers.CharField()
    number = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    # A rank "6/63" is number 6 with rank_of 63 (rows whose value type is "rank").
    rank_of = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ValuesSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    appendix = serializers.IntegerField()
    cells = CellSerializer(many=True)
