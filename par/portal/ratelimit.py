"""A fixed-window rate limit per client IP, counted in the cache (docs/decisions/0081).

It reads REMOTE_ADDR only: behind a reverse proxy the proxy must put the client's address there (e.g.
gunicorn's --forwarded-allow-ips with the proxy's address), never a header a client could forge.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def rate() -> tuple[int, int]:
    """(requests, seconds) from PAR_PUBLIC_LOOKUP_RATE, e.g. "120/60"."""
    value = settings.PAR_PUBLIC_LOOKUP_RATE
    limit, _, seconds = value.partition("/")
    return int(limit), int(seconds or 60)


def retry_after(request, scope: str = "lookup") -> int | None:
    """Count this request; None when allowed, else the seconds until the window ends."""
    limit, period = rate()
    now = time.time()
    window = int(now // period)
    key = f"portal:rl:{scope}:{request.META.get('REMOTE_ADDR', '')}:{window}"
    # add() then incr() is atomic on Redis and Memcached; on the local-memory cache it is per process.
    cache.add(key, 0, period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add() and incr()
        cache.set(key, 1, period + 1)
        count = 1
    if count <= limit:
        return None
    return max(1, int(period - now % period))
