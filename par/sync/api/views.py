"""The national inbox: one POST per item, authenticated by the province's token (decision 0171)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response

from par.sync import actions
from par.sync.access import national_mode
from par.sync.adapters import IDEMPOTENCY_HEADER
from par.sync.api.serializers import InboxItemSerializer, ReceivedItemSerializer
from par.sync.authentication import ProvinceTokenAuthentication
from par.sync.models import ReceivingProvince


class IsProvince(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, ReceivingProvince)


class InboxViewSet(viewsets.ViewSet):
    authentication_classes = [ProvinceTokenAuthentication]
    permission_classes = [IsProvince]

    def initial(self, request, *args, **kwargs):
        # The inbox exists only on the national deployment; a province's answers as if there were none.
        if not national_mode():
            raise Http404
        super().initial(request, *args, **kwargs)

    @extend_schema(
        request=InboxItemSerializer,
        responses={
            201: ReceivedItemSerializer,
            200: OpenApiResponse(
                ReceivedItemSerializer, description="Already received: the same answer again."
            ),
            400: OpenApiResponse(description="A field is missing or wrong."),
            401: OpenApiResponse(description="No province token, or not a valid one."),
            404: OpenApiResponse(description="This deployment is not in national mode."),
            409: OpenApiResponse(
                description="Out of order: send the items after `current.last_sequence` first."
            ),
        },
    )
    def create(self, request):
        """Store one pushed item once; a repeat of a known key answers 200 with what was stored."""
        body = InboxItemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        header = request.headers.get(IDEMPOTENCY_HEADER)
        if header is not None and header != body.validated_data["key"]:
            raise serializers.ValidationError({"key": _("The key differs from the Idempotency-Key header.")})
        item, created = actions.do_receive_item(request.user, body.validated_data)
        answer = ReceivedItemSerializer(item).data
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
