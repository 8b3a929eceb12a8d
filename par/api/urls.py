"""The versioned API: /api/v1/.

Each app registers its own endpoints in its `api/__init__.py`: `register(router)`. They are found
here in INSTALLED_APPS order; no list of apps (decision 0118).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
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
]
