"""GET /api/v1/public/dossiers/<code>: the public facts of a dossier as JSON.

Lean by design: this view never reads `request.user` or `request.session` (Django's session and auth
middleware are lazy, so they cost nothing here), sets no cookie, and answers from the cache when it can.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from par.core.ratelimit import retry_after
from par.portal.lookup import lookup


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


@csrf_exempt
@require_GET
def dossier(request, code: str):
    seconds = retry_after(request, "lookup", settings.PAR_PUBLIC_LOOKUP_RATE)
    if seconds:
        return too_many(seconds)
    view = lookup(code)
    if view is None:
        return JsonResponse(
            {"detail": _("No dossier has this code. Check the code printed on your receipt.")},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(view, json_dumps_params={"ensure_ascii": False})
