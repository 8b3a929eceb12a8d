"""The answer of the public lookup, described for the schema (the view returns the cached dict as it is)."""

from __future__ import annotations

from rest_framework import serializers


class PublicStepSerializer(serializers.Serializer):
    at = serializers.CharField(help_text="hh:mm dd/mm/yyyy, Asia/Ho_Chi_Minh.")
    state = serializers.CharField(help_text="The state the dossier entered, as a label.")
    label = serializers.CharField(required=False, help_text="The step's public label; with the secret only.")


class PublicDossierSerializer(serializers.Serializer):
    """The answer of the public lookup (documentation only: the view returns the cached dict as it is)."""

    code = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    submitted_at = serializers.CharField(allow_null=True)
    received_at = serializers.CharField(allow_null=True)
    due_date = serializers.CharField(allow_null=True, help_text="Appointment date, dd/mm/yyyy.")
    due_time = serializers.CharField(
        allow_null=True, help_text="Appointment time hh:mm, for limits within the day or with a half day."
    )
    legal_due_date = serializers.CharField(allow_null=True)
    new_due_date = serializers.CharField(allow_null=True, help_text="Set by an apology slip.")
    due_explanation = serializers.CharField(help_text="How the appointment date was computed (no reasons).")
    clock_stopped = serializers.BooleanField(
        help_text="True while the clock is stopped for a supplement; the dates above are then null."
    )
    clock_stopped_since = serializers.CharField(
        allow_null=True, help_text="hh:mm dd/mm/yyyy, Asia/Ho_Chi_Minh."
    )
    clock_stopped_reason = serializers.CharField(help_text="Why, in words that name no person or document.")
    working_days_left = serializers.IntegerField(
        allow_null=True,
        help_text="Working days left when the clock stopped; they continue on the supplement.",
    )
    result_available = serializers.BooleanField()
    resolved_at = serializers.CharField(allow_null=True)
    returned_at = serializers.CharField(allow_null=True)
    outcome_label = serializers.CharField()
    steps_done = PublicStepSerializer(many=True)
    with_secret = serializers.BooleanField(help_text="True when the security code matched the dossier.")
    procedure_code = serializers.CharField(required=False, help_text="With the secret only.")
    procedure_name = serializers.CharField(required=False, help_text="With the secret only.")
    unit_name = serializers.CharField(required=False, help_text="With the secret only.")
    channel_label = serializers.CharField(required=False, help_text="With the secret only.")
    applicant = serializers.CharField(
        required=False, help_text="The applicant's name masked letter by letter; with the secret only."
    )
