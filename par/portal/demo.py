"""Demo ratings for some resolved demo dossiers, given through the action (idempotent)."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError

from par.dossiers.models import Dossier
from par.portal.actions import RATABLE_STATES, do_rate_dossier
from par.portal.models import ASPECTS, Rating
from par.portal.tokens import rating_token

# Loaded by `manage.py load_demo` after the apps named here (decision 0118): ratings are of demo dossiers.
AFTER: tuple[str, ...] = ("dossiers",)

# Share of resolved dossiers whose applicant rates the service, and the comments some of them leave.
RATED_SHARE = 0.3
LIMIT = 2000
COMMENTS = ["", "", "", "Cán bộ hướng dẫn tận tình.", "Trả kết quả đúng hẹn.", "Cần rút ngắn thời gian chờ."]


def load_demo(units: dict, stdout) -> None:
    if Rating.objects.exists():  # the demo's ratings were given on an earlier run
        return
    candidates = list(
        Dossier.objects.filter(state__in=RATABLE_STATES, resolved_at__isnull=False, rating__isnull=True)
        .order_by("pk")
        .values_list("code", "outcome")[: int(LIMIT / RATED_SHARE)]
    )
    if not candidates:
        stdout.write("Demo ratings: no resolved dossier without a rating.")
        return
    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not a secret
    made = 0
    for code, outcome in candidates:
        if rng.random() > RATED_SHARE or made >= LIMIT:
            continue
        # Late results are rated lower, as in the province's surveys.
        low, high = (2, 5) if outcome == "late" else (3, 5)
        scores = {name: rng.randint(low, high) for name, _label in ASPECTS}
        try:
            do_rate_dossier(code, rating_token(code), scores=scores, comment=rng.choice(COMMENTS))
        except ValidationError:
            continue
        made += 1
    stdout.write(f"Demo ratings: {made} (total {Rating.objects.count()}).")
