"""This app's endpoints under /api/v1/ (found by par.api.urls, decision 0118)."""


def register(router) -> None:
    from par.accounts.api.views import UnitViewSet

    router.register("units", UnitViewSet, basename="unit")
