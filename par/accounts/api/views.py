"""/api/v1/units/: the org units the caller may see. Here rather than in orgunits because what a caller may see
comes from their memberships (docs/decisions/0160-layers.md)."""

from rest_framework import viewsets

from par.accounts.access import visible_units
from par.orgunits.api.serializers import UnitSerializer
from par.orgunits.filters import UnitFilter


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Org units the caller may see."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter

    def get_queryset(self):
        return visible_units(self.request.user).order_by("path")
