"""Petitions (phản ánh, kiến nghị) on administrative regulations and on the handling of dossiers.

Life cycle: received (public form) → routed to the responsible unit with a working-day deadline (province
PAR officer) → answered (the unit) → published (the question and the answer as the publisher rewrote them, kept
as a `PetitionPublication`) → reopened by the citizen if they disagree (code plus the secret given at
submission), which withdraws the publication and sends the petition back to the unit with a new deadline.
Time limit: docs/decisions/0080-petition-time-limit.md; publication: 0083 and 0093.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from par.core.models import TimeStamped, Versioned


class PetitionKind(models.TextChoices):
    REGULATION = "regulation", _("On an administrative regulation")
    HANDLING = "handling", _("On the handling of a dossier")


class PetitionState(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting routing")
    ROUTED = "routed", _("Being handled")
    ANSWERED = "answered", _("Answered")
    REOPENED = "reopened", _("Reopened at the citizen's request")


# States in which the responsible unit owes an answer: the deadline runs.
OPEN_STATES = frozenset({PetitionState.ROUTED, PetitionState.REOPENED})


def attachment_upload_to(instance: Petition, filename: str) -> str:
    return f"petitions/{instance.code}/{filename}"


class Petition(TimeStamped, Versioned):
    """A citizen's or organisation's petition, owned by one unit (addressed at submission, then routed)."""

    code = models.CharField(_("petition code"), max_length=30, unique=True)
    # Only the hash is kept: the secret is shown once, on the confirmation page.
    secret_hash = models.CharField(_("secret (hashed)"), max_length=128, editable=False)
    kind = models.CharField(_("about"), max_length=12, choices=PetitionKind.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=PetitionState.choices, default=PetitionState.RECEIVED
    )
    unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    # Personal data: shown to staff only, never on a public page.
    name = models.CharField(_("full name or organisation"), max_length=200)
    contact = models.CharField(_("phone or e-mail"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    content = models.TextField(_("content"))
    dossier_code = models.CharField(_("dossier code"), max_length=60, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_upload_to, blank=True, max_length=255)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    attachment_type = models.CharField(_("attachment content type"), max_length=100, blank=True)
    attachment_size = models.PositiveIntegerField(_("attachment size (bytes)"), default=0)

    received_at = models.DateTimeField(_("received at"))
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"), null=True, blank=True)
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    due_explanation = models.TextField(_("how the due date was computed"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True)
    # Set while a publication is on the public page (the publication itself is a PetitionPublication).
    published_at = models.DateTimeField(
        pgettext_lazy("petition answer", "published at"), null=True, blank=True
    )
    reopened_at = models.DateTimeField(_("last reopened at"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_at"]
        indexes = [
            # The unit's queue and the overdue sweep: open petitions of a unit by due date.
            models.Index(fields=["state", "due_date"], name="petition_state_due_idx"),
            models.Index(fields=["unit", "state"], name="petition_unit_state_idx"),
            # The public list of published answers, newest first.
            models.Index(fields=["published_at"], name="petition_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(state=PetitionState.ANSWERED),
                name="petition_published_only_answered",
                violation_error_message=_("Only an answered petition can be published."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


class PetitionEvent(models.Model):
    """One entry of a petition's history, as staff see it on the detail page."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        ROUTE = "route", _("Routed")
        ANSWER = "answer", _("Answered")
        PUBLISH = "publish", _("Answer published")
        CORRECT = "correct", _("Published answer corrected")
        REOPEN = "reopen", _("Reopened by the citizen")

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    unit = models.ForeignKey(
        "orgunits.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("petition event")
        verbose_name_plural = _("petition events")
        ordering = ["petition", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.petition_id} · {self.action}"


class PublicationQuerySet(models.QuerySet):
    def in_force(self) -> PublicationQuerySet:
        """Publications not withdrawn, with only the fields a public page shows (decision 0093): the published
        texts, the kind, the unit and the dates; never the citizen's subject, content, name or contact."""
        return (
            self.filter(withdrawn_at__isnull=True)
            .select_related("petition", "unit")
            .only(
                "question",
                "answer",
                "answered_at",
                "published_at",
                "corrects_id",
                "petition__code",
                "petition__kind",
                "petition__received_at",
                "unit__name",
            )
        )


class PetitionPublication(models.Model):
    """One publication of a petition's answer: the question and answer the publisher approved, as shown.

    Never changed once written (decision 0093): reopening the petition withdraws it, a correction withdraws it
    and publishes a new one that names it in `corrects`. Only these texts reach the public page, never the
    citizen's own subject or content.
    """

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.PROTECT, related_name="publications"
    )
    number = models.PositiveSmallIntegerField(_("publication number"))
    unit = models.ForeignKey(
        "orgunits.Unit", verbose_name=_("answering unit"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(_("question as published"))
    answer = models.TextField(_("answer as published"))
    answered_at = models.DateTimeField(_("answered at"))
    published_at = models.DateTimeField(pgettext_lazy("petition answer", "published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects the publication"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("published answer")
        verbose_name_plural = _("published answers")
        ordering = ["petition", "number"]
        indexes = [
            # The public list of answers: current publications, newest first.
            models.Index(
                fields=["-published_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="petition_pub_current_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "number"],
                name="petition_pub_number_unique",
                violation_error_message=_("This publication number is already used for the petition."),
            ),
            models.UniqueConstraint(
                fields=["petition"],
                condition=Q(withdrawn_at__isnull=True),
                name="petition_pub_one_current",
                violation_error_message=_("The petition already has a publication on the public page."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} · {self.number}"
