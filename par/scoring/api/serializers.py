"""The serializers of the scoring API (viewsets in `views.py`, routes announced in `__init__.py`)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from par.scoring.models import (
    Assessment,
    AssessmentState,
    ClassificationBand,
    Criterion,
    IndexFramework,
    PublishedResult,
    RankingPublication,
    ResultStatus,
    Score,
)


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = [
            "id",
            "parent",
            "code",
            "title",
            "depth",
            "max_points",
            "is_leaf",
            "method",
            "metric_code",
            "rule",
            "thresholds",
            "evidence_rule",
            "evidence_required",
            "guidance",
        ]


class BandSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClassificationBand
        fields = ["label", "min_percent"]


class FrameworkSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    bands = BandSerializer(many=True, read_only=True)

    class Meta:
        model = IndexFramework
        fields = [
            "id",
            "code",
            "name",
            "year",
            "assessed_kind",
            "owner",
            "legal_basis",
            "max_total",
            "self_deadline",
            "editable",
            "no_survey_rule",
            "version",
            "bands",
            "criteria",
        ]


class ScoreSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code", read_only=True)
    delta = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Score
        fields = [
            "id",
            "assessment",
            "criterion",
            "code",
            "self_points",
            "self_note",
            "appraised_points",
            "appraisal_reason",
            "delta",
            "measured_value",
            "measured_points",
            "measured_formula",
            "final_points",
            "not_applicable",
            "na_claimed",
            "na_reason",
            "na_decision",
            "na_decision_reason",
            "version",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "framework",
            "unit",
            "state",
            "deadline",
            "submitted_at",
            "approved_at",
            "published_at",
            "total",
            "applicable_max",
            "version",
        ]


class PointsSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    points = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class NotApplicableSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    withdraw = serializers.BooleanField(required=False, default=False)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ApplicabilitySerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=["confirm", "overrule"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    points = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class AssessmentStepSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentApproveSerializer(AssessmentStepSerializer):
    version = serializers.IntegerField(
        help_text="The version of the figures approved; 409 if they changed since."
    )


class PublishedResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublishedResult
        fields = [
            "order",
            "unit",
            "unit_name",
            "assessment",
            "status",
            "total",
            "applicable_max",
            "percent",
            "rank",
            "classification",
            "previous_percent",
            "area_points",
            "not_applicable",
            "reason",
        ]


class RankingPublicationSerializer(serializers.ModelSerializer):
    results = PublishedResultSerializer(many=True, read_only=True)

    class Meta:
        model = RankingPublication
        fields = [
            "id",
            "framework",
            "framework_version",
            "decision_number",
            "decision_date",
            "signer_name",
            "signer_title",
            "max_total",
            "bands",
            "scope_size",
            "corrects",
            "correction_reason",
            "created_at",
            "results",
        ]


class PublishResultsSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    signer_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    signer_title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    corrects = serializers.IntegerField(required=False, allow_null=True, default=None)
    correction_reason = serializers.CharField(required=False, allow_blank=True, default="")
    ranking_version = serializers.CharField(max_length=64)


class ResultRowSerializer(serializers.Serializer):
    """One unit's line of the ranking as the next decision would publish it."""

    assessment = serializers.IntegerField()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    state = serializers.ChoiceField(choices=AssessmentState.choices)
    status = serializers.ChoiceField(choices=ResultStatus.choices)
    total = serializers.CharField(help_text="A decimal number as text.")
    applicable_max = serializers.CharField(help_text="A decimal number as text.")
    percent = serializers.CharField(
        allow_null=True, help_text="A decimal number as text; null when not ranked."
    )
    rank = serializers.IntegerField(allow_null=True)
    classification = serializers.CharField(allow_blank=True)
    exclusion_reason = serializers.CharField(allow_blank=True)
    previous_percent = serializers.CharField(allow_null=True, help_text="A decimal number as text.")
    delta = serializers.CharField(
        allow_null=True, help_text="The change against the previous percent, as text; null when not ranked."
    )


class ScoreQuerySerializer(serializers.Serializer):
    assessment = serializers.IntegerField(
        min_value=1, required=False, help_text="Only this assessment's scores."
    )


class PublicationQuerySerializer(serializers.Serializer):
    framework = serializers.IntegerField(
        min_value=1, required=False, help_text="Only this framework's decisions."
    )


RESULTS_EXAMPLE = OpenApiExample(
    "Two units' results",
    response_only=True,
    value=[
        {
            "assessment": 31,
            "unit": 12,
            "unit_name": "Sở Tư pháp",
            "state": "approved",
            "status": "ranked",
            "total": "87.50",
            "applicable_max": "100.00",
            "percent": "87.50",
            "rank": 1,
            "classification": "Tốt",
            "exclusion_reason": "",
            "previous_percent": "84.00",
            "delta": "3.50",
        },
        {
            "assessment": 32,
            "unit": 30,
            "unit_name": "Phường Bỉm Sơn",
            "state": "self_assessment",
            "status": "not_assessed",
            "total": "40.00",
            "applicable_max": "95.00",
            "percent": None,
            "rank": None,
            "classification": "",
            "exclusion_reason": "Chưa được thẩm định",
            "previous_percent": None,
            "delta": None,
        },
    ],
)
