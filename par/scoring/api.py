"""This app's endpoints under /api/v1/ (see par.api.urls)."""


def register(router) -> None:
    pass
