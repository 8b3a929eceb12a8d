"""The portal's API: the anonymous dossier lookup, GET /api/v1/public/dossiers/<code> (no session, no
authentication, cached; decisions 0081 and 0094).

Its route is outside the versioned router, in `urls.py`, which par/urls.py includes under /api/v1/public/; the view
is in `views.py`, the documented answer in `serializers.py`. `register` announces nothing to the router.
"""


def register(router) -> None:
    """The public lookup needs no router route (see `urls.py`)."""
