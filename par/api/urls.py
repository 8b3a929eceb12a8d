"""The versioned API: /api/v1/."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from par.accounts.api.views import UnitViewSet
from par.catalog.api.views import FieldViewSet, ProcedureViewSet
from par.plans.api.views import AssignmentViewSet, PlanViewSet, ProgressUpdateViewSet, TaskViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("procedure-fields", FieldViewSet, basename="procedure-field")
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-tasks", TaskViewSet, basename="plan-task")
router.register("plan-assignments", AssignmentViewSet, basename="plan-assignment")
router.register("plan-updates", ProgressUpdateViewSet, basename="plan-update")

# Apps that register their own endpoints (each has api.register(router)).
for app in ("dossiers", "petitions", "portal", "inspections", "reporting", "scoring", "surveys"):
    import_module(f"par.{app}.api").register(router)

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
