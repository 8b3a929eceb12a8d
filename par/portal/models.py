"""Public-facing data of the portal: the citizen's rating of the service after the result of a dossier."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The aspects rated, after the service elements of the satisfaction survey (SIPAS, Decision 1001/QĐ-BNV):
# access to the service, the procedure, the civil servant who handled it, the result.
ASPECTS = (
    ("access", _("Access to the service")),
    ("procedure", _("The administrative procedure")),
    ("staff", _("The civil servants who handled the dossier")),
    ("result", _("The result and its timeliness")),
)
SATISFIED_FROM = 4  # 4 = satisfied, 5 = very satisfied


def _score(label):
    return models.PositiveSmallIntegerField(label)


class Rating(models.Model):
    """One rating per dossier, given by the applicant after the result was issued (docs/decisions/0082)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="rating"
    )
    access = _score(_("access to the service"))
    procedure = _score(_("the administrative procedure"))
    staff = _score(_("the civil servants"))
    result = _score(_("the result"))
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("service rating")
        verbose_name_plural = _("service ratings")
        ordering = ["-rated_at"]
        indexes = [
            # The satisfaction measure: ratings given in a period.
            models.Index(fields=["rated_at"], name="portal_rating_rated_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(access__gte=1, access__lte=5)
                & Q(procedure__gte=1, procedure__lte=5)
                & Q(staff__gte=1, staff__lte=5)
                & Q(result__gte=1, result__lte=5),
                name="portal_rating_scores_1_to_5",
                violation_error_message=_("Each score is from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} · {self.rated_at:%d/%m/%Y}"

    @property
    def scores(self) -> list[int]:
        return [getattr(self, name) for name, _label in ASPECTS]
