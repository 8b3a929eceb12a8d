"""A dossier is complete and valid, and its clock starts, only with its checklist checked off or a reason."""

import pytest
from django.urls import reverse

from par.dossiers.models import Dossier, DossierState
from par.dossiers.tests.conftest import MARRIAGE_DOCUMENTS, at

pytestmark = pytest.mark.django_db
S = DossierState


@pytest.fixture
def clerk(client, staff, time_machine):
    time_machine.move_to(at(2026, 11, 9, 9, 0), tick=False)
    client.force_login(staff.ward_clerk)
    return client


def _intake(client, marriage, documents, **extra):
    return client.post(
        reverse("dossiers:intake"),
        {
            "procedure": marriage.pk,
            "channel": "counter",
            "applicant_name": "Nguyễn Văn Nam",
            "decision": "receive",
            "documents": documents,
            **extra,
        },
    )


def test_a_dossier_with_none_of_its_four_documents_cannot_be_received_as_complete(clerk, marriage):
    response = _intake(clerk, marriage, [])
    assert response.status_code == 400
    page = response.content.decode()
    for name in MARRIAGE_DOCUMENTS:
        assert name in page
    assert "Chưa thể tiếp nhận hồ sơ là đầy đủ: còn 4 thành phần hồ sơ chưa được đánh dấu" in page
    # Filing and the check are one unit of work: nothing was filed, no clock started.
    assert not Dossier.objects.exists()


def test_a_dossier_with_a_document_left_unchecked_is_received_with_the_recorded_reason(clerk, marriage):
    version = marriage.versions.get()
    three = [doc.pk for doc in version.documents.order_by("position")[:3]]
    reason = "Bên nữ là người nước ngoài, đã nộp hộ chiếu thay căn cước"
    response = _intake(clerk, marriage, three, missing_reason=reason)
    assert response.status_code == 302, response.content.decode()[:3000]
    d = Dossier.objects.get()
    assert d.state == S.RECEIVED and d.due_date is not None
    assert d.completeness_reason == reason
    receive = d.events.get(action="receive")
    assert "Căn cước của bên nữ" in receive.note and reason in receive.note
    detail = clerk.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert reason in detail


def test_an_online_dossier_is_received_once_the_clerk_checks_its_documents_off(
    client, clerk, marriage, staff
):
    response = client.post(
        reverse("dossiers:online"),
        {
            "unit": staff.ward_clerk.memberships.get().unit_id,
            "procedure": marriage.pk,
            "applicant_name": "Lê Thị Hoa",
        },
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    d = Dossier.objects.get()
    client.force_login(staff.ward_clerk)
    detail = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    checklist = list(marriage.versions.get().documents.order_by("position"))
    for r in checklist:
        assert f'name="documents" value="{r.pk}"' in detail

    refused = client.post(reverse("dossiers:act", args=[d.pk, "receive"]), {"version": d.version})
    assert refused.status_code == 400
    d.refresh_from_db()
    assert d.state == S.SUBMITTED and d.received_at is None

    done = client.post(
        reverse("dossiers:act", args=[d.pk, "receive"]),
        {"version": d.version, "documents": [r.pk for r in checklist]},
    )
    assert done.status_code == 302
    d.refresh_from_db()
    assert d.state == S.RECEIVED and d.completeness_reason == ""
    assert sorted(d.documents.values_list("required_document_id", flat=True)) == sorted(
        r.pk for r in checklist
    )
