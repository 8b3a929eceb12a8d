"""This app's endpoints under /api/v1/ (see par.api.urls).

- GET /api/v1/dossiers/ and /api/v1/dossiers/{id}/: dossiers the caller may see (404 outside the scope).
- POST /api/v1/dossiers/{id}/actions/{action}/ with {"version": n, ...}: one transition (see
  `par.dossiers.actions.transitions`).
- GET /api/v1/dossier-rollups/?start=YYYY-MM-DD&end=YYYY-MM-DD: the statistics rows of the visible units.

Errors through par.core.http.api_exception_handler, as in every API (decision 0106): out of scope is 404, a
visible dossier the caller may not change is 403, a refused rule is 400 with its message, a stale `version` is
409 with {"detail", "code": "conflict"}.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.accounts.access import visible_units
from par.dossiers.access import access_dossier, visible_dossiers
from par.dossiers.actions import ACTIONS, do_transition
from par.dossiers.forms import ActionForm
from par.dossiers.models import Dossier, DossierEvent, DossierRollup


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierEvent
        fields = ["sequence", "at", "action", "from_state", "to_state", "step_name", "unit", "actor", "note"]


class DossierSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "version",
            "state",
            "state_label",
            "channel",
            "unit",
            "procedure",
            "applicant_name",
            "submitted_at",
            "received_at",
            "due_date",
            "due_at",
            "legal_due_date",
            "legal_due_at",
            "extended_due_date",
            "due_explanation",
            "current_step",
            "resolved_at",
            "outcome",
            "returned_at",
        ]


class DossierDetailSerializer(DossierSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "events"]


class RollupSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierRollup
        fields = ["unit", "procedure", "day", "channel", *DossierRollup.COUNTS]


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


def register(router) -> None:
    router.register("dossiers", DossierViewSet, basename="dossier")
    router.register("dossier-rollups", DossierRollupViewSet, basename="dossier-rollup")
