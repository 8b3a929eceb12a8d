"""The site's URLs plus views that fail on purpose, for the error-page tests (par.urls' handlers apply)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from par.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _fails(exc):
    def view(request):
        raise exc

    return view


urlpatterns = [
    path("boom/", _fails(RuntimeError("boom"))),
    path("api/v1/boom/", _fails(RuntimeError("boom"))),
    path("forbidden/", _fails(PermissionDenied())),
    path("api/v1/forbidden/", _fails(PermissionDenied())),
    path("suspicious/", _fails(SuspiciousOperation("bad"))),
    *urlpatterns,
]
