"""Links: absolute ones that leave the site, and many paths of one view for many ids (`Reverser`).

Absolute links (QR codes, printed slips, e-mails) are always on PAR_SITE_URL, never on the request's Host header:
a link printed on paper or sent by e-mail must name the public address whatever address the page was asked on
(an internal host name, a proxy's, a forged header).
"""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """PAR_SITE_URL followed by `path` (a path from reverse() or a model, starting with "/")."""
    return settings.PAR_SITE_URL.rstrip("/") + path


class Reverser:
    """`reverse(name, args=[pk, *rest])` for many primary keys at the cost of one reverse per (name, rest).

    A reverse costs about 0.1 ms; a table of 220 units × 14 linked figures would spend 300 ms on it. The path is
    reversed once with a stand-in id and each id is put in its place; a pattern the stand-in does not split in
    exactly two (it cannot, with an integer converter) falls back to reverse().
    """

    STAND_IN = "2147483647"

    def __init__(self) -> None:
        self._parts: dict[tuple, list[str]] = {}

    def __call__(self, name: str, pk: int, *rest) -> str:
        key = (name, rest)
        parts = self._parts.get(key)
        if parts is None:
            parts = self._parts[key] = reverse(name, args=[int(self.STAND_IN), *rest]).split(self.STAND_IN)
        if len(parts) != 2:
            return reverse(name, args=[pk, *rest])
        return f"{parts[0]}{int(pk)}{parts[1]}"
