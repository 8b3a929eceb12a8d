"""Limits of half a day or within the day are due at a time of the working day, printed on the receipt, and a
result after that time is late, even on the due day."""

import io

import pytest
from django.urls import reverse
from docx import Document

from par.dossiers import actions
from par.dossiers.models import Dossier, Outcome
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db


def _receive(client, procedure) -> Dossier:
    version = procedure.versions.get()
    response = client.post(
        reverse("dossiers:intake"),
        {
            "procedure": procedure.pk,
            "channel": "counter",
            "applicant_name": "Nguyễn Thị Bình",
            "decision": "receive",
            "documents": [doc.pk for doc in version.documents.all()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Dossier.objects.get()


def _act(client, d: Dossier, action: str, **data) -> Dossier:
    d.refresh_from_db()
    response = client.post(reverse("dossiers:act", args=[d.pk, action]), {"version": d.version, **data})
    assert response.status_code == 302, response.content.decode()[:3000]
    d.refresh_from_db()
    return d


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def _resolve(client_for, staff, d: Dossier, time_machine, when) -> Dossier:
    d = _act(client_for(staff.ward_officer), d, "next")
    d = _act(client_for(staff.ward_officer), d, "submit")
    d = _act(client_for(staff.ward_leader), d, "approve", number="01/CT")
    time_machine.move_to(when, tick=False)
    return _act(client_for(staff.ward_clerk), d, "issue")


def test_half_a_day_received_in_the_morning_is_due_the_same_afternoon_on_the_receipt_and_the_lookup(
    client_for, staff, half_day, time_machine
):
    time_machine.move_to(at(2026, 11, 9, 9, 0), tick=False)
    clerk = client_for(staff.ward_clerk)
    d = _receive(clerk, half_day)
    # Four working hours from 09:00 run out at 15:00, in the afternoon session: due by 17:00 the same day (the
    # old rounding to a whole day promised Tuesday).
    assert (d.due_at, d.due_date.isoformat()) == (at(2026, 11, 9, 17, 0), "2026-11-09")
    assert d.legal_due_at is None and d.legal_due_date.isoformat() == "2026-11-10"
    page = clerk.get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert '<span id="appointment">17:00 09/11/2026</span>' in page
    assert (
        "nửa ngày làm việc (4 giờ làm việc) tính từ 09:00 thứ Hai 09/11/2026, hết lúc 15:00 thứ Hai 09/11/2026 "
        "→ hạn 17:00 thứ Hai 09/11/2026 (hết buổi chiều) theo giờ làm việc 07:00–11:30, 13:30–17:00"
    ) in d.due_explanation
    receipt = clerk.get(reverse("dossiers:slip", args=[d.pk, "receipt", "docx"]))
    assert "Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 09 tháng 11 năm 2026" in _docx_text(
        receipt.getvalue()
    )
    public = clerk.get(reverse("portal:lookup") + f"?code={d.code}").content.decode()
    assert "17:00 09/11/2026" in public
    api = clerk.get(f"/api/v1/dossiers/{d.pk}/").json()
    assert (api["due_date"], api["due_at"]) == ("2026-11-09", "2026-11-09T17:00:00+07:00")


def test_a_half_day_result_after_the_due_time_is_late_even_on_the_due_day(
    client_for, staff, half_day, time_machine
):
    time_machine.move_to(at(2026, 11, 9, 9, 0), tick=False)
    d = _receive(client_for(staff.ward_clerk), half_day)
    d = _resolve(client_for, staff, d, time_machine, at(2026, 11, 9, 17, 30))
    assert d.outcome == Outcome.LATE


def test_a_half_day_result_before_the_due_time_is_on_time(client_for, staff, half_day, time_machine):
    time_machine.move_to(at(2026, 11, 9, 14, 0), tick=False)
    d = _receive(client_for(staff.ward_clerk), half_day)
    assert d.due_at == at(2026, 11, 10, 11, 30)  # three hours today, one tomorrow morning
    d = _resolve(client_for, staff, d, time_machine, at(2026, 11, 10, 11, 0))
    assert d.outcome == Outcome.ON_TIME


def test_within_the_day_received_after_the_cutoff_is_due_at_the_end_of_the_next_working_day(
    client_for, staff, same_day, time_machine
):
    time_machine.move_to(at(2026, 11, 13, 15, 30), tick=False)  # Friday after 15:00
    d = _receive(client_for(staff.ward_clerk), same_day)
    assert d.due_at == at(2026, 11, 16, 17, 0)  # Monday, the end of the working day
    d = _resolve(client_for, staff, d, time_machine, at(2026, 11, 16, 17, 20))
    assert d.outcome == Outcome.LATE


def test_a_supplement_keeps_the_working_time_left_and_continues_it_on_resumption(
    client_for, staff, half_day, time_machine
):
    time_machine.move_to(at(2026, 11, 9, 9, 0), tick=False)
    d = _receive(client_for(staff.ward_clerk), half_day)
    d = actions.do_request_supplement(
        d,
        reason="Thiếu bản chính",
        expected_version=d.version,
        actor=staff.ward_officer,
        at=at(2026, 11, 9, 10),
    )
    pause = d.pauses.get()
    assert pause.remaining_minutes == 300  # 10:00–11:30 and 13:30–17:00
    d = actions.do_receive_supplement(
        d, expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 10, 14, 0)
    )
    # 3 hours on Tuesday afternoon, the 2 left on Wednesday morning: due by 11:30 on Wednesday.
    assert d.due_at == at(2026, 11, 11, 11, 30) and d.due_date.isoformat() == "2026-11-11"
    assert "11:30" in d.due_explanation.splitlines()[-1]
