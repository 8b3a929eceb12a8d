"""/api/v1/plans, plan-tasks, plan-assignments, plan-updates: scoped reads, writes through the actions.

Errors through par.core.http.api_exception_handler, as in every API (decision 0106): an object outside the
caller's scope is 404, like a missing one; a visible object the caller may not change is 403 with the action's
message; a rule the action refuses is 400 with its message in the caller's language; a stale `version` is 409
with {"detail", "code": "conflict"}.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from par.accounts.access import access_unit
from par.core.params import JSONObjectParser
from par.plans.access import (
    access_assignment,
    access_plan,
    access_task,
    visible_assignments,
    visible_plans,
    visible_tasks,
)
from par.plans.actions import (
    TaskInput,
    do_add_task,
    do_cancel_task,
    do_create_plan,
    do_issue_plan,
    do_report_progress,
    do_update_plan,
)
from par.plans.api import serializers as s
from par.plans.filters import AssignmentFilter, PlanFilter, ProgressUpdateFilter, TaskFilter
from par.plans.models import Milestone, PlanTask, ProgressUpdate
from par.plans.queries import (
    annotate_assignments,
    plan_rollup,
    summarise_tasks,
    tasks_for_display,
)


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """PAR plans the caller may see; POST creates a draft, PATCH changes the header, POST …/issue/ issues."""

    filterset_class = PlanFilter

    def get_queryset(self):
        return (
            visible_plans(self.request.user)
            .select_related("unit")
            .prefetch_related("areas")
            .annotate(task_count=Count("tasks"))
            .order_by("-year", "unit__path")
        )

    def get_serializer_class(self):
        return s.PlanDetailSerializer if self.action == "retrieve" else s.PlanSerializer

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        tasks = tasks_for_display(visible_tasks(request.user).filter(plan=plan))
        rollup = plan_rollup(summarise_tasks(tasks, timezone.localdate()), timezone.localdate())
        return Response(s.PlanDetailSerializer(plan, context={"rollup": rollup}).data)

    @extend_schema(request=s.PlanCreateSerializer, responses=s.PlanSerializer)
    def create(self, request):
        data = _valid(s.PlanCreateSerializer, request)
        unit = access_unit(request.user, data.pop("unit"))
        plan = do_create_plan(unit=unit, **data, actor=request.user)
        return Response(
            s.PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=s.PlanUpdateSerializer, responses=s.PlanSerializer)
    def partial_update(self, request, pk=None):
        plan = access_plan(request.user, pk)
        data = _valid(s.PlanUpdateSerializer, request)
        version = data.pop("version")
        do_update_plan(plan, changes=data, expected_version=version, actor=request.user)
        return Response(s.PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=None, responses=s.PlanSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        do_issue_plan(access_plan(request.user, pk), actor=request.user)
        return Response(s.PlanSerializer(self.get_queryset().get(pk=pk)).data)


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Plan tasks with their milestones, units and derived status; POST adds a task, POST …/cancel/ cancels."""

    serializer_class = s.TaskSerializer
    filterset_class = TaskFilter

    def get_queryset(self):
        return tasks_for_display(visible_tasks(self.request.user)).order_by("plan", "area__order", "order")

    def get_serializer_context(self):
        # Statuses of the page being serialised, derived in one pass (see paginate_queryset).
        return {**super().get_serializer_context(), "summaries": getattr(self, "_summaries", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._summaries = summarise_tasks(page if page is not None else queryset, timezone.localdate())
        return page

    def retrieve(self, request, *args, **kwargs):
        task = self.get_object()
        self._summaries = summarise_tasks([task], timezone.localdate())
        return Response(self.get_serializer(task).data)

    def _respond(self, task, code=status.HTTP_200_OK):
        task = tasks_for_display(PlanTask.objects.filter(pk=task.pk)).get()
        self._summaries = summarise_tasks([task], timezone.localdate())
        return Response(self.get_serializer(task).data, status=code)

    @extend_schema(request=s.TaskCreateSerializer, responses=s.TaskSerializer)
    def create(self, request):
        data = _valid(s.TaskCreateSerializer, request)
        plan = access_plan(request.user, data.pop("plan"))
        task_input = TaskInput(
            area_code=data.pop("area"),
            lead_units=[access_unit(request.user, pk) for pk in data.pop("lead_units")],
            coordinating_units=[access_unit(request.user, pk) for pk in data.pop("coordinating_units")],
            **data,
        )
        task = do_add_task(plan, task_input, actor=request.user)
        return self._respond(task, status.HTTP_201_CREATED)

    @extend_schema(request=s.CancelSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = _valid(s.CancelSerializer, request)
        task = do_cancel_task(access_task(request.user, pk), reason=data["reason"], actor=request.user)
        return self._respond(task)


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """One unit's share of a task, with its deadlines, completion and derived status."""

    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        rows = annotate_assignments(visible_assignments(self.request.user))
        return rows.select_related("unit", "task").order_by(
            "task__plan", "task__area__order", "task__order", "pk"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class ProgressUpdateViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Progress reports with their evidence; POST (JSON or multipart with `files`) reports progress."""

    serializer_class = s.ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    parser_classes = [JSONObjectParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (
            ProgressUpdate.objects.filter(assignment__in=visible_assignments(self.request.user))
            .select_related("author")
            .prefetch_related("evidence")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=s.ProgressCreateSerializer, responses=s.ProgressUpdateSerializer)
    def create(self, request):
        data = _valid(s.ProgressCreateSerializer, request)
        assignment = access_assignment(request.user, data.pop("assignment"))
        milestone_id = data.pop("milestone")
        milestone = Milestone.objects.filter(pk=milestone_id).first() if milestone_id else None
        if milestone_id and milestone is None:
            raise DjangoValidationError(_("The milestone belongs to another task."))
        files = data.pop("files")
        update = do_report_progress(assignment, **data, milestone=milestone, files=files, actor=request.user)
        created = self.get_queryset().get(pk=update.pk)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
