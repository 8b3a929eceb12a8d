"""The viewsets of the dossiers API: serializers in `serializers.py`, routes announced in `__init__.py`."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.accounts.access import visible_units
from par.core.params import read_query
from par.dossiers.access import access_dossier, visible_dossiers
from par.dossiers.actions import ACTIONS, do_transition
from par.dossiers.api.serializers import (
    STATUS_EXAMPLE,
    ActionSerializer,
    DossierDetailSerializer,
    DossierQuerySerializer,
    DossierSerializer,
    RollupQuerySerializer,
    RollupSerializer,
)
from par.dossiers.forms import ActionForm
from par.dossiers.models import DossierRollup


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    """Dossiers of the caller's units; transitions through the actions."""

    def get_queryset(self):
        qs = visible_dossiers(self.request.user).order_by("-submitted_at", "pk")
        if self.action == "list" and (state := read_query(DossierQuerySerializer, self.request).get("state")):
            qs = qs.filter(state=state)
        return qs

    def get_serializer_class(self):
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer

    @extend_schema(parameters=[DossierQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="A dossier's status, dates and history",
        responses=OpenApiResponse(DossierDetailSerializer, examples=[STATUS_EXAMPLE]),
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "name",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=[*ACTIONS],
                description="The transition.",
            )
        ],
        request=ActionSerializer,
        responses=DossierSerializer,
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[a-z_]+)")
    def transition(self, request, pk=None, name=None):
        if name not in ACTIONS:
            raise Http404
        dossier = access_dossier(request.user, pk)
        form = ActionForm(request.data)
        if not form.is_valid():
            return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
        done = do_transition(dossier, name, form.cleaned_data, actor=request.user)
        return Response(DossierSerializer(done).data)


class DossierRollupViewSet(viewsets.ReadOnlyModelViewSet):
    """Daily dossier statistics of the visible units (?start=, ?end= as yyyy-mm-dd)."""

    serializer_class = RollupSerializer

    def get_queryset(self):
        qs = DossierRollup.objects.filter(unit__in=visible_units(self.request.user)).order_by(
            "day", "unit", "procedure", "channel"
        )
        if self.action == "list":
            days = read_query(RollupQuerySerializer, self.request)
            if "start" in days:
                qs = qs.filter(day__gte=days["start"])
            if "end" in days:
                qs = qs.filter(day__lte=days["end"])
        return qs

    @extend_schema(parameters=[RollupQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
