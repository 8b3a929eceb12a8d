"""The `reporting_defaults` command writes through the audited actions: every template, period and deadline it
makes leaves an audit row, and the defaults module itself writes nothing."""

from __future__ import annotations

import ast
import io
from pathlib import Path

from django.core.management import call_command

from par.audit.models import AuditEvent
from par.reporting import defaults
from par.reporting.models import PeriodDeadline, ReportingPeriod, ReportTemplate

WRITES = {
    "save",
    "create",
    "bulk_create",
    "get_or_create",
    "update_or_create",
    "update",
    "delete",
    "bulk_update",
}


def _audited(model, action: str) -> set[str]:
    return set(
        AuditEvent.objects.filter(object_type=model._meta.label_lower, action=action).values_list(
            "object_id", flat=True
        )
    )


def test_the_defaults_command_leaves_an_audit_row_for_each_thing_it_makes(units):
    call_command("reporting_defaults", year=[2026], stdout=io.StringIO())

    template = ReportTemplate.objects.get(province=None, code=defaults.DEFAULT_CODE)
    installed = AuditEvent.objects.get(action="reporting.install_default_template")
    assert installed.object_id == str(template.pk) and installed.actor is None
    assert installed.after["rows"] == {str(n): len(rows) for n, (*_, rows) in defaults.APPENDICES.items()}
    periods = ReportingPeriod.objects.filter(province=units.province, year=2026)
    assert periods.count() == 5
    assert _audited(ReportingPeriod, "reporting.save_reportingperiod") == {str(p.pk) for p in periods}
    deadlines = PeriodDeadline.objects.filter(period__in=periods)
    assert deadlines.count() == 5 * len(defaults.AdminLevel.values)
    assert _audited(PeriodDeadline, "reporting.save_perioddeadline") == {str(d.pk) for d in deadlines}
    assert {e.unit_id for e in AuditEvent.objects.filter(action__startswith="reporting.save_")} == {
        units.province.pk
    }


def test_a_second_run_of_the_defaults_command_writes_no_audit_row(units):
    call_command("reporting_defaults", year=[2026], stdout=io.StringIO())
    count = AuditEvent.objects.count()

    call_command("reporting_defaults", year=[2026], stdout=io.StringIO())

    assert AuditEvent.objects.count() == count


def test_the_defaults_module_only_builds_rows_and_never_saves_them():
    tree = ast.parse(Path(defaults.__file__).read_text())
    calls = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES
    ]
    assert calls == []
