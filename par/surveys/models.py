"""Satisfaction surveys (SIPAS style): questionnaires with versions, distribution links and one-time tokens,
anonymous responses (one per token) and their answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from par.core.models import TimeStamped, Versioned


class Aspect(models.TextChoices):
    """The five service elements of the SIPAS method (Decision 2640/QĐ-BNV 2017; kept by 1001/QĐ-BNV 2023)."""

    ACCESS = "access", _("Access to the service")
    PROCEDURE = "procedure", _("Administrative procedure")
    CIVIL_SERVANT = "civil_servant", _("Civil servant handling the case")
    RESULT = "result", _("Result of the service")
    FEEDBACK = "feedback", _("Receiving and handling feedback")
    OTHER = "other", _("Other questions (not in the index)")


class QuestionnaireState(models.TextChoices):
    """Draft (being built) → active (collecting) → closed (a newer version replaced it)."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Collecting responses")
    CLOSED = "closed", _("Closed")


DEFAULT_SCALE = [
    "Rất không hài lòng",
    "Không hài lòng",
    "Bình thường",
    "Hài lòng",
    "Rất hài lòng",
]


class Questionnaire(TimeStamped, Versioned):
    """One version of a questionnaire; a new version is a copy, so old responses keep their questions."""

    owner = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=40)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=QuestionnaireState.choices, default="draft")
    # Labels of the answer scale, lowest first; answers are 1..len(scale).
    scale = models.JSONField(_("answer scale"), default=list)
    # Answers at or above this point count as satisfied ("satisfied" and "very satisfied" on the 5-point scale).
    satisfied_from = models.PositiveSmallIntegerField(_("satisfied from"), default=4)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "code", "number"],
                name="surveys_questionnaire_version_unique",
                violation_error_message=_("This version of the questionnaire already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class Section(models.Model):
    """A part of the questionnaire; its aspect says which element of the index its scale answers count for."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=255)
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices, default=Aspect.OTHER)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["questionnaire", "order"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    TEXT = "text", pgettext_lazy("survey question", "Free text")


class Question(models.Model):
    """A question: answered on the questionnaire's scale, or as free text (not in the index)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE
    )
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__order", "order"]

    def __str__(self) -> str:
        return self.text


class Mode(models.TextChoices):
    LINK = "link", _("Link or QR code (one-time tokens)")
    KIOSK = "kiosk", _("Kiosk at the reception desk")


class SurveyLink(TimeStamped):
    """A distribution of a questionnaire for one unit (and optionally one procedure)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="links")
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("unit surveyed"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.LINK)
    slug = models.CharField(_("public code"), max_length=40, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.unit}"


class Token(models.Model):
    """A one-time right to answer: a response consumes it (one response per token)."""

    link = models.ForeignKey(SurveyLink, on_delete=models.CASCADE, related_name="tokens")
    value = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("token")
        verbose_name_plural = _("tokens")

    def __str__(self) -> str:
        return self.value[:6] + "…"


class KioskSessionQuerySet(models.QuerySet):
    def open(self):
        """Sessions not revoked and not yet expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class KioskSession(models.Model):
    """A kiosk device opened by an officer: kiosk answers are taken only while it is open (decision 0097)."""

    link = models.ForeignKey(
        SurveyLink, verbose_name=_("kiosk"), on_delete=models.PROTECT, related_name="kiosk_sessions"
    )
    label = models.CharField(_("device"), max_length=80)
    # SHA-256 of the random key in the device's signed cookie: the cookie is worth nothing without this row.
    key_hash = models.CharField(_("key digest"), max_length=64, unique=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = KioskSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiosk session")
        verbose_name_plural = _("kiosk sessions")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"{self.label} · {self.link.unit}"

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ResponseStatus(models.TextChoices):
    """Whether a response counts in the satisfaction index (decision 0098)."""

    COUNTED = "counted", _("Counted")
    FLAGGED = "flagged", _("Flagged, awaiting the council's review")
    ACCEPTED = "accepted", _("Accepted by the council")
    REJECTED = "rejected", _("Rejected by the council")


# The responses the satisfaction index counts: never flagged, or accepted on review.
COUNTED_STATUSES = (ResponseStatus.COUNTED, ResponseStatus.ACCEPTED)


class FlagReason(models.TextChoices):
    BURST = "burst", _("More answers at one kiosk in a short time than people could fill in")


class Response(models.Model):
    """An anonymous response; nothing about the respondent is stored."""

    # One response per token, enforced by the database as well as by the action.
    token = models.OneToOneField(Token, on_delete=models.PROTECT, related_name="response")
    link = models.ForeignKey(SurveyLink, on_delete=models.PROTECT, related_name="responses")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    unit = models.ForeignKey("orgunits.Unit", on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(
        "catalog.Procedure", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)
    kiosk_session = models.ForeignKey(
        KioskSession,
        verbose_name=_("kiosk session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.COUNTED
    )
    flag_reason = models.CharField(_("why flagged"), max_length=20, choices=FlagReason.choices, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            # The appraisal council's review list: the flagged responses of a questionnaire.
            models.Index(
                fields=["questionnaire"], condition=Q(status="flagged"), name="surveys_response_flagged"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Answer(models.Model):
    """One answer of a response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("survey", "answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_once")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value if self.value is not None else self.text[:40]}"
