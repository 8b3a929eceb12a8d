"""The versioned API: /api/v1/.

Each app registers its own endpoints in its `api/__init__.py`: `register(router)`. They are found
here in INSTALLED_APPS order; no list of apps (decision 0118).
"""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from par.core.discovery import announcing


def build_router() -> DefaultRouter:
    """A router holding every installed app's endpoints."""
    router = DefaultRouter()
    for _label, module in announcing("api"):
        register = getattr(module, "register", None)
        if register is not None:
            register(router)
    return router


router = build_router()

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from drf-spectacular-sidecar's local copy (no CDN); its start-up script is a file of its own
    # (the "split" view), so no inline script is needed. Swagger UI sets style attributes as it draws.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
]
