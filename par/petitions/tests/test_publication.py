"""Published answers show only the texts the publisher approved, and every publication is kept as it was shown."""

import pytest

from par.audit.models import AuditEvent
from par.petitions.models import Petition, PetitionPublication, PetitionState
from par.petitions.tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

PERSONAL = ("Nguyễn Văn A", "038012345678", "0912345678", "12 Lê Lợi")
RAW_SUBJECT = "Nguyễn Văn A, CCCD 038012345678, 0912345678"
QUESTION = "Công dân đề nghị rút ngắn thời hạn chứng thực bản sao giấy tờ."
ANSWER = "Sở Tư pháp đã tiếp thu và sẽ đề xuất rút ngắn thời hạn khi sửa đổi quy định."


def _public_pages(client) -> str:
    """Every petition page and API answer an anonymous visitor can open, as one text."""
    pages = [client.get(url) for url in ("/petitions/answers/", "/petitions/submit/", "/petitions/follow/")]
    assert all(page.status_code == 200 for page in pages)
    api = [client.get("/api/v1/petitions/")] + [
        client.get(f"/api/v1/petitions/{pk}/") for pk in Petition.objects.values_list("pk", flat=True)
    ]
    assert all(answer.status_code in (401, 403) for answer in api)
    return "\n".join(r.content.decode() for r in pages + api)


@pytest.fixture
def answered_with_personal_data(client, client_for, people, units, national):
    """A petition sent through the public form with personal data everywhere, routed and answered by Justice."""
    form = {
        "kind": "regulation",
        "unit": units.justice.pk,
        "subject": RAW_SUBJECT,
        "content": "Tôi là Nguyễn Văn A, CCCD 038012345678, điện thoại 0912345678, đề nghị rút ngắn thời hạn.",
        "name": "Nguyễn Văn A",
        "contact": "0912345678",
        "address": "12 Lê Lợi, Phường Bỉm Sơn",
        "dossier_code": "",
    }
    assert client.post("/petitions/submit/", form).status_code == 200
    p = Petition.objects.get(subject=RAW_SUBJECT)
    route = {"unit": units.justice.pk, "time_limit_days": 15, "note": "", "version": p.version}
    assert client_for(people.par_officer).post(f"/petitions/{p.pk}/route/", route).status_code == 302
    p.refresh_from_db()
    raw_answer = {"answer": f"Kính gửi ông Nguyễn Văn A (0912345678): {ANSWER}", "version": p.version}
    assert (
        client_for(people.justice_officer).post(f"/petitions/{p.pk}/answer/", raw_answer).status_code == 302
    )
    client.logout()
    p.refresh_from_db()
    return p


def _publish(client, petition, question=QUESTION, answer=ANSWER):
    data = {"public_question": question, "public_answer": answer, "version": petition.version}
    return client.post(f"/petitions/{petition.pk}/publish/", data)


def test_a_published_petition_never_shows_the_citizens_subject_or_personal_data(
    client, client_for, people, answered_with_personal_data
):
    p = answered_with_personal_data
    assert _publish(client_for(people.justice_head), p).status_code == 302
    client.logout()
    text = _public_pages(client)
    assert QUESTION in text and ANSWER in text
    assert RAW_SUBJECT not in text and "Kính gửi" not in text
    for personal in PERSONAL:
        assert personal not in text, personal


def test_the_publish_form_does_not_offer_the_citizens_subject_as_the_public_question(
    client_for, people, answered_with_personal_data
):
    p = answered_with_personal_data
    html = client_for(people.justice_head).get(f"/petitions/{p.pk}/").content.decode()
    form = html[html.index(f'action="/petitions/{p.pk}/publish/"') :]
    question = form[form.index('name="public_question"') :]
    assert RAW_SUBJECT not in question[: question.index("</textarea>")]


def test_publishing_needs_the_question_and_the_answer_as_the_publisher_wrote_them(
    client_for, people, answered_with_personal_data
):
    p = answered_with_personal_data
    response = client_for(people.justice_head).post(
        f"/petitions/{p.pk}/publish/", {"public_question": QUESTION, "version": p.version}
    )
    assert response.status_code == 400 and "Trường này là bắt buộc" in response.content.decode()
    assert Petition.objects.get(pk=p.pk).published_at is None and not PetitionPublication.objects.exists()


@pytest.mark.parametrize(
    "question,answer",
    [
        (f"Ông Nguyễn Văn A hỏi: {QUESTION}", ANSWER),
        (QUESTION, f"{ANSWER} Liên hệ 0912 345 678."),
        (QUESTION, f"{ANSWER} Số định danh 038012345678."),
        (f"{QUESTION} (12 Lê Lợi, Phường Bỉm Sơn)", ANSWER),
    ],
)
def test_a_public_text_with_the_petitioners_name_contact_address_or_a_long_number_is_refused(
    client_for, people, answered_with_personal_data, question, answer
):
    p = answered_with_personal_data
    response = _publish(client_for(people.justice_head), p, question, answer)
    assert response.status_code == 400 and "thông tin cá nhân" in response.content.decode()
    assert Petition.objects.get(pk=p.pk).published_at is None and not PetitionPublication.objects.exists()


