"""The cached public view of a dossier (docs/decisions/0081-public-lookup-cache-and-rate-limit.md).

A hit costs one cache read and no query; a miss costs `par.dossiers.public.public_view` (two indexed queries)
and one cache write. Entries are per language (the labels are translated) and dropped on `dossier_changed`.

The cache holds the full view under a key of code and language only, and every answer is cut down for its
reader after the cache (`par.dossiers.public.for_reader`): without the receipt's secret a reader gets the state
and the dates, whatever an earlier reader with the secret put in the cache (decision 0094).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from par.core.db_router import replica_configured, replica_reads
from par.dossiers.public import check_rating_token, for_reader, public_view

PREFIX = "portal:dossier:v1"
# Unknown codes are cached too, so guessing costs the database nothing; creating a dossier sends the signal.
MISSING = "-"
# Dossier codes are unit code, date and sequence: letters, digits, dots and dashes. Anything else is unknown
# without asking the database (and cannot break a cache key).
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_]{0,59}$")


def cache_seconds() -> int:
    return settings.PAR_PUBLIC_LOOKUP_CACHE_SECONDS


def normalise(code: str) -> str:
    return (code or "").strip()


def cache_key(code: str, language: str) -> str:
    return f"{PREFIX}:{language}:{code}"


def lookup(code: str, secret: str = "") -> dict | None:
    """The public facts of dossier `code` in the active language for a reader holding `secret` (the security
    code of the receipt, or nothing), or None for an unknown code. A wrong secret gives the code-only view."""
    code = normalise(code)
    if not CODE_RE.match(code):
        return None
    view = _full_view(code)
    if view is None:
        return None
    return for_reader(view, with_secret=bool(secret) and check_rating_token(code, secret))


def changed_key(code: str) -> str:
    return f"{PREFIX}:changed:{code}"


def _full_view(code: str) -> dict | None:
    key = cache_key(code, get_language() or settings.LANGUAGE_CODE)
    if not replica_configured():
        cached = cache.get(key)
        if cached is not None:
            return None if cached == MISSING else cached
        view = public_view(code)
    else:
        # With a replica (decision 0176) a miss reads there, unless the dossier changed within the replica's
        # allowed lag: the replica may not have replayed the change yet, and its answer would stay cached.
        found = cache.get_many([key, changed_key(code)])
        cached = found.get(key)
        if cached is not None:
            return None if cached == MISSING else cached
        if changed_key(code) in found:
            view = public_view(code)
        else:
            with replica_reads():
                view = public_view(code)
    cache.set(key, view if view is not None else MISSING, cache_seconds())
    return view


def invalidate(code: str) -> None:
    """Drop every language's entry for `code` (called after each dossier transition commits)."""
    code = normalise(code)
    if CODE_RE.match(code):
        cache.delete_many([cache_key(code, language) for language, _name in settings.LANGUAGES])
        if replica_configured():
            cache.set(changed_key(code), 1, settings.PAR_REPLICA_PIN_SECONDS)


def on_dossier_changed(sender, code: str = "", **kwargs) -> None:
    invalidate(code)
