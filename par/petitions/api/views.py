"""The viewsets of the petitions API: serializers in `serializers.py`, routes announced in `__init__.py`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.accounts.access import access_unit
from par.core.params import read_query
from par.petitions.access import access_petition, visible_petitions
from par.petitions.actions import (
    do_answer_petition,
    do_correct_publication,
    do_publish_petition,
    do_route_petition,
)
from par.petitions.api.serializers import (
    AnswerSerializer,
    CorrectSerializer,
    PetitionQuerySerializer,
    PetitionSerializer,
    PublishSerializer,
    RouteSerializer,
)


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
        if self.action == "list" and (
            state := read_query(PetitionQuerySerializer, self.request).get("state")
        ):
            rows = rows.filter(state=state)
        return rows

    @extend_schema(parameters=[PetitionQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

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