def test_a_reopened_petition_leaves_the_public_list_but_its_publication_is_kept(
    client, client_for, people, petitions
):
    p = petitions.answered
    assert _publish(client_for(people.justice_head), p).status_code == 302
    client.logout()
    reopen = {"code": p.code, "secret": petitions.answered_secret, "reason": "Chưa nêu thời hạn."}
    assert client.post("/petitions/follow/reopen/", reopen).status_code == 200
    assert QUESTION not in client.get("/petitions/answers/").content.decode()
    first = PetitionPublication.objects.get()
    assert (first.question, first.answer, first.number) == (QUESTION, ANSWER, 1)
    assert first.withdrawn_at is not None and first.published_at is not None
    # Answered and published again: a second publication; the first stays as it was.
    p.refresh_from_db()
    staff = client_for(people.justice_head)
    assert (
        staff.post(
            f"/petitions/{p.pk}/answer/", {"answer": "Trả lời bổ sung.", "version": p.version}
        ).status_code
        == 302
    )
    p.refresh_from_db()
    assert (
        _publish(staff, p, "Câu hỏi về thời hạn sửa đổi.", "Dự kiến sửa đổi trong quý II.").status_code == 302
    )
    client.logout()
    html = client.get("/petitions/answers/").content.decode()
    assert "Dự kiến sửa đổi trong quý II." in html and ANSWER not in html
    assert list(PetitionPublication.objects.values_list("number", "answer")) == [
        (1, ANSWER),
        (2, "Dự kiến sửa đổi trong quý II."),
    ]


def test_a_correction_is_an_explicit_new_publication_and_the_first_is_kept(
    client, client_for, people, petitions
):
    p = petitions.answered
    staff = client_for(people.justice_head)
    assert _publish(staff, p).status_code == 302
    p.refresh_from_db()
    corrected = "Sở Tư pháp đã tiếp thu; thời hạn sẽ được rút ngắn từ ngày 01/07/2026."
    data = {
        "public_question": QUESTION,
        "public_answer": corrected,
        "reason": "Bổ sung ngày áp dụng.",
        "version": p.version,
    }
    assert staff.post(f"/petitions/{p.pk}/correct/", data).status_code == 302
    client.logout()
    html = client.get("/petitions/answers/").content.decode()
    assert corrected in html and ANSWER not in html and "Đính chính" in html
    first, second = PetitionPublication.objects.order_by("number")
    assert first.answer == ANSWER and first.withdrawn_at is not None
    assert second.answer == corrected and second.corrects == first and second.withdrawn_at is None
    event = AuditEvent.objects.get(action="petitions.correct_publication")
    assert event.reason == "Bổ sung ngày áp dụng." and event.after["public_answer"] == corrected


def test_only_a_publisher_of_the_unit_corrects_a_publication(client, client_for, people, petitions):
    p = petitions.answered
    assert _publish(client_for(people.justice_head), p).status_code == 302
    p.refresh_from_db()
    data = {"public_question": "Q", "public_answer": "A", "reason": "r", "version": p.version}
    client.logout()
    anonymous = client.post(f"/petitions/{p.pk}/correct/", data)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert (
        client_for(people.home_affairs_officer).post(f"/petitions/{p.pk}/correct/", data).status_code == 404
    )
    refused = client_for(people.justice_officer).post(f"/petitions/{p.pk}/correct/", data)
    assert refused.status_code == 403 and "Chỉ thủ trưởng đơn vị" in refused.content.decode()
    assert PetitionPublication.objects.get().answer == ANSWER


def test_the_public_list_of_answers_makes_the_same_queries_for_one_or_many(
    client, client_for, people, petitions, django_assert_num_queries
):
    from par.petitions.actions import do_answer_petition, do_publish_petition, do_route_petition
    from par.petitions.tests.conftest import submit

    do_publish_petition(
        petitions.answered, public_question="Q0", public_answer="A0", actor=people.justice_head
    )
    client.logout()
    with django_assert_num_queries(2):  # the count of the page and the page of publications with their units
        assert client.get("/petitions/answers/").status_code == 200
    for i in range(3):
        p, _secret = submit(people.justice_head.memberships.get().unit, subject=f"Phản ánh {i}")
        p = do_route_petition(p, unit=p.unit, time_limit_days=10, actor=people.par_officer)
        p = do_answer_petition(p, answer="Đã trả lời.", actor=people.justice_officer)
        do_publish_petition(p, public_question=f"Q{i + 1}", public_answer="A", actor=people.justice_head)
    with django_assert_num_queries(2):
        html = client.get("/petitions/answers/").content.decode()
    assert all(f"Q{i}" in html for i in range(4))


def test_the_api_publishes_with_both_texts_and_shows_the_publications(client_for, people, petitions):
    p = petitions.answered
    api = client_for(people.justice_head)
    refused = api.post(
        f"/api/v1/petitions/{p.pk}/publish/",
        {"version": p.version, "public_question": QUESTION},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "public_answer" in refused.json()
    response = api.post(
        f"/api/v1/petitions/{p.pk}/publish/",
        {"version": p.version, "public_question": QUESTION, "public_answer": ANSWER},
        content_type="application/json",
    )
    assert response.status_code == 200
    [publication] = response.json()["publications"]
    assert (publication["question"], publication["answer"], publication["withdrawn_at"]) == (
        QUESTION,
        ANSWER,
        None,
    )
    body = response.json()
    corrected = api.post(
        f"/api/v1/petitions/{p.pk}/correct/",
        {
            "version": body["version"],
            "public_question": QUESTION,
            "public_answer": "Đã sửa.",
            "reason": "Sai số liệu.",
        },
        content_type="application/json",
    )
    assert corrected.status_code == 200
    assert [x["answer"] for x in corrected.json()["publications"]] == [ANSWER, "Đã sửa."]
    assert (
        client_for(people.justice_officer)
        .post(
            f"/api/v1/petitions/{p.pk}/correct/",
            {
                "version": corrected.json()["version"],
                "public_question": "Q",
                "public_answer": "A",
                "reason": "r",
            },
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert Petition.objects.get(pk=p.pk).state == PetitionState.ANSWERED
