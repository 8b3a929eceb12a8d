"""Every change made through the portal: the citizen's rating, checked, stored and audited in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from par.audit.log import record_event
from par.dossiers.models import Dossier, DossierState
from par.portal.models import ASPECTS, Rating
from par.portal.tokens import check_rating_token

RATABLE_STATES = (DossierState.RESULT_READY, DossierState.RETURNED)


def do_rate_dossier(code: str, token: str, *, scores: dict[str, int], comment: str = "") -> Rating:
    """Record the applicant's one rating of the service, after the result of the dossier was issued."""
    code = (code or "").strip()
    if not check_rating_token(code, token):
        raise ValidationError(_("The security code is wrong. It is printed on your receipt."))
    errors = {}
    for name, _label in ASPECTS:
        value = scores.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = _("Choose a score from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            # Lock the dossier so two submissions of the same rating cannot both pass the "not yet rated" check.
            dossier = Dossier.objects.select_for_update().select_related("unit").filter(code=code).first()
            if dossier is None:
                raise ValidationError(_("The security code is wrong. It is printed on your receipt."))
            if dossier.state not in RATABLE_STATES or dossier.resolved_at is None:
                raise ValidationError(_("The service can be rated once the result has been issued."))
            if Rating.objects.filter(dossier=dossier).exists():
                raise ValidationError(_("This dossier has already been rated. Thank you."))
            rating = Rating.objects.create(
                dossier=dossier,
                comment=comment.strip(),
                rated_at=timezone.now(),
                **{name: scores[name] for name, _label in ASPECTS},
            )
            record_event(
                actor=None,
                action="portal.rate",
                obj=rating,
                unit=dossier.unit,
                after={"dossier": dossier.code, **{n: scores[n] for n, _label in ASPECTS}},
            )
    except IntegrityError:
        raise ValidationError(_("This dossier has already been rated. Thank you.")) from None
    return rating
