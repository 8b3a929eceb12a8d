"""The rating code printed on the receipt (and carried by its QR link): an HMAC of the dossier code.

It needs no column and no query to check, cannot be derived from the code without the server's secret key, and
is the same every time the receipt is printed (docs/decisions/0082-rating-once-per-dossier.md).
"""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "par.portal.rating"
LENGTH = 10


def rating_token(code: str) -> str:
    """The rating code of dossier `code`: 10 upper-case hexadecimal characters (40 bits)."""
    return salted_hmac(SALT, code.strip(), algorithm="sha256").hexdigest()[:LENGTH].upper()


def check_rating_token(code: str, token: str) -> bool:
    given = (token or "").strip().upper().replace(" ", "").replace("-", "")
    return bool(code) and constant_time_compare(rating_token(code), given)


def lookup_url(code: str) -> str:
    """What the QR code on the receipt links to: the lookup page with the rating code."""
    from urllib.parse import urlencode

    return "/tra-cuu/?" + urlencode({"code": code, "t": rating_token(code)})
