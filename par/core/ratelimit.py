"""A fixed-window rate limit per client address, counted in the cache (docs/decisions/0081).

It reads REMOTE_ADDR only: behind a reverse proxy the proxy must put the client's address there (e.g.
gunicorn's --forwarded-allow-ips with the proxy's address), never a header a client could forge. Used by the
public pages that need no sign-in: the dossier lookup, ratings, online submission and petitions, and the
files those forms accept (`limit_uploads`).
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render
from django.utils.translation import gettext as _


def parse_rate(value: str) -> tuple[int, int]:
    """(requests, seconds) from a rate such as "120/60"."""
    limit, _, seconds = value.partition("/")
    return int(limit), int(seconds or 60)


def _window(request, scope: str, period: int, client: str | None = None) -> tuple[str, int]:
    """The cache key of this client's current window in `scope`, and the seconds until that window ends."""
    now = time.time()
    who = request.META.get("REMOTE_ADDR", "") if client is None else client
    key = f"par:rl:{scope}:{who}:{int(now // period)}"
    return key, max(1, int(period - now % period))


def _add(key: str, amount: int, period: int) -> int:
    """Add `amount` to the counter `key`, which lives a little longer than its window; the new count.

    On Redis one transaction increments and, for a new counter only, sets its expiry: atomic across every
    process, and a counter never outlives its window. Elsewhere add() then incr(): atomic within one process
    on the local-memory cache (each process counts its own), best effort on the file cache (decision 0129).
    """
    store = caches["default"]
    if isinstance(store, RedisCache):
        name = store.make_and_validate_key(key)
        pipe = store._cache.get_client(name, write=True).pipeline()  # MULTI … EXEC
        pipe.incrby(name, amount)
        pipe.expire(name, period + 1, nx=True)
        count, _expiry = pipe.execute()
        return int(count)
    cache.add(key, 0, period + 1)
    try:
        return cache.incr(key, amount)
    except ValueError:  # the entry expired between add() and incr()
        cache.set(key, amount, period + 1)
        return amount


def _count(key: str) -> int:
    """The counter `key` as it stands (0 when absent)."""
    return int(cache.get(key) or 0)


def retry_after(request, scope: str, rate: str, *, client: str | None = None) -> int | None:
    """Count this request against `rate` in `scope`; None when allowed, else the seconds until the window ends.

    Counted per client address, or per `client` when given (e.g. a kiosk session, whatever its address).
    """
    limit, period = parse_rate(rate)
    key, seconds = _window(request, scope, period, client)
    return None if _add(key, 1, period) <= limit else seconds


def refused(request, template: str, context: dict, status: int, retry: int | None):
    """A refusal page; with `retry`, the Retry-After header that tells the client when to try again."""
    response = render(request, template, context, status=status)
    if retry:
        response["Retry-After"] = str(retry)
    return response


def limit_posts(scope: str):
    """Refuse a public form's submissions beyond PAR_PUBLIC_FORM_RATE per client address with HTTP 429."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                seconds = retry_after(request, scope, settings.PAR_PUBLIC_FORM_RATE)
                if seconds:
                    return refused(request, "too_many_requests.html", {"retry_after": seconds}, 429, seconds)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


MB = 1024 * 1024


def _refuse_upload(request, message: str, status: int, retry: int | None = None):
    return refused(request, "upload_refused.html", {"message": message}, status, retry)


def limit_uploads(view):
    """Refuse a public form's files beyond PAR_PUBLIC_UPLOAD_MAX_FILES files or PAR_PUBLIC_UPLOAD_MAX_MB in one
    submission (413), or beyond PAR_PUBLIC_UPLOAD_RATE megabytes per client address per window, counted over
    every public form together (429). The view is not called when refused, so nothing is stored; only what a
    submission that succeeded (status below 400) stored is counted (decision 0100)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        files = [f for name in request.FILES for f in request.FILES.getlist(name)]
        size = sum(f.size or 0 for f in files)
        max_files, max_mb = settings.PAR_PUBLIC_UPLOAD_MAX_FILES, settings.PAR_PUBLIC_UPLOAD_MAX_MB
        if len(files) > max_files or size > max_mb * MB:
            message = _(
                "You sent %(count)d files, %(size).1f MB in all; one submission may carry at most %(max_files)d "
                "files and %(max_mb)d MB. Nothing was saved: send fewer or smaller files."
            ) % {"count": len(files), "size": size / MB, "max_files": max_files, "max_mb": max_mb}
            return _refuse_upload(request, message, 413)
        if not size:
            return view(request, *args, **kwargs)
        limit, period = parse_rate(settings.PAR_PUBLIC_UPLOAD_RATE)
        key, seconds = _window(request, "public-upload", period)
        if _count(key) + size > limit * MB:
            message = _(
                "Too many files have been sent from your connection for now. Nothing was saved: please try "
                "again in %(seconds)d seconds."
            ) % {"seconds": seconds}
            return _refuse_upload(request, message, 429, seconds)
        response = view(request, *args, **kwargs)
        if response.status_code < 400:
            _add(key, size, period)
        return response

    return wrapped
