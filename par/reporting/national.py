"""What the national level is told when a report is submitted or approved: the report's identity and its values
(decision 0171). Emitted by `do_submit_report` and `do_approve_report` in their own transactions; nothing is
written unless SYNC_ENABLED. `event` says which ("submitted" or "approved"; an item without it is an approval)."""

from __future__ import annotations

from par.reporting.models import DataValue, Report
from par.sync.outbox import REPORTS, emit


def report_payload(report: Report) -> dict:
    """The approved report as the national inbox stores it: unit, period, template and every value."""
    period = report.period
    values = (
        DataValue.objects.filter(report=report).select_related("element").order_by("element__code", "column")
    )
    return {
        "event": "approved",
        "report": report.pk,
        "version": report.version,
        "unit": {
            "code": report.unit.code,
            "name": report.unit.name,
            "is_province": report.unit.parent_id is None,
        },
        "period": {
            "key": f"{period.year}-{period.kind}-{period.quarter or 0}",
            "year": period.year,
            "kind": period.kind,
            "quarter": period.quarter,
            "name": period.name,
        },
        "template": report.template.code,
        "approved_at": report.decided_at,
        "values": [
            {
                "element": v.element.code,
                "label": v.element.label,
                "column": v.column,
                "number": None if v.number is None else str(v.number),
                "rank_of": v.rank_of,
                "text": v.text,
            }
            for v in values
        ],
    }


def emit_report_approved(report: Report) -> None:
    """Tell the national level a report was approved (one event per approval: reopened and approved again is new)."""
    emit(REPORTS, f"report.approved:{report.pk}:v{report.version}", lambda: report_payload(report))


def emit_report_submitted(report: Report) -> None:
    """Tell the national level a report was submitted and waits for approval (one event per submission)."""
    emit(
        REPORTS,
        f"report.submitted:{report.pk}:v{report.version}",
        lambda: {
            **report_payload(report),
            "event": "submitted",
            "approved_at": None,
            "submitted_at": report.submitted_at,
        },
    )
