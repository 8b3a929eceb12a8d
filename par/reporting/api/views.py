"""The viewsets of the reporting API: serializers in `serializers.py`, routes announced in `__init__.py`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from par.accounts.access import access_unit, visible_units
from par.core.params import read_query
from par.reporting import actions
from par.reporting.access import access_period, access_report, visible_periods, visible_reports
from par.reporting.api.serializers import (
    VALUES_ANSWER_EXAMPLE,
    VALUES_EXAMPLE,
    CreateSerializer,
    PeriodSerializer,
    PeriodStatusSerializer,
    ReportQuerySerializer,
    ReportSerializer,
    ReportTransitionSerializer,
    StatusQuerySerializer,
    ValueSerializer,
    ValuesSerializer,
)
from par.reporting.models import Rank
from par.reporting.queries import completeness


def _whole(number) -> bool:
    return number is not None and number == number.to_integral_value()


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """The periods of the caller's province with their template, data windows and deadlines by level; GET
    …/status/?unit= is completeness."""

    serializer_class = PeriodSerializer

    def get_queryset(self):
        return visible_periods(self.request.user).prefetch_related("deadlines").order_by("-year", "cutoff")

    @extend_schema(parameters=[StatusQuerySerializer], responses=PeriodStatusSerializer)
    @action(detail=True, methods=["get"])
    def status(self, request, pk=None):
        period = self.get_object()
        unit = access_unit(request.user, read_query(StatusQuerySerializer, request)["unit"])
        if not period.covers(unit):
            raise Http404
        result = completeness(unit, period, visible_units(request.user))
        return Response(
            {
                "expected": result.expected,
                "submitted": result.submitted,
                "on_time": result.on_time,
                "late": result.late,
                "missing": result.missing,
                "units": [
                    {
                        "unit": r.unit.pk,
                        "name": r.unit.name,
                        "due": r.due,
                        "ended": r.ended,
                        "state": r.report.state if r.report else None,
                        "first_submitted_at": r.report.first_submitted_at if r.report else None,
                        "on_time": r.on_time,
                    }
                    for r in result.rows
                ],
            }
        )


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Reports the caller may see; POST creates; POST …/values/, submit/, return/, approve/, reopen/."""

    serializer_class = ReportSerializer

    def get_queryset(self):
        qs = visible_reports(self.request.user).select_related("unit").order_by("period", "unit__path")
        if self.action == "list" and (
            period := read_query(ReportQuerySerializer, self.request).get("period")
        ):
            qs = qs.filter(period_id=period)
        return qs

    @extend_schema(parameters=[ReportQuerySerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CreateSerializer, responses={201: ReportSerializer})
    def create(self, request):
        data = _valid(CreateSerializer, request)
        unit = access_unit(request.user, data["unit"])
        period = access_period(request.user, data["period"])
        report = actions.do_create_report(unit=unit, period=period, actor=request.user)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses=ValueSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ValuesSerializer,
        responses=ValueSerializer(many=True),
        examples=[VALUES_EXAMPLE, VALUES_ANSWER_EXAMPLE],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def values(self, request, pk=None):
        report = access_report(request.user, pk)
        if request.method == "POST":
            data = _valid(ValuesSerializer, request)
            table = get_object_or_404(report.template.tables, number=data["appendix"])
            cells, reasons = {}, {}
            for cell in data["cells"]:
                key = (cell["element"], cell["column"])
                if cell["column"] in ("note", "issued"):
                    cells[key] = cell.get("text", "")
                elif cell.get("rank_of") is not None and _whole(cell.get("number")):
                    cells[key] = Rank(int(cell["number"]), cell["rank_of"])
                else:
                    cells[key] = cell.get("number")
                if cell.get("reason"):
                    reasons[cell["element"]] = cell["reason"]
            actions.do_save_values(
                report,
                table,
                cells=cells,
                reasons=reasons,
                expected_version=data["version"],
                actor=request.user,
            )
        values = report.values.select_related("element__table").order_by(
            "element__table__number", "element__order"
        )
        return Response(ValueSerializer(values, many=True).data)

    def _transition(self, request, pk, function, text_field=None):
        report = access_report(request.user, pk)
        data = _valid(ReportTransitionSerializer, request)
        kwargs = {text_field: data[text_field]} if text_field else {}
        report = function(report, expected_version=data["version"], actor=request.user, **kwargs)
        return Response(ReportSerializer(report).data)

    @extend_schema(request=ReportTransitionSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(request, pk, actions.do_submit_report)

    @extend_schema(request=ReportTransitionSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, pk, actions.do_return_report, "comment")

    @extend_schema(request=ReportTransitionSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, pk, actions.do_approve_report)

    @extend_schema(request=ReportTransitionSerializer, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, pk, actions.do_reopen_report, "reason")
