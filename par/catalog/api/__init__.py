"""This app's endpoints under /api/v1/ (found by par.api.urls, decision 0118)."""


def register(router) -> None:
    from par.catalog.api.views import FieldViewSet, ProcedureViewSet

    router.register("procedures", ProcedureViewSet, basename="procedure")
    router.register("procedure-fields", FieldViewSet, basename="procedure-field")
