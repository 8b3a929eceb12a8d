"""/api/v1/inspections and /api/v1/inspection-findings: read-only, scoped to the caller's units."""


def register(router) -> None:
    from par.inspections.api.views import FindingViewSet, InspectionViewSet

    router.register("inspections", InspectionViewSet, basename="inspection")
    router.register("inspection-findings", FindingViewSet, basename="inspection-finding")
