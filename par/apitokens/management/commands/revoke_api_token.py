"""Revoke an API token from the command line by its key prefix (operations), through the audited action."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from knox.settings import CONSTANTS

from par.apitokens.actions import do_revoke_api_token
from par.apitokens.models import ApiToken


class Command(BaseCommand):
    help = _("Revoke the API token whose key starts with PREFIX; it stops working at once.")

    def add_arguments(self, parser):
        parser.add_argument("prefix", metavar="PREFIX", help=_("The key prefix shown in the token list."))
        parser.add_argument("--reason", default="", help=_("Why, for the audit trail."))

    def handle(self, *args, prefix, reason, **options):
        # The prefix as listed (with or without its "…"), or the whole key: knox keys start with their prefix.
        prefix = prefix.rstrip("…")[: CONSTANTS.TOKEN_KEY_LENGTH]
        matches = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if len(matches) != 1:
            raise CommandError(_("No single unrevoked token has the prefix %(prefix)s.") % {"prefix": prefix})
        try:
            token = do_revoke_api_token(matches[0], actor=None, reason=reason)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(_("Token %(token)s revoked.") % {"token": token})
