"""A lean request path for the public JSON lookup (docs/decisions/0168-a-lean-path-for-the-public-lookup.md).

The public dossier lookup is the one endpoint hit by thousands of anonymous clients a second. It reads no
session, no user, no CSRF token, no message and renders no HTML, yet every middleware of the site runs for it:
sessions, locale negotiation, authentication, messages, clickjacking and CSP headers, htmx, axes. `application`
here sends the paths of `settings.PAR_LEAN_PATHS` through a second Django handler built with only
`settings.PAR_LEAN_MIDDLEWARE` (the request log and the security headers) and everything else through the usual
handler. Both handlers resolve the same URLconf, so the view, its rate limit and its cache are the same code.

Without LocaleMiddleware the lean path answers in the site's language (`LANGUAGE_CODE`, Vietnamese), which is
what the public lookup documents; the HTML page `/tra-cuu/` keeps the whole stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler


class LeanWSGIHandler(WSGIHandler):
    """Django's WSGI handler with `settings.PAR_LEAN_MIDDLEWARE` instead of `settings.MIDDLEWARE`."""

    def load_middleware(self, is_async: bool = False) -> None:
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = list(settings.PAR_LEAN_MIDDLEWARE)
        try:
            super().load_middleware(is_async=is_async)
        finally:
            settings.MIDDLEWARE = full


def dispatcher(full: WSGIHandler, lean: WSGIHandler, prefixes: Iterable[str]) -> Callable:
    """A WSGI application sending paths under one of `prefixes` to `lean` and every other path to `full`."""
    starts = tuple(prefixes)

    def application(environ, start_response):
        handler = lean if starts and environ.get("PATH_INFO", "").startswith(starts) else full
        return handler(environ, start_response)

    application.full = full  # type: ignore[attr-defined]
    application.lean = lean  # type: ignore[attr-defined]
    return application


def get_application() -> Callable:
    """The project's WSGI application: Django set up once, two handlers over the same URLconf."""
    import django

    django.setup(set_prefix=False)
    return dispatcher(WSGIHandler(), LeanWSGIHandler(), settings.PAR_LEAN_PATHS)
