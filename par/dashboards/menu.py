"""The dashboard's entry in the main navigation (found by par.accounts.context_processors, decision 0118)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

GROUP = "reform"
ORDER = 60


def items(user, roles: set[str]) -> list[dict]:
    # Everyone with a unit has a dashboard (the province's or their own unit's); no query here.
    if roles or user.is_superuser:
        return [
            {"label": _("Dashboard"), "url": reverse("dashboards:province"), "key": "dashboard"},
            {"label": _("My exports"), "url": reverse("dashboards:exports"), "key": "exports"},
        ]
    return []
