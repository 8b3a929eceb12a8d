"""Error pages (handler400/403/404/500 in par.urls, CSRF_FAILURE_VIEW): in the user's language, never Django's
English defaults; under /api/ the same errors are JSON ({"detail": …}), as DRF answers its own.

A 404 says "not found" for what is forbidden too (decision 0001). The 500 page is rendered without a request
context: it must not depend on the database or the session, which may be what failed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _bad_request_message(exception) -> str:
    """What the visitor is told: a BadRequest carries a message written for them (par.core.params); too many
    files or too much data get their own; other suspicious requests only the generic text (their details are
    for the log, not for whoever sent them)."""
    if isinstance(exception, TooManyFilesSent):
        return _("Too many files were sent at once: at most %(count)d.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return _("The form sent too much data at once.")
    if isinstance(exception, BadRequest) and str(exception):
        return str(exception)
    return _("The request is not valid.")


@requires_csrf_token
def bad_request(request, exception=None):
    message = _bad_request_message(exception)
    if _is_api(request):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("You may not do this.")}, status=403)
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred. Please try again later.")}, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    """A form sent without its security token (an expired session, a page open for too long, cookies off)."""
    if _is_api(request):
        return JsonResponse(
            {"detail": _("The security check of this request failed. Reload and retry.")}, status=403
        )
    return render(request, "403_csrf.html", status=403)
