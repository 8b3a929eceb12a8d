"""This app's endpoint under /api/v1/ (see par.api.urls): /api/v1/national/inbox/, where provinces push to a
deployment in national mode (decision 0171). Elsewhere it answers 404."""


def register(router) -> None:
    from par.sync.api.views import InboxViewSet

    router.register("national/inbox", InboxViewSet, basename="national-inbox")
