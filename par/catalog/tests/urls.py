"""The project's URLs plus /procedures/ and the catalogue API, until par/urls.py includes them."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from par.catalog.api.views import FieldViewSet, ProcedureViewSet
from par.urls import urlpatterns as project_urlpatterns

router = SimpleRouter()
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("procedure-fields", FieldViewSet, basename="procedure-field")

urlpatterns = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "catalog" for p in project_urlpatterns):
    urlpatterns.append(path("procedures/", include("par.catalog.urls")))
# Resolved only when par/api/urls.py does not register these yet (the first matching pattern wins).
urlpatterns.append(path("api/v1/", include(router.urls)))
