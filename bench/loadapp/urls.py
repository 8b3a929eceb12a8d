"""Three baselines for the public lookup, served by gunicorn like PAR:

- `/ceiling/<code>`: a Django view with no middleware and no database: what one request costs at least;
- `/raw/<code>`: the lookup's two indexed queries in raw SQL and a JSON answer, nothing else;
- `/drf/<code>`: the same data as a naive DRF RetrieveAPIView with a ModelSerializer (DRF's defaults).
"""

from __future__ import annotations

from django.db import connection
from django.http import Http404, JsonResponse
from django.urls import path
from rest_framework import generics, serializers

from par.dossiers.models import Dossier

DOSSIER_SQL = """
SELECT d.id, d.code, d.state, d.channel, d.applicant_name, d.submitted_at, d.received_at, d.due_date,
       d.legal_due_date, d.resolved_at, d.events_count, p.code, p.name, u.name
FROM dossiers_dossier d
JOIN catalog_procedure p ON p.id = d.procedure_id
JOIN orgunits_unit u ON u.id = d.unit_id
WHERE d.code = %s
"""
EVENTS_SQL = """
SELECT sequence, at, to_state, public_note, step_name FROM dossiers_dossierevent
WHERE dossier_id = %s AND sequence > %s ORDER BY sequence
"""


def ceiling(request, code: str):
    return JsonResponse({"code": code, "state": "received"})


def raw(request, code: str):
    with connection.cursor() as cursor:
        cursor.execute(DOSSIER_SQL, [code])
        row = cursor.fetchone()
        if row is None:
            raise Http404
        cursor.execute(EVENTS_SQL, [row[0], row[10] - 10])
        events = [
            {"sequence": s, "at": at.isoformat(), "to_state": st, "note": note, "step": step}
            for s, at, st, note, step in cursor.fetchall()
        ]
    keys = (
        "code",
        "state",
        "channel",
        "applicant",
        "submitted_at",
        "received_at",
        "due_date",
        "legal_due_date",
    )
    values = [row[1], row[2], row[3], row[4][:1] + "***", row[5], row[6], row[7], row[8]]
    answer = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in zip(keys, values, strict=True)}
    answer.update(
        {"procedure_code": row[11], "procedure_name": row[12], "unit_name": row[13], "events": events}
    )
    return JsonResponse(answer)


class NaiveSerializer(serializers.ModelSerializer):
    procedure_name = serializers.CharField(source="procedure.name")
    unit_name = serializers.CharField(source="unit.name")
    events = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = [
            "code",
            "state",
            "channel",
            "submitted_at",
            "received_at",
            "due_date",
            "legal_due_date",
            "procedure_name",
            "unit_name",
            "events",
        ]

    def get_events(self, d):
        return list(d.events.order_by("sequence").values("sequence", "at", "to_state", "public_note")[:10])


class NaiveView(generics.RetrieveAPIView):
    queryset = Dossier.objects.all()
    serializer_class = NaiveSerializer
    lookup_field = "code"
    authentication_classes: list = []
    permission_classes: list = []


urlpatterns = [
    path("ceiling/<str:code>", ceiling),
    path("raw/<str:code>", raw),
    path("drf/<str:code>", NaiveView.as_view()),
]
