"""Absolute links that leave the site (QR codes, printed slips, e-mails), always on PAR_SITE_URL.

Never on the request's Host header: a link printed on paper or sent by e-mail must name the public address
whatever address the page was asked on (an internal host name, a proxy's, a forged header).
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """PAR_SITE_URL followed by `path` (a path from reverse() or a model, starting with "/")."""
    return settings.PAR_SITE_URL.rstrip("/") + path
