"""This app's endpoints under /api/v1/ (see par.api.urls).

- GET /api/v1/dossiers/ and /api/v1/dossiers/{id}/: dossiers the caller may see (404 outside the scope).
- POST /api/v1/dossiers/{id}/actions/{action}/ with {"version": n, ...}: one transition (see
  `par.dossiers.actions.transitions`).
- GET /api/v1/dossier-rollups/?start=YYYY-MM-DD&end=YYYY-MM-DD: the statistics rows of the visible units.

Errors through par.core.http.api_exception_handler, as in every API (decision 0106): out of scope is 404, a
visible dossier the caller may not change is 403, a refused rule is 400 with its message, a stale `version` is
409 with {"detail", "code": "conflict"}.
"""


def register(router) -> None:
    from par.dossiers.api.views import DossierRollupViewSet, DossierViewSet

    router.register("dossiers", DossierViewSet, basename="dossier")
    router.register("dossier-rollups", DossierRollupViewSet, basename="dossier-rollup")
