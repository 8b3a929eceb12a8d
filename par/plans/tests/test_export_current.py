"""Exports print the plan as it stands now: after the lead unit of an imported task changes, the DOCX and the
workbook name the new lead unit, never the one the imported wording named."""

import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from par.plans.actions import TaskInput, do_add_task, do_update_task
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

AS_WRITTEN = "- Cơ quan chủ trì: Sở Tư pháp.\n- Cơ quan phối hợp: Sở Nội vụ."


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    rows = [
        " | ".join(c.text.replace("\n", " ") for c in row.cells) for t in document.tables for row in t.rows
    ]
    return "\n".join([p.text for p in document.paragraphs] + rows)


def _row(text: str) -> str:
    """The line of the export that carries the changed task."""
    return next(line for line in text.splitlines() if "Kiểm tra công tác văn bản." in line and " | " in line)


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    rows = [" | ".join(str(v) for v in row if v) for ws in book for row in ws.iter_rows(values_only=True)]
    return "\n".join(r.replace("\n", " ") for r in rows)


@pytest.fixture
def imported_task(units, people):
    plans = build_plans(units, people)
    task = do_add_task(
        plans.plan,
        TaskInput(
            area_code="institutions",
            number="3",
            text="Kiểm tra công tác văn bản.",
            lead_units=[units.justice],
            coordinating_units=[units.home_affairs],
            units_text=AS_WRITTEN,
            schedule_text="Quý III/2026.",
        ),
        actor=people.par_officer,
    )
    return task


def _change_lead(task, new_lead, coordinating, actor):
    """What the task form sends: the units chosen, the wording as written handed back unchanged."""
    data = TaskInput(
        area_code=task.area.code,
        number=task.number,
        text=task.text,
        lead_units=[new_lead],
        coordinating_units=coordinating,
        units_text=task.units_text,
        schedule_text=task.schedule_text,
    )
    return do_update_task(task, data, expected_version=task.version, actor=actor)


def test_plan_docx_names_the_new_lead_unit_after_the_lead_changed(client_for, people, units, imported_task):
    client = client_for(people.par_officer)
    url = reverse("plans:export_plan_docx", args=[imported_task.plan.pk])
    assert "Cơ quan chủ trì: Sở Tư pháp" in _row(_docx_text(_body(client.get(url))))

    _change_lead(imported_task, units.home_affairs, [], people.par_officer)

    text = _row(_docx_text(_body(client.get(url))))
    assert f"Cơ quan chủ trì: {units.home_affairs.name}" in text
    assert "Sở Tư pháp" not in text


def test_plan_workbook_names_the_new_lead_unit_after_the_lead_changed(
    client_for, people, units, imported_task
):
    _change_lead(imported_task, units.home_affairs, [], people.par_officer)
    content = client_for(people.par_officer).get(
        reverse("plans:export_plan_xlsx", args=[imported_task.plan.pk])
    )
    text = _row(_xlsx_text(_body(content)))
    assert "Sở Tư pháp" not in text


def test_the_wording_as_written_stays_while_the_units_are_unchanged(people, units, imported_task):
    task = _change_lead(imported_task, units.justice, [units.home_affairs], people.par_officer)
    assert task.units_text == AS_WRITTEN


def test_the_old_wording_is_kept_in_the_audit_row(people, units, imported_task):
    from par.audit.models import AuditEvent

    _change_lead(imported_task, units.home_affairs, [], people.par_officer)
    event = AuditEvent.objects.filter(action="plans.update_task").latest("pk")
    assert event.before["units_text"] == AS_WRITTEN and event.after["units_text"] == ""


def test_a_body_named_only_in_the_text_stays_in_the_export_after_the_lead_changed(
    client_for, people, units, imported_task
):
    imported_task.named_in_text = [{"name": "Bưu điện tỉnh", "role": "coordinating"}]
    imported_task.save(update_fields=["named_in_text"])
    _change_lead(imported_task, units.home_affairs, [], people.par_officer)
    url = reverse("plans:export_plan_docx", args=[imported_task.plan.pk])
    text = _row(_docx_text(_body(client_for(people.par_officer).get(url))))
    assert f"Cơ quan chủ trì: {units.home_affairs.name}" in text
    assert "Cơ quan phối hợp: Bưu điện tỉnh" in text
