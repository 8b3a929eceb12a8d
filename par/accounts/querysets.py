"""Memberships as querysets."""

from __future__ import annotations

from django.db import models


class MembershipQuerySet(models.QuerySet):
    """Memberships; whose a user may see is `par.accounts.access` (visible_* / access_*), not a method here."""
