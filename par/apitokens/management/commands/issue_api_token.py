"""Issue an API token for another system from the command line (operations), through the audited action."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from par.accounts.models import User
from par.apitokens.actions import do_issue_api_token
from par.apitokens.models import TokenAccess
from par.orgunits.models import Unit


def unit_by_code(code: str) -> Unit:
    """The unit with `code`: the only one, or the one valid today when the code was reused over time."""
    rows = list(Unit.objects.filter(code=code))
    if len(rows) > 1:
        rows = list(Unit.objects.filter(code=code).as_of(timezone.localdate()))
    if len(rows) != 1:
        raise CommandError(_("No single unit has the code %(code)s.") % {"code": code})
    return rows[0]


class Command(BaseCommand):
    help = _("Issue an API token acting as USER; the key is printed once and never stored.")

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="USER", help=_("The account the token acts as."))
        parser.add_argument(
            "--scope", choices=TokenAccess.values, default=TokenAccess.READ, help=_("read or write")
        )
        parser.add_argument(
            "--units",
            nargs="+",
            default=[],
            metavar="CODE",
            help=_("Unit codes (default: all the account's units)."),
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("Days the token lasts (default %(days)s).") % {"days": settings.PAR_API_TOKEN_DAYS},
        )
        parser.add_argument(
            "--name", default="", help=_("The system or purpose (default: issued on the command line).")
        )
        parser.add_argument("--reason", default="", help=_("Why, for the audit trail."))

    def handle(self, *args, username, scope, units, days, name, reason, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No account named %(username)s.") % {"username": username}) from None
        chosen = [unit_by_code(code) for code in units]
        try:
            token, key = do_issue_api_token(
                user=user,
                name=name or _("Issued on the command line"),
                access=scope,
                units=chosen,
                days=days,
                reason=reason,
                actor=None,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(key)
        self.stderr.write(
            _(
                "Token %(prefix)s… for %(user)s, %(access)s, expires %(expires)s. The key above is shown only once."
            )
            % {
                "prefix": token.prefix,
                "user": user.get_username(),
                "access": token.get_access_display(),
                "expires": timezone.localtime(token.expires_at).strftime("%d/%m/%Y %H:%M"),
            }
        )
