"""Staff route, answer and publish petitions; each page is scoped to the units the person may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from par.audit.models import AuditEvent
from par.petitions.models import Petition, PetitionState
from par.petitions.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def test_anonymous_visitors_are_sent_to_sign_in(client, petitions):
    for url in ("/petitions/", f"/petitions/{petitions.routed.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"/petitions/{petitions.received.pk}/route/", {})
    assert response.status_code == 302


def test_the_par_officer_sees_the_incoming_queue(client_for, petitions, people):
    html = client_for(people.par_officer).get("/petitions/?tab=incoming").content.decode()
    assert petitions.received.code in html and petitions.routed.code not in html


def test_the_par_officer_routes_a_petition_with_a_working_day_deadline(client_for, petitions, people, units):
    p = petitions.received
    data = {"unit": units.justice.pk, "time_limit_days": 20, "note": "", "version": p.version}
    response = client_for(people.par_officer).post(f"/petitions/{p.pk}/route/", data)
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == PetitionState.ROUTED and p.unit == units.justice
    # Received Monday 02/03/2026 09:00: the limit counts from Tuesday; 20 working days end on Monday 30/03.
    assert p.due_date.isoformat() == "2026-03-30" and "30/03/2026" in p.due_explanation
    assert AuditEvent.objects.filter(action="petitions.route", object_id=str(p.pk)).exists()
    assert people.justice_officer.notices.filter(kind="petitions.routed").exists()


def test_a_unit_officer_cannot_route(client_for, petitions, people, units):
    p = petitions.routed
    data = {"unit": units.justice.pk, "time_limit_days": 5, "note": "", "version": p.version}
    response = client_for(people.justice_officer).post(f"/petitions/{p.pk}/route/", data)
    assert response.status_code == 403
    assert "Chỉ công chức CCHC của tỉnh" in response.content.decode()
    assert Petition.objects.get(pk=p.pk).time_limit_days == 20


def test_another_unit_gets_404_for_a_petition_it_does_not_own(client_for, petitions, people):
    client = client_for(people.home_affairs_officer)
    assert client.get(f"/petitions/{petitions.routed.pk}/").status_code == 404
    response = client.post(f"/petitions/{petitions.routed.pk}/answer/", {"answer": "x", "version": 2})
    assert response.status_code == 404
    assert petitions.routed.code not in client.get("/petitions/?tab=all").content.decode()


def test_the_responsible_unit_answers_and_the_answer_counts_as_on_time(client_for, petitions, people):
    p = petitions.routed
    response = client_for(people.justice_officer).post(
        f"/petitions/{p.pk}/answer/", {"answer": "Sở Tư pháp trả lời như sau.", "version": p.version}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == PetitionState.ANSWERED and p.answered_on_time is True


def test_an_empty_answer_is_refused_in_vietnamese(client_for, petitions, people):
    p = petitions.routed
    response = client_for(people.justice_officer).post(
        f"/petitions/{p.pk}/answer/", {"answer": "", "version": 2}
    )
    assert response.status_code == 400 and "Trường này là bắt buộc" in response.content.decode()
    assert Petition.objects.get(pk=p.pk).state == PetitionState.ROUTED


def test_a_stale_form_is_refused_with_a_conflict(client_for, petitions, people):
    p = petitions.routed
    response = client_for(people.justice_officer).post(
        f"/petitions/{p.pk}/answer/", {"answer": "Trả lời", "version": p.version - 1}
    )
    assert response.status_code == 409 and "tải lại trang" in response.content.decode()
    assert Petition.objects.get(pk=p.pk).answer == ""


def test_the_unit_head_publishes_the_answer(client_for, petitions, people):
    p = petitions.answered
    response = client_for(people.justice_head).post(
        f"/petitions/{p.pk}/publish/",
        {
            "public_question": "Câu hỏi đã biên tập",
            "public_answer": "Trả lời đã biên tập",
            "version": p.version,
        },
    )
    assert response.status_code == 302
    assert Petition.objects.get(pk=p.pk).published_at is not None


def test_a_unit_officer_cannot_publish(client_for, petitions, people):
    p = petitions.answered
    response = client_for(people.justice_officer).post(
        f"/petitions/{p.pk}/publish/",
        {"public_question": "Câu hỏi", "public_answer": "Trả lời", "version": p.version},
    )
    assert response.status_code == 403 and "Chỉ thủ trưởng đơn vị" in response.content.decode()
    assert Petition.objects.get(pk=p.pk).published_at is None


def test_the_detail_shows_the_history_and_the_sender(client_for, petitions, people):
    html = client_for(people.justice_officer).get(f"/petitions/{petitions.answered.pk}/").content.decode()
    assert "Nguyễn Văn An" in html and "Đã chuyển xử lý" in html and "Đã trả lời" in html


def test_the_queue_makes_a_fixed_number_of_queries(client_for, petitions, people, units):
    from par.petitions.tests.conftest import submit

    client = client_for(people.par_officer)
    client.get("/petitions/?tab=all")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/petitions/?tab=all").status_code == 200
        return len(ctx)

    before = count()
    for i in range(5):
        submit(units.justice, subject=f"Phản ánh {i}")
    assert count() == before


def test_the_attachment_is_downloaded_only_by_the_responsible_unit(
    client_for, people, units, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    from par.petitions.actions import PetitionInput, do_submit_petition

    petition, _ = do_submit_petition(
        PetitionInput(
            kind="regulation", unit=units.justice, name="A", contact="0900", subject="S", content="C"
        ),
        attachment=pdf,
    )
    assert (
        client_for(people.home_affairs_officer).get(f"/petitions/{petition.pk}/attachment/").status_code
        == 404
    )
    response = client_for(people.justice_officer).get(f"/petitions/{petition.pk}/attachment/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 minimal"


def test_routing_audits_where_the_petition_was_and_where_it_went(client_for, petitions, people, units):
    p = petitions.received
    data = {"unit": units.justice.pk, "time_limit_days": 20, "note": "", "version": p.version}
    client_for(people.par_officer).post(f"/petitions/{p.pk}/route/", data)
    event = AuditEvent.objects.get(action="petitions.route", object_id=str(p.pk))
    assert (event.before["unit_id"], event.after["unit_id"]) == (units.province.pk, units.justice.pk)
    assert (event.before["state"], event.after["state"]) == ("received", "routed")
    assert (event.before["due_date"], event.after["due_date"]) == (None, "2026-03-30")
    # Only what changed: the count of reopenings stays as it was, so it is not in the row.
    assert "reopen_count" not in event.after and "version" not in event.after
