"""The viewsets of the scoring API: serializers in `serializers.py`, routes announced in `__init__.py`."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.core.params import read_query
from par.scoring import actions
from par.scoring.access import access_assessment, visible_assessments, visible_frameworks, visible_rows
from par.scoring.actions import applicability as na
from par.scoring.api.serializers import (
    RESULTS_EXAMPLE,
    ApplicabilitySerializer,
    AssessmentApproveSerializer,
    AssessmentSerializer,
    AssessmentStepSerializer,
    FrameworkSerializer,
    NotApplicableSerializer,
    PointsSerializer,
    PublicationQuerySerializer,
    PublishResultsSerializer,
    RankingPublicationSerializer,
    ResultRowSerializer,
    ScoreQuerySerializer,
    ScoreSerializer,
)
from par.scoring.models import (
    Criterion,
    PublishedResult,
    RankingPublication,
    Score,
)
from par.scoring.ranking import draft_ranking, ranking_version


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Index frameworks with their criteria tree and thresholds; …/results/ gives totals, ranks and deltas."""

    serializer_class = FrameworkSerializer

    def get_queryset(self):
        return (
            visible_frameworks(self.request.user)
            .prefetch_related("criteria", "bands")
            .order_by("-year", "pk")
        )

    @extend_schema(
        responses=OpenApiResponse(
            ResultRowSerializer(many=True),
            description="The ranking; its ETag header is the `ranking_version` to send to publish/.",
            examples=[RESULTS_EXAMPLE],
        )
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def results(self, request, pk=None):
        """The ranking as the next decision would publish it; its ETag is the `ranking_version` to publish."""
        framework = self.get_object()
        rows = visible_rows(request.user, framework, draft_ranking(framework, with_areas=False))
        return Response(
            [
                {
                    "assessment": r.assessment_id,
                    "unit": r.unit_id,
                    "unit_name": r.unit_name,
                    "state": r.state,
                    "status": r.status,
                    "total": str(r.total),
                    "applicable_max": str(r.applicable_max),
                    "percent": str(r.percent) if r.is_ranked else None,
                    "rank": r.rank,
                    "classification": r.classification,
                    "exclusion_reason": r.reason,
                    "previous_percent": None if r.previous_percent is None else str(r.previous_percent),
                    "delta": None if r.delta is None else str(r.delta),
                }
                for r in rows
            ],
            headers={"ETag": f'"{ranking_version(framework)}"'},
        )

    @extend_schema(request=PublishResultsSerializer, responses={201: RankingPublicationSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish by decision (or correct the decision in force); `ranking_version` is required (409 if stale)."""
        framework = self.get_object()
        data = PublishResultsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        corrects = None
        if d["corrects"] is not None:
            corrects = RankingPublication.objects.filter(framework=framework, pk=d["corrects"]).first()
            if corrects is None:
                raise DjangoValidationError(_("The decision to correct is not one of these results."))
        publication = actions.do_publish_results(
            framework,
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            signer_name=d["signer_name"],
            signer_title=d["signer_title"],
            corrects=corrects,
            correction_reason=d["correction_reason"],
            expected_ranking=d["ranking_version"],
            actor=request.user,
        )
        return Response(RankingPublicationSerializer(publication).data, status=status.HTTP_201_CREATED)


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Assessments the caller may see; POST …/self-score/, …/appraise/, …/submit/, …/approve/, …/reopen/."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        return visible_assessments(self.request.user).order_by("framework", "unit__path")

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

    @extend_schema(request=PointsSerializer, responses=ScoreSerializer)
    @action(detail=True, methods=["post"], url_path="self-score")
    def self_score(self, request, pk=None):
        return self._points(request, pk, actions.do_self_score)

    @extend_schema(request=PointsSerializer, responses=ScoreSerializer)
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

    @extend_schema(request=NotApplicableSerializer, responses=ScoreSerializer)
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

    @extend_schema(request=ApplicabilitySerializer, responses=ScoreSerializer)
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
        data = AssessmentStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if fn is actions.do_approve_assessment and data.validated_data["version"] is None:
            # An approval is of the figures the caller read: their version is required.
            raise serializers.ValidationError({"version": [_("The version of the figures you approve.")]})
        if fn is actions.do_reopen_assessment:
            kwargs["reason"] = data.validated_data["reason"]
        elif fn is not actions.do_refresh_measured:
            kwargs["expected_version"] = data.validated_data["version"]
        done = fn(assessment, actor=request.user, **kwargs)
        return Response(AssessmentSerializer(done).data)

    @extend_schema(request=AssessmentStepSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, pk, actions.do_submit_assessment)

    @extend_schema(request=AssessmentApproveSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._step(request, pk, actions.do_approve_assessment)

    @extend_schema(request=AssessmentStepSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._step(request, pk, actions.do_reopen_assessment)

    @extend_schema(request=AssessmentStepSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        return self._step(request, pk, actions.do_refresh_measured)


class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Scores of the assessments the caller may see (?assessment=ID)."""

    serializer_class = ScoreSerializer

    def get_queryset(self):
        qs = Score.objects.filter(assessment__in=visible_assessments(self.request.user)).select_related(
            "criterion"
        )
        if self.action == "list" and (
            assessment := read_query(ScoreQuerySerializer, self.request).get("assessment")
        ):
            qs = qs.filter(assessment_id=assessment)
        return qs.order_by("assessment", "criterion__order")

    @extend_schema(parameters=[ScoreQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Published ranking decisions of the frameworks the caller may read (?framework=ID), with their rows as
    published; they never change (a correction is a new decision naming the one it corrects)."""

    serializer_class = RankingPublicationSerializer

    def get_queryset(self):
        qs = RankingPublication.objects.filter(
            framework__in=visible_frameworks(self.request.user)
        ).prefetch_related(Prefetch("results", queryset=PublishedResult.objects.order_by("order")))
        if self.action == "list" and (
            framework := read_query(PublicationQuerySerializer, self.request).get("framework")
        ):
            qs = qs.filter(framework_id=framework)
        return qs.order_by("framework", "created_at", "pk")

    @extend_schema(parameters=[PublicationQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
