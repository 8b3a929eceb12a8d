"""Surveys through HTTP first: answering by one-time link and at a kiosk, ballot stuffing refused, the index per
aspect, unit and procedure, the metric feeding the PAR index, and access to every page."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from par import metrics
from par.audit.models import AuditEvent
from par.core.exceptions import ConflictError
from par.core.testing import english
from par.surveys import actions
from par.surveys.defaults import sipas_questionnaire
from par.surveys.models import KioskSession, Mode, Question, QuestionKind, Response, Token

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(units, people):
    q = sipas_questionnaire(units.province, actor=people.par_officer)
    link = actions.do_create_link(q, unit=units.ward_bim_son, actor=people.par_officer)
    kiosk = actions.do_create_link(q, unit=units.justice, mode=Mode.KIOSK, actor=people.par_officer)
    return q, link, kiosk


def _answers(q, value: int) -> dict:
    scale = Question.objects.filter(section__questionnaire=q, kind=QuestionKind.SCALE)
    return {f"q{question.pk}": str(value) for question in scale}


def test_a_citizen_answers_once_by_link_and_a_second_response_with_the_same_token_is_rejected(client, survey):
    q, link, _k = survey
    token = actions.do_issue_tokens(link, count=1, actor=None)[0]
    url = f"/surveys/r/{token.value}/"
    assert client.get(url).status_code == 200
    assert client.post(url, _answers(q, 5)).status_code == 200
    again = english(client).post(url, _answers(q, 1))
    assert again.status_code == 409 and "already been sent" in again.content.decode()
    assert Response.objects.count() == 1
    with pytest.raises(ConflictError, match="already"):
        actions.do_submit_response(token.value, {k[1:]: v for k, v in _answers(q, 1).items()})
    assert Response.objects.count() == 1


def test_a_kiosk_form_can_be_sent_once_and_a_replayed_ticket_is_rejected(client, client_for, people, survey):
    q, _l, kiosk = survey
    url = f"/surveys/kiosk/{kiosk.slug}/"
    opened = client_for(people.justice_officer).post(
        "/surveys/kiosks/open/", {"link": kiosk.pk, "label": "Quầy 1"}
    )
    assert opened.status_code == 302 and opened["Location"] == url
    ticket = actions.kiosk_ticket(KioskSession.objects.get(link=kiosk))
    assert client.get(url).status_code == 200
    assert client.post(url, {"ticket": ticket, **_answers(q, 4)}).status_code == 200
    replayed = client.post(url, {"ticket": ticket, **_answers(q, 4)})
    assert replayed.status_code == 409
    assert "Đường dẫn này đã được dùng để gửi phiếu trả lời." in replayed.content.decode()
    forged = client.post(url, {"ticket": "forged", **_answers(q, 4)})
    assert forged.status_code == 400 and "Phiếu đã hết hiệu lực; xin bắt đầu lại." in forged.content.decode()
    assert Response.objects.count() == 1


def test_a_missing_answer_is_refused_with_a_message_and_the_token_stays_unused(client, survey):
    q, link, _k = survey
    token = actions.do_issue_tokens(link, count=1, actor=None)[0]
    response = english(client).post(f"/surveys/r/{token.value}/", {})
    assert response.status_code == 400 and "Please answer" in response.content.decode()
    token.refresh_from_db()
    assert token.used_at is None and not Response.objects.exists()


def test_an_unknown_token_is_not_found(client, survey):
    assert client.get("/surveys/r/nope/").status_code == 404


def test_satisfaction_index_is_the_mean_of_aspect_shares_and_feeds_the_metric(survey, units, time_machine):
    # Late evening in Hà Nội, already the next day's answers in no other zone: the day is the local one.
    time_machine.move_to(dt.datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False)
    q, link, _k = survey
    tokens = actions.do_issue_tokens(link, count=5, actor=None)
    for token, value in zip(tokens, [5, 4, 2, 1], strict=False):
        actions.do_submit_response(token.value, {k[1:]: v for k, v in _answers(q, value).items()})
    # The fifth respondent is satisfied with access only.
    fifth = {k[1:]: "1" for k in _answers(q, 1)}
    for question in Question.objects.filter(section__aspect="access"):
        fifth[str(question.pk)] = "5"
    actions.do_submit_response(tokens[4].value, fifth)
    today = dt.date(2026, 11, 20)
    m = metrics.measure("surveys.satisfaction_index", units.province, today - dt.timedelta(days=1), today)
    # access 6 of 10 answers = 60 %; each other aspect 4 of 10 = 40 %; mean (60 + 4 × 40) ÷ 5 = 44 %.
    assert m.value == Decimal("44.00")
    assert "Tiếp cận dịch vụ 6/10" in m.formula  # each aspect's satisfied answers of its answers
    # The rows behind the figure are the responses, in the order given, each with its satisfied answers.
    assert [r.share for r in m.explain()] == ["10/10", "10/10", "0/10", "0/10", "2/10"]
    empty = metrics.measure("surveys.satisfaction_index", units.ward_quang_trung, today, today)
    assert empty.value is None


def test_anonymous_users_sign_in_and_outsiders_get_404_on_survey_pages(client, client_for, people, survey):
    q, link, _k = survey
    token = actions.do_issue_tokens(link, count=1, actor=people.par_officer)[0]
    pages = [
        f"/surveys/questionnaires/{q.pk}/",
        f"/surveys/questionnaires/{q.pk}/results/",
        f"/surveys/questionnaires/{q.pk}/export.xlsx",
        f"/surveys/links/{link.pk}/",
        f"/surveys/links/{link.pk}/qr/{token.value}.svg",
    ]
    for url in ["/surveys/", *pages]:
        assert client.get(url).status_code == 302, url
    outsider = client_for(people.outsider)
    for url in pages:
        assert outsider.get(url).status_code == 404, url
    officer = client_for(people.par_officer)
    for url in pages:
        assert officer.get(url).status_code == 200, url
    assert officer.get(pages[-1])["Content-Type"] == "image/svg+xml"


def test_only_the_par_officer_builds_and_distributes(client_for, people, survey, units):
    q, link, _k = survey
    draft = actions.do_new_version(q, actor=people.par_officer)
    clerk = client_for(people.ward_clerk)  # sees the link's unit, may not build
    assert (
        clerk.post(
            f"/surveys/questionnaires/{draft.pk}/section/", {"title": "X", "aspect": "access"}
        ).status_code
        == 404
    )
    assert clerk.post(f"/surveys/links/{link.pk}/tokens/", {"count": "5"}).status_code == 302
    assert Token.objects.filter(link=link).count() == 0
    officer = client_for(people.par_officer)
    officer.post(f"/surveys/questionnaires/{draft.pk}/section/", {"title": "Bổ sung", "aspect": "access"})
    assert draft.sections.filter(title="Bổ sung").exists()
    officer.post(f"/surveys/links/{link.pk}/tokens/", {"count": "5"})
    assert Token.objects.filter(link=link).count() == 5
    q.refresh_from_db()
    assert q.state == "closed" and draft.number == 2


def test_survey_indices_api_is_scoped_to_what_the_caller_sees(client_for, people, survey, units):
    q, link, kiosk = survey
    for distribution, value in [(link, 5), (kiosk, 1)]:  # the ward all satisfied, Sở Tư pháp not at all
        token = actions.do_issue_tokens(distribution, count=1, actor=None)[0]
        actions.do_submit_response(token.value, {k[1:]: v for k, v in _answers(q, value).items()})
    url = f"/api/v1/survey-questionnaires/{q.pk}/indices/"
    assert client_for(people.outsider).get(url).status_code == 404
    ward = client_for(people.ward_clerk).get(url).json()
    assert ward["responses"] == 1 and ward["index"] == "100.00" and len(ward["aspects"]) == 5
    assert [row["unit"] for row in ward["units"]] == [units.ward_bim_son.pk]
    data = client_for(people.par_officer).get(url).json()
    assert data["responses"] == 2 and data["index"] == "50.00" and len(data["units"]) == 2


def test_the_par_officer_builds_a_questionnaire_and_starts_collecting(client_for, people, units):
    q = actions.do_create_questionnaire(
        owner=units.province, code="KS-2026", title="Khảo sát 2026", actor=people.par_officer
    )
    client = client_for(people.par_officer)
    client.post(f"/surveys/questionnaires/{q.pk}/section/", {"title": "Tiếp cận", "aspect": "access"})
    section = q.sections.get()
    client.post(
        f"/surveys/questionnaires/{q.pk}/question/",
        {"section": section.pk, "text": "Dễ tìm nơi nộp hồ sơ?", "kind": "scale"},
    )
    client.post(f"/surveys/questionnaires/{q.pk}/activate/")
    q.refresh_from_db()
    assert q.state == "active" and section.questions.get().text == "Dễ tìm nơi nộp hồ sơ?"
    event = AuditEvent.objects.get(action="surveys.activate")
    assert (event.before, event.after) == ({"state": "draft"}, {"state": "active"})
    refused = english(client).post(
        f"/surveys/questionnaires/{q.pk}/section/", {"title": "X", "aspect": "result"}, follow=True
    )
    assert "Only a draft questionnaire can be changed" in refused.content.decode()
    assert q.sections.count() == 1


def test_menus_offer_the_index_and_the_surveys_to_the_right_roles(client_for, people):
    html = client_for(people.par_officer).get("/").content.decode()
    assert 'href="/par-index/"' in html and 'href="/surveys/"' in html
    clerk = client_for(people.ward_clerk).get("/").content.decode()
    assert 'href="/par-index/"' not in clerk and 'href="/surveys/"' not in clerk
