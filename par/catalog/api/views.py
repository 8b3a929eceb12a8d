from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.catalog.access import visible_procedures
from par.catalog.api.serializers import FieldSerializer, ProcedureSerializer, VersionSerializer
from par.catalog.filters import ProcedureFilter
from par.catalog.models import Field, Procedure

ON = OpenApiParameter("on", str, description="dd/mm/yyyy or yyyy-mm-dd; the version in force on this day")


@extend_schema_view(list=extend_schema(parameters=[ON]), retrieve=extend_schema(parameters=[ON]))
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """The procedure catalogue, each procedure with its version in force (steps and documents nested)."""

    serializer_class = ProcedureSerializer
    filterset_class = ProcedureFilter
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"  # national codes contain dots ("1.001193")

    def _day(self):
        """The `on` parameter as the shared FilterSet reads it (default today), computed once per request."""
        if not hasattr(self, "_day_value"):
            filterset = ProcedureFilter(self.request.query_params, queryset=Procedure.objects.none())
            filterset.is_valid()
            self._day_value = filterset.day
        return self._day_value

    def get_queryset(self):
        return (
            visible_procedures(self.request.user)
            .select_related("field")
            .with_version_on(self._day(), rows=True)
            .order_by("code")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "day": self._day()}

    @extend_schema(responses=VersionSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def versions(self, request, code=None):
        """Every version of the procedure, newest first."""
        procedure = self.get_object()
        versions = procedure.versions.prefetch_related("steps", "documents").order_by("-valid_from")
        return Response(VersionSerializer(versions, many=True).data)


class FieldViewSet(viewsets.ReadOnlyModelViewSet):
    """Fields of procedures (lĩnh vực)."""

    serializer_class = FieldSerializer
    queryset = Field.objects.order_by("name")
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"
    pagination_class = None
