"""This app's endpoints under /api/v1/ (see par.api.urls): /api/v1/petitions/ for signed-in staff.

Errors through par.core.http.api_exception_handler, as in every API (decision 0106): out of scope is 404, a
visible petition the caller may not change is 403, a refused rule is 400 with its message, a stale `version` is
409 with {"detail", "code": "conflict"}. Public submission is the HTML form.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.accounts.access import access_unit
from par.petitions.access import access_petition, visible_petitions
from par.petitions.actions import (
    MAX_TIME_LIMIT,
    do_answer_petition,
    do_correct_publication,
    do_publish_petition,
    do_route_petition,
)
from par.petitions.models import Petition, PetitionPublication


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


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class PetitionViewSet(viewsets.ReadOnlyModelViewSet):
    """Petitions of the units the caller may see; POST …/route/, …/answer/, …/publish/, …/correct/ act on one."""

    serializer_class = PetitionSerializer

    def get_queryset(self):
        rows = (
            visible_petitions(self.request.user)
            .select_related("unit")
            .prefetch_related("publications")
            .order_by("-received_at")
        )
        state = self.request.query_params.get("state")
        return rows.filter(state=state) if state else rows

    def _respond(self, petition):
        return Response(PetitionSerializer(petition).data)

    @extend_schema(request=RouteSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request, pk=None):
        petition = access_petition(request.user, pk)
        data = _valid(RouteSerializer, request)
        unit = access_unit(request.user, data["unit"])
        done = do_route_petition(
            petition,
            unit=unit,
            time_limit_days=data["time_limit_days"],
            note=data["note"],
            expected_version=data["version"],
            actor=request.user,
        )
        return self._respond(done)

    @extend_schema(request=AnswerSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        petition = access_petition(request.user, pk)
        data = _valid(AnswerSerializer, request)
        done = do_answer_petition(
            petition, answer=data["answer"], expected_version=data["version"], actor=request.user
        )
        return self._respond(done)

    @extend_schema(request=PublishSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        petition = access_petition(request.user, pk)
        data = _valid(PublishSerializer, request)
        done = do_publish_petition(
            petition,
            public_question=data["public_question"],
            public_answer=data["public_answer"],
            expected_version=data["version"],
            actor=request.user,
        )
        return self._respond(done)

    @extend_schema(request=CorrectSerializer, responses=PetitionSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Correct the published answer: a new publication replaces the one on the page, which is kept."""
        petition = access_petition(request.user, pk)
        data = _valid(CorrectSerializer, request)
        done = do_correct_publication(
            petition,
            public_question=data["public_question"],
            public_answer=data["public_answer"],
            reason=data["reason"],
            expected_version=data["version"],
            actor=request.user,
        )
        return self._respond(done)


def register(router) -> None:
    router.register("petitions", PetitionViewSet, basename="petition")
