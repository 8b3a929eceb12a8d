"""Sync to the national level (decision 0171).

A province keeps an outbox: one `OutboxEvent` per fact the Ministry is told (a report approved, index results
published, a petition answered, a day's dossier statistics), written in the same transaction as the action, and
numbered 1, 2, 3 … within its stream (`SyncStream` holds the last number). A national deployment keeps the
provinces it accepts (`ReceivingProvince`, with the hash of each one's token) and what they pushed
(`ReceivedItem`, once per province and key).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    DEAD = "dead", _("Failed, waiting for an administrator")
    DISCARDED = "discarded", _("Discarded")


class SyncStream(models.Model):
    """A stream of the outbox and the last sequence number given in it (its row is locked to number the next)."""

    name = models.CharField(_("stream"), max_length=60, primary_key=True)
    last_sequence = models.PositiveBigIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("sync stream")
        verbose_name_plural = _("sync streams")

    def __str__(self) -> str:
        return self.name


class OutboxEvent(models.Model):
    """One fact to tell the national level, numbered within its stream, sent in that order."""

    stream = models.CharField(_("stream"), max_length=60)
    sequence = models.PositiveBigIntegerField(_("sequence number"))
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    payload = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("created at"))
    state = models.CharField(
        _("state"), max_length=10, choices=OutboxState.choices, default=OutboxState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "sequence"],
                name="sync_outbox_stream_sequence_unique",
                violation_error_message=_("This sequence number is already used in the stream."),
            ),
        ]
        indexes = [
            # deliver_pending: the first undelivered event of each stream, in order.
            models.Index(fields=["state", "stream", "sequence"], name="sync_outbox_state_stream_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.stream} #{self.sequence}"


class ReceivingProvince(models.Model):
    """A province whose pushes a national deployment accepts; its token is kept only as a SHA-256 hash."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    token_prefix = models.CharField(_("token prefix"), max_length=12)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("receiving province")
        verbose_name_plural = _("receiving provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_authenticated(self) -> bool:
        # DRF treats the authenticated "user" as signed in; a province is not a person and holds no roles.
        return True


class ReceivedItem(models.Model):
    """One item a province pushed, stored once per (province, key); its stream numbers arrive without gaps."""

    province = models.ForeignKey(
        ReceivingProvince, verbose_name=_("province"), on_delete=models.PROTECT, related_name="items"
    )
    stream = models.CharField(_("stream"), max_length=60)
    sequence = models.PositiveBigIntegerField(_("sequence number"))
    key = models.CharField(_("idempotency key"), max_length=200)
    payload = models.JSONField(_("content"))
    sent_at = models.DateTimeField(_("created at the province"))
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("received item")
        verbose_name_plural = _("received items")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "key"],
                name="sync_received_province_key_unique",
                violation_error_message=_("This item was already received from the province."),
            ),
            models.UniqueConstraint(
                fields=["province", "stream", "sequence"],
                name="sync_received_province_stream_seq_unique",
                violation_error_message=_("This sequence number was already received in the stream."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_id}:{self.stream} #{self.sequence}"
