from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from par.sync.models import ReceivedItem
from par.sync.outbox import STREAMS


class InboxItemSerializer(serializers.Serializer):
    """One item a province pushes: its stream, its number there, the number of the one before, its key."""

    stream = serializers.ChoiceField(choices=STREAMS, label=_("stream"))
    sequence = serializers.IntegerField(min_value=1, label=_("sequence number"))
    previous = serializers.IntegerField(
        min_value=0, label=_("previous sequence number"), help_text=_("0 for the stream's first item.")
    )
    key = serializers.CharField(max_length=200, label=_("idempotency key"))
    created_at = serializers.DateTimeField(label=_("created at the province"))
    payload = serializers.DictField(label=_("content"))

    def validate(self, attrs):
        if attrs["previous"] >= attrs["sequence"]:
            raise serializers.ValidationError(
                {"previous": _("The previous number must be below the sequence number.")}
            )
        return attrs


class ReceivedItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReceivedItem
        fields = ["key", "stream", "sequence", "received_at"]
