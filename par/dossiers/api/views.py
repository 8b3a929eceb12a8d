"""The viewsets of the dossiers API: serializers in `serializers.py`, routes announced in `__init__.py`."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.accounts.access import visible_units
from par.dossiers.access import access_dossier, visible_dossiers
from par.dossiers.actions import ACTIONS, do_transition
from par.dossiers.api.serializers import (
    DossierDetailSerializer,
    DossierSerializer,
    RollupSerializer,
)
from par.dossiers.forms import ActionForm
from par.dossiers.models import DossierRollup


class DossierViewSet(viewsets.ReadOnlyModelViewSet):
    """Dossiers of the caller's units; transitions through the actions."""

    def get_queryset(self):
        qs = visible_dossiers(self.request.user).order_by("-submitted_at", "pk")
        state = self.request.query_params.get("state")
        return qs.filter(state=state) if state else qs

    def get_serializer_class(self):
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer

    @extend_schema(request=None, responses=DossierSerializer)
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
    serializer_class = RollupSerializer

    def get_queryset(self):
        qs = DossierRollup.objects.filter(unit__in=visible_units(self.request.user)).order_by(
            "day", "unit", "procedure", "channel"
        )
        for name, lookup in (("start", "day__gte"), ("end", "day__lte")):
            raw = self.request.query_params.get(name)
            if raw:
                try:
                    qs = qs.filter(**{lookup: dt.date.fromisoformat(raw)})
                except ValueError:
                    qs = qs.none()
        return qs
