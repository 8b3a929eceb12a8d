"""GET /api/v1/public/dossiers/<code>: the public facts of a dossier as JSON.

Lean by design: this view never reads `request.user` or `request.session` (Django's session and auth
middleware are lazy, so they cost nothing here), sets no cookie, and answers from the cache when it can. It is a
DRF class only so that drf-spectacular documents it: `dispatch` skips DRF's request cycle (request wrapping,
authentication, content negotiation), which measured ~240 µs per cached hit, twice the view itself; the
per-address limiter of decision 0081 stands in for DRF's throttles and the answer is a plain `JsonResponse`.

With the code alone the answer holds the state and the dates; with the security code printed on the receipt
(query parameter `t`, as in the receipt's QR link, or the `X-Dossier-Secret` header) it adds the masked name,
the procedure, the unit, the channel and the step names (docs/decisions/0094-lookup-with-the-receipt-secret.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from par.core.ratelimit import retry_after
from par.portal.api.serializers import PublicDossierSerializer
from par.portal.lookup import lookup

HEADER = "X-Dossier-Secret"  # the receipt's security code, as an alternative to the query parameter `t`


def too_many(seconds: int) -> JsonResponse:
    response = JsonResponse(
        {
            "detail": _("Too many lookups from your address. Please try again in %(n)s seconds.")
            % {"n": seconds}
        },
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(seconds)
    return response


DETAIL = inline_serializer("PublicLookupDetail", {"detail": serializers.CharField()})
CODE_HELP = (
    "The security code printed on the receipt (10 characters; dashes, spaces and case are ignored). "
    "Without it, or with a wrong one, the answer holds only the state and the dates."
)


class PublicDossierView(APIView):
    # For the schema (no security requirement); dispatch below never runs DRF's checks.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    def dispatch(self, request, *args, **kwargs):
        # A plain Django dispatch: GET only, the Django request as it is (see the module docstring).
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        return self.get(request, *args, **kwargs)

    @extend_schema(
        operation_id="public_dossier_lookup",
        summary="Look up a dossier by its code (no sign-in)",
        parameters=[
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="The dossier code."
            ),
            OpenApiParameter("t", OpenApiTypes.STR, OpenApiParameter.QUERY, description=CODE_HELP),
            OpenApiParameter(HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, description=CODE_HELP),
        ],
        responses={200: PublicDossierSerializer, 404: DETAIL, 429: DETAIL},
        auth=[],
        tags=["public"],
    )
    def get(self, request, code: str):
        seconds = retry_after(request, "lookup", settings.PAR_PUBLIC_LOOKUP_RATE)
        if seconds:
            return too_many(seconds)
        secret = request.headers.get(HEADER) or request.GET.get("t", "")
        view = lookup(code, secret)
        if view is None:
            response = JsonResponse(
                {"detail": _("No dossier has this code. Check the code printed on your receipt.")},
                status=404,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            response = JsonResponse(view, json_dumps_params={"ensure_ascii": False})
            if view["with_secret"]:
                # The fuller answer is for the holder of the receipt: no shared cache may keep it.
                patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, [HEADER])
        return response


dossier = PublicDossierView.as_view()
