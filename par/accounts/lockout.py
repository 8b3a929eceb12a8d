"""Sign-in lockout: django-axes' database handler with a second, higher limit per client address (decision 0100).

AXES_LOCKOUT_PARAMETERS lists two counts, in this order: failures of one username from one address (limit
AXES_FAILURE_LIMIT: guessing one account's password), and failures of any usernames from one address (limit
PAR_LOGIN_ADDRESS_FAILURE_LIMIT: trying a few passwords on many accounts, "password spraying"). Axes compares one
count with one limit, so the address's count is scaled to the per-username limit: it reaches AXES_FAILURE_LIMIT
exactly when the address has failed PAR_LOGIN_ADDRESS_FAILURE_LIMIT times. The higher address limit leaves room
for an office whose staff all sign in through one address.
"""

from __future__ import annotations

from axes.conf import settings as axes_settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """Locks a username at one address after AXES_FAILURE_LIMIT failures, and the address itself after
    PAR_LOGIN_ADDRESS_FAILURE_LIMIT failures whatever the usernames, each for AXES_COOLOFF_MINUTES."""

    def get_failures(self, request, credentials=None) -> int:
        per_username, per_address = (_failures(a) for a in self.get_user_attempts(request, credentials))
        limit = get_failure_limit(request, credentials)
        return max(per_username, per_address * limit // settings.PAR_LOGIN_ADDRESS_FAILURE_LIMIT)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears that username's failures at this address only: clearing the address's
        failures too would let anyone holding one account reset a spraying address's count."""
        per_username = self.filter_user_attempts(request, credentials)[0]
        count, _deleted = per_username.delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE), saying how long the lock lasts."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_minutes": minutes},
        # Read through axes' settings, which fill in its default (429) when the project sets none.
        status=axes_settings.AXES_HTTP_RESPONSE_CODE,
    )
