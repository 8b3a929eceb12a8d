"""A fixed-window rate limit per client address, counted in the cache (docs/decisions/0081).

It reads REMOTE_ADDR only: behind a reverse proxy the proxy must put the client's address there (e.g.
gunicorn's --forwarded-allow-ips with the proxy's address), never a header a client could forge. Used by the
public pages that need no sign-in: the dossier lookup, ratings, online submission and petitions.
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def parse_rate(value: str) -> tuple[int, int]:
    """(requests, seconds) from a rate such as "120/60"."""
    limit, _, seconds = value.partition("/")
    return int(limit), int(seconds or 60)


def retry_after(request, scope: str, rate: str, *, client: str | None = None) -> int | None:
    """Count this request against `rate` in `scope`; None when allowed, else the seconds until the window ends.

    Counted per client address, or per `client` when given (e.g. a kiosk session, whatever its address).
    """
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    who = request.META.get("REMOTE_ADDR", "") if client is None else client
    key = f"par:rl:{scope}:{who}:{window}"
    # add() then incr() is atomic on a shared cache; on the local-memory cache the count is per process.
    cache.add(key, 0, period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add() and incr()
        cache.set(key, 1, period + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, int(period - now % period))


def limit_posts(scope: str):
    """Refuse a public form's submissions beyond PAR_PUBLIC_FORM_RATE per client address with HTTP 429."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                seconds = retry_after(request, scope, settings.PAR_PUBLIC_FORM_RATE)
                if seconds:
                    response = render(request, "too_many_requests.html", {"retry_after": seconds}, status=429)
                    response["Retry-After"] = str(seconds)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
