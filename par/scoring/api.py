"""/api/v1/index-frameworks, index-assessments, index-scores: scoped reads, writes through the actions.

An object outside the caller's scope is 404, like a missing one; a visible object the caller may not change is
403; a rule the action refuses is 400 with its message; a stale `version` is 409.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from par.core.exceptions import ConflictError
from par.core.params import whole_number
from par.scoring import actions
from par.scoring import actions_applicability as na
from par.scoring.access import access_assessment, assessments_for, frameworks_for, visible_rows
from par.scoring.models import Assessment, ClassificationBand, Criterion, IndexFramework, Score
from par.scoring.results import compute_results


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ActionErrors:
    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, ConflictError):
            exc = Conflict(exc.message)
        return super().handle_exception(exc)


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
            "published_at",
            "decision_number",
            "decision_date",
            "no_survey_rule",
            "version",
            "bands",
            "criteria",
        ]


class ScoreSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code", read_only=True)
    delta = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)

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
            "published_total",
            "published_percent",
            "published_rank",
            "published_classification",
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


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class FrameworkViewSet(ActionErrors, viewsets.ReadOnlyModelViewSet):
    """Index frameworks with their criteria tree and thresholds; …/results/ gives totals, ranks and deltas."""

    serializer_class = FrameworkSerializer

    def get_queryset(self):
        return frameworks_for(self.request.user).prefetch_related("criteria", "bands").order_by("-year", "pk")

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        framework = self.get_object()
        rows = visible_rows(request.user, framework, compute_results(framework))
        return Response(
            [
                {
                    "assessment": r.assessment_id,
                    "unit": r.unit_id,
                    "unit_name": r.unit_name,
                    "state": r.state,
                    "total": str(r.total),
                    "applicable_max": str(r.applicable_max),
                    "percent": str(r.percent),
                    "rank": r.rank,
                    "classification": r.classification,
                    "previous_percent": None if r.previous_percent is None else str(r.previous_percent),
                    "delta": None if r.delta is None else str(r.delta),
                }
                for r in rows
            ]
        )


class AssessmentViewSet(ActionErrors, viewsets.ReadOnlyModelViewSet):
    """Assessments the caller may see; POST …/self-score/, …/appraise/, …/submit/, …/approve/, …/reopen/."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        return assessments_for(self.request.user).order_by("framework", "unit__path")

    def _points(self, request, pk, fn, **extra):
        assessment = access_assessment(request.user, pk)
        data = PointsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        criterion = Criterion.objects.filter(pk=d["criterion"], framework_id=assessment.framework_id).first()
        if criterion is None:
            raise DjangoValidationError("criterion")
        kwargs = {"note": d["note"]} if fn is actions.do_self_score else {"reason": d["reason"]}
        score = fn(
            assessment,
            criterion,
            points=d["points"],
            expected_version=d["version"],
            actor=request.user,
            **kwargs,
        )
        return Response(ScoreSerializer(score).data)

    @action(detail=True, methods=["post"], url_path="self-score")
    def self_score(self, request, pk=None):
        return self._points(request, pk, actions.do_self_score)

    @action(detail=True, methods=["post"])
    def appraise(self, request, pk=None):
        return self._points(request, pk, actions.do_appraise_score)

    def _criterion(self, assessment, criterion_id) -> Criterion:
        criterion = Criterion.objects.filter(
            pk=criterion_id, framework_id=assessment.framework_id, is_leaf=True
        ).first()
        if criterion is None:
            raise DjangoValidationError("criterion")
        return criterion

    @action(detail=True, methods=["post"], url_path="not-applicable")
    def not_applicable(self, request, pk=None):
        """The unit marks a criterion not applicable with a reason, or takes the mark back (withdraw=true)."""
        assessment = access_assessment(request.user, pk)
        data = NotApplicableSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        criterion = self._criterion(assessment, d["criterion"])
        if d["withdraw"]:
            score = na.do_withdraw_not_applicable(
                assessment, criterion, expected_version=d["version"], actor=request.user
            )
        else:
            score = na.do_mark_not_applicable(
                assessment, criterion, reason=d["reason"], expected_version=d["version"], actor=request.user
            )
        return Response(ScoreSerializer(score).data)

    @action(detail=True, methods=["post"])
    def applicability(self, request, pk=None):
        """The appraisal council confirms or overrules a unit's "not applicable" mark."""
        assessment = access_assessment(request.user, pk)
        data = ApplicabilitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        score = na.do_decide_not_applicable(
            assessment,
            self._criterion(assessment, d["criterion"]),
            confirm=d["decision"] == "confirm",
            reason=d["reason"],
            points=d["points"] or None,
            expected_version=d["version"],
            actor=request.user,
        )
        return Response(ScoreSerializer(score).data)

    def _step(self, request, pk, fn, **kwargs):
        assessment = access_assessment(request.user, pk)
        data = StepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if fn is actions.do_reopen_assessment:
            kwargs["reason"] = data.validated_data["reason"]
        elif fn is not actions.do_refresh_measured:
            kwargs["expected_version"] = data.validated_data["version"]
        done = fn(assessment, actor=request.user, **kwargs)
        return Response(AssessmentSerializer(done).data)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, pk, actions.do_submit_assessment)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, actions.do_approve_assessment)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._step(request, pk, actions.do_reopen_assessment)

    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        return self._step(request, pk, actions.do_refresh_measured)


class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Scores of the assessments the caller may see (?assessment=ID)."""

    serializer_class = ScoreSerializer

    def get_queryset(self):
        qs = Score.objects.filter(assessment__in=assessments_for(self.request.user)).select_related(
            "criterion"
        )
        assessment = whole_number(self.request.query_params.get("assessment"))
        if assessment is not None:
            qs = qs.filter(assessment_id=assessment)
        return qs.order_by("assessment", "criterion__order")


def register(router) -> None:
    router.register("index-frameworks", FrameworkViewSet, basename="index-framework")
    router.register("index-assessments", AssessmentViewSet, basename="index-assessment")
    router.register("index-scores", ScoreViewSet, basename="index-score")
