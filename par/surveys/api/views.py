"""The viewsets of the surveys API: serializers in `serializers.py`, routes announced in `__init__.py`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.surveys.access import visible_questionnaires, visible_responses
from par.surveys.api.serializers import IndicesSerializer, QuestionnaireSerializer
from par.surveys.indices import aspect_indices, indices_by, overall, status_counts


def _value(v):
    return None if v is None else str(v)


class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = QuestionnaireSerializer

    def get_queryset(self):
        return (
            visible_questionnaires(self.request.user)
            .prefetch_related("sections__questions")
            .order_by("code", "-number")
        )

    @extend_schema(responses=IndicesSerializer)
    @action(detail=True, methods=["get"], pagination_class=None)
    def indices(self, request, pk=None):
        q = self.get_object()
        responses = visible_responses(request.user, q)
        aspects = aspect_indices(responses)

        def pack(items):
            return [
                {
                    "aspect": a.aspect,
                    "satisfied": a.satisfied,
                    "answered": a.answered,
                    "index": _value(a.value),
                }
                for a in items
            ]

        counts = status_counts(responses)
        return Response(
            {
                # Responses in the index; kiosk bursts awaiting the council and those it rejected are left out.
                "responses": counts["counted"],
                "flagged": counts["flagged"],
                "rejected": counts["rejected"],
                "index": _value(overall(aspects)),
                "aspects": pack(aspects),
                "units": [
                    {"unit": k, "index": _value(v[0]), "aspects": pack(v[1])}
                    for k, v in indices_by(responses, "response__unit").items()
                ],
                "procedures": [
                    {"procedure": k, "index": _value(v[0])}
                    for k, v in indices_by(responses, "response__procedure").items()
                ],
            }
        )
