"""The rating code printed on the receipt (and carried by its QR link); it is made by the dossiers app.

See docs/decisions/0082-rating-once-per-dossier.md.
"""

from __future__ import annotations

from urllib.parse import urlencode

from par.dossiers.public import check_rating_token, rating_token

__all__ = ["check_rating_token", "lookup_url", "rating_token"]


def lookup_url(code: str) -> str:
    """What the QR code on the receipt links to: the lookup page with the rating code."""
    return "/tra-cuu/?" + urlencode({"code": code, "t": rating_token(code)})
