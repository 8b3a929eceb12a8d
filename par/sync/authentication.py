"""The national inbox's credential: `Authorization: Province <token>`, a token issued to one province and kept
only as its SHA-256 hash (`manage.py add_receiving_province`). The request's "user" is the province."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from par.sync.actions import hash_token
from par.sync.models import ReceivingProvince

KEYWORD = "Province"


class ProvinceTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace") != KEYWORD:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send one province token after “Province”."))
        token = parts[1].decode(errors="replace")
        province = ReceivingProvince.objects.filter(token_hash=hash_token(token), active=True).first()
        if province is None:
            raise exceptions.AuthenticationFailed(_("This province token is not valid."))
        return province, None

    def authenticate_header(self, request) -> str:
        # A missing or refused credential is a 401 that names the scheme.
        return KEYWORD
