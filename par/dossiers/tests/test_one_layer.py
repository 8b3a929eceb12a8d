"""The dossier pages and API answer refusals like every other app (decision 0106), the counter's filing with its
completeness check is one action, and the API reaches the actions without going through the views."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from par.audit.models import AuditEvent
from par.dossiers import actions
from par.dossiers.models import Dossier, DossierCounter, DossierEvent, DossierState
from par.dossiers.tests.conftest import NOW, at

pytestmark = pytest.mark.django_db

APP = Path(__file__).resolve().parents[1]


def test_a_clerk_who_presses_approve_on_the_page_is_refused_with_403_and_the_reason(
    client_for, staff, file_birth
):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = client_for(staff.ward_clerk).post(
        reverse("dossiers:act", args=[d.pk, "approve"]), {"version": d.version}
    )
    assert response.status_code == 403
    assert "Chỉ lãnh đạo có thẩm quyền ký" in response.content.decode()
    d.refresh_from_db()
    assert d.state == DossierState.RECEIVED


def test_an_unknown_transition_on_the_page_is_a_404(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = client_for(staff.ward_officer).post(
        reverse("dossiers:act", args=[d.pk, "teleport"]), {"version": d.version}
    )
    assert response.status_code == 404


def test_a_stale_version_in_the_api_is_a_409_marked_as_a_conflict(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    client = client_for(staff.ward_officer)
    assert client.post(f"/api/v1/dossiers/{d.pk}/actions/next/", {"version": d.version}).status_code == 200
    stale = client.post(f"/api/v1/dossiers/{d.pk}/actions/submit/", {"version": d.version})
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict" and "Tải lại trang" in stale.json()["detail"]


def test_the_slip_downloads_as_an_attachment_named_after_the_dossier(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    response = client_for(staff.ward_clerk).get(reverse("dossiers:slip", args=[d.pk, "receipt", "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{d.code}.docx"'


def test_the_api_imports_nothing_from_the_views():
    modules = sorted((APP / "api").glob("*.py"))
    assert [m.name for m in modules] == ["__init__.py", "serializers.py", "views.py"]
    for module in modules:
        tree = ast.parse(module.read_text())
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "par.dossiers.views" not in imported, module.name
        assert all("views" not in alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names), module.name  # fmt: skip


def test_no_module_of_the_app_is_over_600_lines():
    long = {
        str(path.relative_to(APP)): n
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
        if (n := len(path.read_text().splitlines())) > 600
    }
    assert long == {}


def _file_and_check(units, procedures, staff, **kwargs):
    return actions.do_file_and_check(
        unit=units.ward_bim_son,
        procedure=procedures.birth,
        applicant=actions.Applicant(name="Nguyễn Văn An"),
        channel="counter",
        actor=staff.ward_clerk,
        at=NOW,
        **kwargs,
    )


def test_filing_with_a_refusal_writes_both_events_and_both_audit_rows(units, procedures, staff):
    d = _file_and_check(units, procedures, staff, decision="refuse", reason="Không thuộc thẩm quyền")
    assert d.state == DossierState.REFUSED
    assert list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True)) == ["file", "refuse"]
    audit = AuditEvent.objects.filter(object_id=str(d.pk), action__startswith="dossiers.")
    assert sorted(audit.values_list("action", flat=True)) == ["dossiers.file", "dossiers.refuse"]
    assert set(audit.values_list("actor", flat=True)) == {staff.ward_clerk.pk}


def test_a_refused_check_leaves_no_dossier_no_code_and_no_audit_row(units, procedures, staff):
    with pytest.raises(ValidationError, match="chưa được đánh dấu"):
        _file_and_check(units, procedures, staff, decision="receive")
    assert not Dossier.objects.exists() and not DossierCounter.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="dossiers.").exists()


def test_only_a_clerk_of_the_unit_may_file_and_check(units, procedures, staff):
    for person in (staff.ward_officer, staff.other_ward_clerk, staff.outsider):
        with pytest.raises(PermissionDenied):
            actions.do_file_and_check(
                unit=units.ward_bim_son,
                procedure=procedures.birth,
                applicant=actions.Applicant(name="Nguyễn Văn An"),
                channel="counter",
                decision="refuse",
                reason="x",
                actor=person,
                at=NOW,
            )
    assert not Dossier.objects.exists()


def test_the_counter_form_files_a_refused_dossier_with_both_audit_rows(client_for, staff, procedures):
    data = {
        "procedure": procedures.birth.pk,
        "channel": "counter",
        "applicant_name": "Nguyễn Văn An",
        "decision": "refuse",
        "reason": "Không thuộc thẩm quyền",
    }
    response = client_for(staff.ward_clerk).post(reverse("dossiers:intake"), data)
    d = Dossier.objects.get()
    assert response.status_code == 302 and d.state == DossierState.REFUSED
    assert sorted(
        AuditEvent.objects.filter(object_id=str(d.pk), action__startswith="dossiers.").values_list(
            "action", flat=True
        )
    ) == ["dossiers.file", "dossiers.refuse"]
