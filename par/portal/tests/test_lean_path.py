"""The served application sends the public JSON lookup through the lean handler (par/core/lean.py, decision 0168)
and every other path through the whole middleware stack."""

import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections

from par.core.lean import LeanWSGIHandler, dispatcher
from par.portal.tests.conftest import NOW
from par.portal.tokens import rating_token

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def application(settings):
    settings.PAR_PUBLIC_LOOKUP_RATE = "1000/60"
    # As Django's test client does: the test's transaction must outlive each request, which would otherwise close
    # the connection it runs in at the end of the request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield dispatcher(WSGIHandler(), LeanWSGIHandler(), settings.PAR_LEAN_PATHS)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def serve(application, path, query="", host="testserver", **headers):
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": host, "wsgi.input": io.BytesIO()}
    environ["REMOTE_ADDR"] = "203.0.113.7"
    environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = status
        started["headers"] = dict(response_headers)

    body = b"".join(application(environ, start_response))
    return int(started["status"].split()[0]), started["headers"], body


def test_the_lookup_answers_through_the_lean_handler_as_it_does_through_the_whole_stack(
    application, client, dossiers
):
    code = dossiers.on_time.code
    status, headers, body = serve(application, f"/api/v1/public/dossiers/{code}", f"t={rating_token(code)}")
    assert status == 200
    assert json.loads(body) == client.get(f"/api/v1/public/dossiers/{code}", {"t": rating_token(code)}).json()
    assert headers["X-Content-Type-Options"] == "nosniff"  # the security headers are still there
    assert "Set-Cookie" not in headers and "Content-Security-Policy" not in headers
    assert "Cookie" not in headers.get("Vary", "") and "Accept-Language" not in headers.get("Vary", "")


def test_an_unknown_code_is_answered_in_vietnamese_on_the_lean_path(application, dossiers):
    status, _headers, body = serve(
        application, "/api/v1/public/dossiers/14812-260318-9999", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert status == 404
    assert json.loads(body)["detail"].startswith("Không có hồ sơ nào có mã này")


def test_the_lean_path_refuses_a_host_the_site_does_not_serve(application, dossiers):
    status, _headers, _body = serve(
        application, f"/api/v1/public/dossiers/{dossiers.open.code}", host="evil.example"
    )
    assert status == 400


def test_the_lean_path_still_counts_the_rate_limit(application, settings, dossiers):
    settings.PAR_PUBLIC_LOOKUP_RATE = "2/60"
    answers = [serve(application, f"/api/v1/public/dossiers/{dossiers.open.code}")[0] for _ in range(3)]
    assert answers == [200, 200, 429]


def test_every_other_path_keeps_the_whole_middleware_stack(application, dossiers):
    status, headers, _body = serve(application, "/tra-cuu/")
    assert status == 200
    assert "Content-Security-Policy" in headers and "X-Frame-Options" in headers


def test_the_lean_handler_loads_only_the_lean_middleware(settings):
    handler = LeanWSGIHandler()
    loaded = {type(m).__module__ + "." + type(m).__name__ for m in _chain(handler)}
    assert loaded == set(settings.PAR_LEAN_MIDDLEWARE)
    assert "django.contrib.sessions.middleware.SessionMiddleware" in settings.MIDDLEWARE  # left as it was


def _chain(handler):
    """The middleware instances of a loaded handler, outermost first."""
    found, link = [], handler._middleware_chain
    while hasattr(target := getattr(link, "__wrapped__", link), "get_response"):
        found.append(target)
        link = target.get_response
    return found
