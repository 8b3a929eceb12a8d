from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from par.catalog.models import Field, Procedure, ProcedureVersion, ProcessingStep, RequiredDocument


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["code", "name"]


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessingStep
        fields = ["position", "name", "actor", "days"]


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["position", "name", "originals", "copies", "form_template"]


class VersionSerializer(serializers.ModelSerializer):
    steps = StepSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = ProcedureVersion
        fields = [
            "valid_from",
            "valid_to",
            "legal_days",
            "committed_days",
            "limit_note",
            "cutoff",
            "online_level",
            "fee_text",
            "fee_amount",
            "legal_basis",
            "decision",
            "steps",
            "documents",
        ]


class ProcedureSerializer(serializers.ModelSerializer):
    """A procedure with the version in force on the requested day (`?on=`, default today)."""

    field = FieldSerializer(read_only=True)
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "levels",
            "responsible_kind",
            "agency",
            "result",
            "is_published",
            "is_demo",
            "source",
            "current_version",
        ]

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_current_version(self, obj: Procedure):
        version = obj.version_on(self.context["day"])
        return VersionSerializer(version).data if version is not None else None
