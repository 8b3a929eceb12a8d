"""This app's endpoints under /api/v1/ (see par.api.urls): /api/v1/petitions/ for signed-in staff.

Errors through par.core.http.api_exception_handler, as in every API (decision 0106): out of scope is 404, a
visible petition the caller may not change is 403, a refused rule is 400 with its message, a stale `version` is
409 with {"detail", "code": "conflict"}. Public submission is the HTML form.
"""


def register(router) -> None:
    from par.petitions.api.views import PetitionViewSet

    router.register("petitions", PetitionViewSet, basename="petition")
