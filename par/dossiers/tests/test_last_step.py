"""The process's last step, "return the result", opens when signing is done and closes the dossier."""

import pytest
from django.urls import reverse

from par.dossiers.models import Dossier, DossierState, DossierStep
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db
S = DossierState


def _act(client, d: Dossier, action: str, **data):
    d.refresh_from_db()
    response = client.post(reverse("dossiers:act", args=[d.pk, action]), {"version": d.version, **data})
    assert response.status_code == 302, response.content.decode()[:3000]
    d.refresh_from_db()
    return d


def _receive_marriage(client, marriage) -> Dossier:
    version = marriage.versions.get()
    response = client.post(
        reverse("dossiers:intake"),
        {
            "procedure": marriage.pk,
            "channel": "counter",
            "applicant_name": "Nguyễn Văn Nam",
            "decision": "receive",
            "documents": [doc.pk for doc in version.documents.all()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Dossier.objects.get()


def test_the_return_step_opens_after_signing_and_handing_over_the_result_completes_it(
    client, staff, marriage, time_machine
):
    time_machine.move_to(at(2026, 11, 9, 9, 0), tick=False)
    client.force_login(staff.ward_clerk)
    d = _receive_marriage(client, marriage)
    client.force_login(staff.ward_officer)
    d = _act(client, d, "next")
    d = _act(client, d, "submit")
    time_machine.move_to(at(2026, 11, 10, 9, 0), tick=False)
    client.force_login(staff.ward_leader)
    d = _act(client, d, "approve", number="25/GCNKH")

    # Signing is done: the desk's last step is now the current, open step, at the receiving ward.
    step = d.current_step
    assert step is not None, "the return step did not open"
    assert (step.name, step.unit, step.finished_at) == ("Trả kết quả", d.unit, None)
    client.force_login(staff.ward_clerk)
    page = client.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert '<tr class="table-active"><td>4</td><td>Trả kết quả</td>' in page

    # The result reaches the desk: the step stays open until the applicant has it.
    d = _act(client, d, "issue")
    assert d.state == S.RESULT_READY and d.current_step == step
    time_machine.move_to(at(2026, 11, 10, 14, 0), tick=False)
    d = _act(client, d, "return", method="counter")
    step.refresh_from_db()
    assert d.state == S.RETURNED and d.current_step is None
    assert step.finished_at == at(2026, 11, 10, 14, 0) and step.outcome == "early"
    assert list(DossierStep.objects.filter(dossier=d).values_list("name", flat=True)) == [
        "Tiếp nhận hồ sơ",
        "Thẩm định",
        "Lãnh đạo ký",
        "Trả kết quả",
    ]
    assert not DossierStep.objects.filter(dossier=d, finished_at__isnull=True).exists()
