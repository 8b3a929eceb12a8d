"""API shapes of plans. Statuses are computed (derived from dates and progress), never accepted as input."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from par.orgunits.groups import UnitGroup
from par.plans.models import Assignment, Evidence, PlanTask, ProgressUpdate, Recurrence, ReformPlan, UnitRole
from par.plans.queries import assignment_status


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    order = serializers.IntegerField()


class PlanSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReformPlan
        fields = [
            "id",
            "year",
            "unit",
            "unit_name",
            "title",
            "decision_number",
            "decision_date",
            "signer",
            "signer_title",
            "parent",
            "state",
            "issued_at",
            "version",
            "task_count",
        ]
        read_only_fields = fields


class RollupSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()
    due = serializers.IntegerField()
    done = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)
    formula = serializers.CharField()


class PlanDetailSerializer(PlanSerializer):
    areas = AreaSerializer(many=True, read_only=True)
    rollup = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "areas", "rollup"]
        read_only_fields = fields

    def get_rollup(self, obj) -> dict:
        return RollupSerializer(self.context["rollup"]).data


class PlanCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=255)
    decision_number = serializers.CharField(max_length=60, required=False, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    signer = serializers.CharField(max_length=120, required=False, default="")
    signer_title = serializers.CharField(max_length=120, required=False, default="")


class PlanUpdateSerializer(serializers.Serializer):
    """Header changes; `version` is the one read, so that a concurrent change is refused with 409."""

    # Required on PATCH too (par.core.schema): the other fields are optional, the version never is.
    required_on_patch = True

    version = serializers.IntegerField()
    title = serializers.CharField(max_length=255, required=False)
    decision_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)
    signer = serializers.CharField(max_length=120, required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=120, required=False, allow_blank=True)


class MilestoneSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    kind = serializers.CharField()


class TaskSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.name")
    products = serializers.SerializerMethodField()
    milestones = MilestoneSerializer(many=True, source="milestones.all")
    lead_units = serializers.SerializerMethodField()
    coordinating_units = serializers.SerializerMethodField()
    lead_groups = serializers.SerializerMethodField()
    coordinating_groups = serializers.SerializerMethodField()
    final_due = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    # Blank for a task that does not recur.
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, allow_blank=True, read_only=True)

    class Meta:
        model = PlanTask
        fields = [
            "id",
            "plan",
            "area",
            "area_name",
            "number",
            "text",
            "products",
            "lead_units",
            "coordinating_units",
            "lead_groups",
            "coordinating_groups",
            "units_text",
            "schedule_text",
            "milestones",
            "recurrence",
            "event_trigger",
            "schedule_warnings",
            "note",
            "final_due",
            "status",
            "cancelled_at",
            "cancel_reason",
            "version",
        ]
        read_only_fields = fields

    def _summary(self, obj):
        return self.context["summaries"][obj.pk]

    def get_products(self, obj) -> list[str]:
        return [p.name for p in obj.products.all()]

    def _units(self, obj, role) -> list[int]:
        performers = self._summary(obj).lead if role == UnitRole.LEAD else self._summary(obj).coordinating
        return [u.pk for u in performers.named] + [u.pk for g in performers.groups for u in g.units]

    def get_lead_units(self, obj) -> list[int]:
        return self._units(obj, UnitRole.LEAD)

    def get_coordinating_units(self, obj) -> list[int]:
        return self._units(obj, UnitRole.COORDINATING)

    def get_lead_groups(self, obj) -> list[str]:
        return [g.group for g in obj.unit_groups.all() if g.role == UnitRole.LEAD]

    def get_coordinating_groups(self, obj) -> list[str]:
        return [g.group for g in obj.unit_groups.all() if g.role == UnitRole.COORDINATING]

    def get_final_due(self, obj) -> str | None:
        due = self._summary(obj).final_due
        return due.isoformat() if due else None

    def get_status(self, obj) -> str:
        return str(self._summary(obj).status)


class TaskCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    area = serializers.CharField(max_length=30)
    number = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    text = serializers.CharField()
    products = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list
    )
    lead_units = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    coordinating_units = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    lead_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=UnitGroup.choices), required=False, default=list
    )
    coordinating_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=UnitGroup.choices), required=False, default=list
    )
    units_text = serializers.CharField(required=False, default="", allow_blank=True)
    schedule_text = serializers.CharField(required=False, default="", allow_blank=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AssignmentSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="task.plan_id", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    final_due = serializers.DateField(read_only=True, allow_null=True)
    next_due = serializers.DateField(read_only=True, allow_null=True)
    completed_on = serializers.DateField(read_only=True, allow_null=True)
    update_count = serializers.IntegerField(read_only=True)
    last_percent = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "task",
            "plan",
            "unit",
            "unit_name",
            "role",
            "via_group",
            "final_due",
            "next_due",
            "completed_on",
            "update_count",
            "last_percent",
            "status",
        ]
        read_only_fields = fields

    def get_status(self, obj) -> str:
        today = self.context.get("today") or timezone.localdate()
        return str(assignment_status(obj, today))


class EvidenceSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return reverse("plans:evidence_download", args=[obj.pk])


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "assignment",
            "author",
            "author_name",
            "created_at",
            "text",
            "percent",
            "milestone",
            "product_reference",
            "completed_on",
            "evidence",
        ]
        read_only_fields = fields


class ProgressCreateSerializer(serializers.Serializer):
    """A progress report; evidence files come as multipart `files` (several allowed)."""

    assignment = serializers.IntegerField()
    text = serializers.CharField()
    percent = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True, default=None
    )
    milestone = serializers.IntegerField(required=False, allow_null=True, default=None)
    product_reference = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
