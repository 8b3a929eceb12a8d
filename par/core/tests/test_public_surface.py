"""What a visitor without sign-in can open is a short, known list (docs/security.md, "What is public").

Every route of the site is requested anonymously with sample arguments. A page that answers 200 must be on
the list below, so that a new public page cannot appear without someone saying why what it shows is safe.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

pytestmark = pytest.mark.django_db

# Each entry: the route as Django writes it, and where docs/security.md explains what it shows.
PUBLIC_ROUTES = {
    "healthz": "liveness probe: a fixed word, no data",
    "readyz": "readiness probe: ready or not and a short code per check, no data (decision 0162)",
    "accounts/login/": "the sign-in form",
    "dossiers/online/": "online submission form: procedures and units, no dossier data",
    "petitions/submit/": "petition form",
    "petitions/follow/": "follow a petition by code and secret (POST), an empty form on GET",
    "petitions/answers/": "published answers: the publisher's rewritten question and the answer only",
    "tra-cuu/": "dossier lookup: state and dates by code; more only with the receipt's security code",
    "tra-cuu/on-time/": "on-time rates per unit: counts only",
    "tra-cuu/bo-sung/": "supplement form: what to supplement only with the code and the security code",
    "cong-khai/": "public portal hub: province-wide counts and published decisions (decision 0167)",
    "cong-khai/chi-so-cai-cach/": "published index decisions, their rankings and history, from the snapshots",
    "cong-khai/tra-loi-kien-nghi/": "published petition answers: the publisher's texts only",
    "cong-khai/ke-hoach/": "plan task counts by reform area",
    "cong-khai/hai-long/": "satisfaction index per unit from anonymous answers",
    "cong-khai/ban-do/": "communes on a map coloured by a public figure",
    "api/v1/schema/": "the OpenAPI description of the API, no data",
    "api/v1/docs/": "the API's documentation page (served locally), no data",
}

# Public too, but only for an existing object (a sample argument finds none, so they answer 404 here):
# procedures/public/<code>/, par-index/results/<pk>/, par-index/decisions/<pk>/, surveys/r/<token>/,
# surveys/kiosk/<slug>/, api/v1/public/dossiers/<code>, cong-khai/dung-han/<pk>/ (a unit in force); and the
# POST-only tra-cuu/rate/ and petitions/follow/reopen/.

# Sample values for the arguments of a route; none of them names an existing object.
SAMPLES = {
    "int": "987654",
    "str": "KHONG-CO",
    "slug": "khong-co",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
SIGN_IN_OR_HIDDEN = {301, 302, 400, 401, 403, 404, 405}


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if isinstance(entry.pattern, RoutePattern) or not entry.pattern.regex.groupindex:
                yield from _routes(entry.url_patterns, prefix + str(entry.pattern).lstrip("^"))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _sample_path(route: str) -> str | None:
    """A requestable path for the route, or None for format-suffix duplicates and admin internals."""
    if route.startswith("admin/") or "(?P<format>" in route or "<drf_format_suffix" in route:
        return None
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


def test_every_page_open_without_sign_in_is_on_the_public_list(client):
    opened = set()
    for route in sorted(set(_routes(get_resolver().url_patterns))):
        path = _sample_path(route)
        if path is None:
            continue
        response = client.get(path)
        assert response.status_code < 500, f"{path} answered {response.status_code}"
        if response.status_code not in SIGN_IN_OR_HIDDEN:
            opened.add(route)
    assert opened == set(PUBLIC_ROUTES)


def test_pages_behind_sign_in_send_the_visitor_to_the_sign_in_page(client):
    response = client.get("/dossiers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
