"""The serializers of the reporting API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from par.reporting.models import Column, DataValue, PeriodDeadline, ReportingPeriod, ReportState


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
    state = serializers.ChoiceField(choices=ReportState.choices)
    version = serializers.IntegerField()
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


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


class ReportTransitionSerializer(serializers.Serializer):
    """A transition of the report as the caller read it: a stale `version` is a 409."""

    version = serializers.IntegerField(help_text="The report's version as read; 409 if it changed since.")
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why the report is returned (return/)."
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why the report is reopened (reopen/)."
    )


class CellSerializer(serializers.Serializer):
    element = serializers.IntegerField(help_text="The id of the appendix row.")
    column = serializers.ChoiceField(choices=Column.choices)
    number = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    # A rank "6/63" is number 6 with rank_of 63 (rows whose value type is "rank").
    rank_of = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ValuesSerializer(serializers.Serializer):
    """The values of one appendix (table) of the report, all saved or none."""

    version = serializers.IntegerField(help_text="The report's version as read; 409 if it changed since.")
    appendix = serializers.IntegerField(help_text="The number of the appendix (table) the cells belong to.")
    cells = CellSerializer(many=True)


class StatusQuerySerializer(serializers.Serializer):
    unit = serializers.IntegerField(
        min_value=1, help_text="The unit whose completeness is asked: it and the units under it."
    )


class ReportQuerySerializer(serializers.Serializer):
    period = serializers.IntegerField(
        min_value=1, required=False, help_text="Only the reports of this period."
    )


class StatusRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    name = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    ended = serializers.BooleanField(help_text="The unit was merged or closed during the period.")
    state = serializers.ChoiceField(choices=ReportState.choices, allow_null=True)
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    on_time = serializers.BooleanField(allow_null=True, help_text="Null while not submitted.")


class PeriodStatusSerializer(serializers.Serializer):
    """The completeness of a period for a unit and the units under it."""

    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    missing = serializers.IntegerField()
    units = StatusRowSerializer(many=True)


# Examples for the documentation page (/api/v1/docs/): submitting the values of one appendix.
VALUES_EXAMPLE = OpenApiExample(
    "Save two cells of appendix 1",
    request_only=True,
    value={
        "version": 3,
        "appendix": 1,
        "cells": [
            {"element": 41, "column": "total", "number": "12.00"},
            {
                "element": 42,
                "column": "total",
                "number": "6",
                "rank_of": 63,
                "reason": "Theo Quyết định 15/QĐ-BNV",
            },
        ],
    },
)
VALUES_ANSWER_EXAMPLE = OpenApiExample(
    "The report's values after saving",
    response_only=True,
    value=[
        {
            "id": 901,
            "report": 17,
            "element": 41,
            "element_code": "1.1",
            "appendix": 1,
            "column": "total",
            "number": "12.00",
            "rank_of": None,
            "text": "",
            "source": "manual",
            "auto_number": None,
            "auto_formula": "",
            "author": 5,
            "reason": "",
            "updated_at": "2026-03-12T08:30:00+07:00",
        }
    ],
)
