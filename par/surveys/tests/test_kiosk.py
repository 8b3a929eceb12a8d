"""Kiosk answers need a kiosk session that an officer of the unit opens on the device (signed, expiring,
revocable), are limited per session, and a burst is flagged for the appraisal council and left out of the
satisfaction index until the council reviews it (decisions 0097 and 0098)."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from par import metrics
from par.audit.models import AuditEvent
from par.surveys import actions
from par.surveys.defaults import sipas_questionnaire
from par.surveys.models import KioskSession, Mode, Question, QuestionKind, Response, ResponseStatus
from par.surveys.views import KIOSK_COOKIE, KIOSK_COOKIE_SALT

NOW = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)  # 10:00 on Friday 20/11/2026 in Hà Nội
TODAY = dt.date(2026, 11, 20)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

CLOSED = "Máy khảo sát chưa được mở. Cán bộ của đơn vị phải đăng nhập và mở máy khảo sát"


@pytest.fixture
def survey(units, people):
    """The province's questionnaire by link at Phường Bỉm Sơn and at kiosks of Sở Tư pháp and of the ward."""
    q = sipas_questionnaire(units.province, actor=people.par_officer)
    link = actions.do_create_link(q, unit=units.ward_bim_son, actor=people.par_officer)
    kiosk = actions.do_create_link(q, unit=units.justice, mode=Mode.KIOSK, actor=people.par_officer)
    ward_kiosk = actions.do_create_link(q, unit=units.ward_bim_son, mode=Mode.KIOSK, actor=people.par_officer)
    return q, link, kiosk, ward_kiosk


def _answers(q, value: int) -> dict:
    scale = Question.objects.filter(section__questionnaire=q, kind=QuestionKind.SCALE)
    return {f"q{question.pk}": str(value) for question in scale}


def _open(device: Client, officer, kiosk, label: str = "Quầy 1"):
    """`officer` signs in on `device` and opens `kiosk` there."""
    device.force_login(officer)
    return device.post("/surveys/kiosks/open/", {"link": kiosk.pk, "label": label})


def _send(device: Client, kiosk, value: int):
    """A respondent at the kiosk reads a fresh form and sends it with every scale answer at `value`."""
    url = f"/surveys/kiosk/{kiosk.slug}/"
    form = device.get(url)
    ticket = form.context["ticket"] if form.context and "ticket" in form.context else "none"
    return device.post(url, {"ticket": ticket, **_answers(kiosk.questionnaire, value)})


def _by_link(link, value: int) -> None:
    token = actions.do_issue_tokens(link, count=1, actor=None)[0]
    actions.do_submit_response(
        token.value, {k[1:]: v for k, v in _answers(link.questionnaire, value).items()}
    )


def _index(units):
    return metrics.measure("surveys.satisfaction_index", units.province, TODAY, TODAY)


def test_a_kiosk_without_an_open_session_says_in_vietnamese_that_an_officer_must_open_it(client, survey):
    q, _link, kiosk, _w = survey
    page = client.get(f"/surveys/kiosk/{kiosk.slug}/")
    html = page.content.decode()
    assert page.status_code == 200 and CLOSED in html and 'id="survey-form"' not in html
    refused = client.post(f"/surveys/kiosk/{kiosk.slug}/", {"ticket": "x", **_answers(q, 5)})
    assert refused.status_code == 403 and CLOSED in refused.content.decode()
    assert not Response.objects.exists()


def test_a_ticket_without_the_devices_cookie_is_refused(client, people, survey):
    q, _link, kiosk, _w = survey
    session, _key = actions.do_open_kiosk_session(kiosk, label="Quầy 1", actor=people.justice_officer)
    ticket = actions.kiosk_ticket(session)  # a valid form, replayed from another machine
    response = client.post(f"/surveys/kiosk/{kiosk.slug}/", {"ticket": ticket, **_answers(q, 5)})
    assert response.status_code == 403 and not Response.objects.exists()


def test_an_officer_opens_the_kiosk_on_the_device_which_then_takes_answers(client, people, survey):
    _q, _link, kiosk, _w = survey
    opened = _open(client, people.justice_officer, kiosk)
    url = f"/surveys/kiosk/{kiosk.slug}/"
    assert opened.status_code == 302 and opened["Location"] == url
    cookie = opened.cookies[KIOSK_COOKIE]
    assert cookie["path"] == url and cookie["httponly"] and cookie["max-age"] == 12 * 3600
    # The officer is signed out of the public device.
    assert client.get("/surveys/kiosks/").status_code == 302
    form = client.get(url)
    assert form.status_code == 200 and 'id="survey-form"' in form.content.decode()
    assert "Quầy 1" in form.content.decode()
    assert _send(client, kiosk, 5).status_code == 200
    response = Response.objects.get()
    session = KioskSession.objects.get()
    assert response.kiosk_session == session and response.status == ResponseStatus.COUNTED
    assert session.opened_by == people.justice_officer and session.expires_at == NOW + dt.timedelta(hours=12)
    event = AuditEvent.objects.get(action="surveys.open_kiosk_session")
    assert event.actor == people.justice_officer and event.unit_id == kiosk.unit_id


def test_opening_a_kiosk_is_for_its_own_units_staff(client, client_for, people, survey):
    _q, _link, kiosk, ward_kiosk = survey
    assert client.post("/surveys/kiosks/open/", {"link": kiosk.pk, "label": "Quầy 1"}).status_code == 302
    assert client.get("/surveys/kiosks/").status_code == 302
    assert _open(client, people.outsider, kiosk).status_code == 404
    assert client.get("/surveys/kiosks/").status_code == 404
    assert _open(client, people.ward_clerk, kiosk).status_code == 404  # Sở Tư pháp's kiosk
    assert _open(client, people.auditor, kiosk).status_code == 404  # reads, never opens
    assert not KioskSession.objects.exists()
    assert _open(client, people.ward_clerk, ward_kiosk).status_code == 302
    assert _open(client, people.par_officer, kiosk).status_code == 302  # the province's PAR officer
    assert KioskSession.objects.count() == 2


def test_a_device_name_is_required(client, people, survey):
    _q, _link, kiosk, _w = survey
    refused = _open(client, people.justice_officer, kiosk, label="  ")
    assert refused.status_code == 302 and refused["Location"] == f"/surveys/kiosks/?link={kiosk.pk}"
    page = client.get(refused["Location"])
    assert "Đặt tên cho thiết bị" in page.content.decode() and not KioskSession.objects.exists()


def test_the_kiosks_page_lists_the_open_sessions_of_the_officers_units_only(
    client, client_for, people, survey
):
    _q, _link, kiosk, ward_kiosk = survey
    actions.do_open_kiosk_session(kiosk, label="Tư pháp quầy 1", actor=people.justice_officer)
    actions.do_open_kiosk_session(ward_kiosk, label="Bỉm Sơn quầy 2", actor=people.ward_clerk)
    page = client_for(people.justice_officer).get("/surveys/kiosks/")
    html = page.content.decode()
    assert "Tư pháp quầy 1" in html and "Bỉm Sơn quầy 2" not in html
    assert "20/11/2026 10:00" in html and "20/11/2026 22:00" in html  # opened, open until
    clerk = client_for(people.ward_clerk).get("/surveys/kiosks/").content.decode()
    assert "Bỉm Sơn quầy 2" in clerk and "Tư pháp quầy 1" not in clerk
    officer = client_for(people.par_officer).get("/surveys/kiosks/").content.decode()
    assert "Tư pháp quầy 1" in officer and "Bỉm Sơn quầy 2" in officer


def test_the_kiosks_page_reads_a_fixed_number_of_queries(client_for, people, survey):
    _q, _link, kiosk, ward_kiosk = survey
    actions.do_open_kiosk_session(kiosk, label="Quầy 1", actor=people.justice_officer)
    client = client_for(people.par_officer)
    with CaptureQueriesContext(connection) as one:
        client.get("/surveys/kiosks/")
    for i in range(4):
        actions.do_open_kiosk_session(ward_kiosk, label=f"Quầy {i + 2}", actor=people.ward_clerk)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get("/surveys/kiosks/").context["sessions"]) == 5
    assert len(five) == len(one)


def test_a_revoked_kiosk_session_stops_the_device_at_once(client, client_for, people, survey):
    _q, _link, kiosk, _w = survey
    device = Client()
    _open(device, people.justice_officer, kiosk)
    session = KioskSession.objects.get()
    revoke = f"/surveys/kiosks/{session.pk}/revoke/"
    assert client.post(revoke).status_code == 302  # anonymous: to sign in
    assert client_for(people.ward_clerk).post(revoke).status_code == 404
    assert client_for(people.outsider).post(revoke).status_code == 404
    session.refresh_from_db()
    assert session.is_open and _send(device, kiosk, 5).status_code == 200
    assert client_for(people.justice_officer).post(revoke).status_code == 302
    session.refresh_from_db()
    assert session.revoked_by == people.justice_officer and session.revoked_at == NOW
    assert AuditEvent.objects.filter(
        action="surveys.revoke_kiosk_session", actor=people.justice_officer
    ).exists()
    assert CLOSED in device.get(f"/surveys/kiosk/{kiosk.slug}/").content.decode()
    assert _send(device, kiosk, 5).status_code == 403
    assert Response.objects.count() == 1


def test_a_kiosk_session_expires_after_the_configured_hours(settings, people, survey):
    settings.PAR_KIOSK_SESSION_HOURS = 2
    _q, _link, kiosk, _w = survey
    device = Client()
    _open(device, people.justice_officer, kiosk)
    with time_machine.travel(NOW + dt.timedelta(hours=1, minutes=59), tick=False):
        assert _send(device, kiosk, 5).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        assert CLOSED in device.get(f"/surveys/kiosk/{kiosk.slug}/").content.decode()
        assert _send(device, kiosk, 5).status_code == 403
    assert Response.objects.count() == 1


def test_a_forged_or_foreign_kiosk_cookie_opens_nothing(client, people, survey):
    _q, _link, kiosk, ward_kiosk = survey
    session, key = actions.do_open_kiosk_session(kiosk, label="Quầy 1", actor=people.justice_officer)
    url = f"/surveys/kiosk/{kiosk.slug}/"
    for value in [
        f"{session.pk}:{key}",  # not signed
        signing.get_cookie_signer(salt=KIOSK_COOKIE + KIOSK_COOKIE_SALT).sign(f"{session.pk}:wrong-key"),
    ]:
        client.cookies[KIOSK_COOKIE] = value
        assert CLOSED in client.get(url).content.decode()
    client.cookies[KIOSK_COOKIE] = signing.get_cookie_signer(salt=KIOSK_COOKIE + KIOSK_COOKIE_SALT).sign(
        f"{session.pk}:{key}"
    )
    assert CLOSED not in client.get(url).content.decode()
    # The same cookie does not open another kiosk (the ward's).
    assert CLOSED in client.get(f"/surveys/kiosk/{ward_kiosk.slug}/").content.decode()


def test_answers_beyond_the_rate_of_a_kiosk_session_are_refused(settings, people, survey):
    settings.PAR_KIOSK_ANSWER_RATE = "3/600"
    settings.PAR_KIOSK_BURST = "100/60"
    _q, _link, kiosk, _w = survey
    device, other_device = Client(), Client()
    _open(device, people.justice_officer, kiosk)
    assert [_send(device, kiosk, 4).status_code for _i in range(4)] == [200, 200, 200, 429]
    refused = _send(device, kiosk, 4)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Vui lòng thử lại sau" in refused.content.decode()
    # Counted per kiosk session, not per address: another device at the same desk still answers.
    _open(other_device, people.justice_officer, kiosk, label="Quầy 2")
    assert _send(other_device, kiosk, 4).status_code == 200
    assert Response.objects.count() == 4


def test_thirty_scripted_kiosk_answers_are_flagged_and_left_out_of_the_index(
    client_for, people, units, survey
):
    q, link, kiosk, _w = survey
    _by_link(link, 5)
    _by_link(link, 1)
    assert _index(units).value == Decimal("50.00")
    device = Client()
    _open(device, people.justice_officer, kiosk)
    assert [_send(device, kiosk, 5).status_code for _i in range(30)] == [200] * 30  # one thank-you each
    kiosk_answers = Response.objects.filter(kiosk_session__isnull=False)
    assert kiosk_answers.count() == 30
    assert set(kiosk_answers.values_list("status", flat=True)) == {ResponseStatus.FLAGGED}
    measured = _index(units)
    assert measured.value == Decimal("50.00")  # had they counted: 31 of 32 satisfied
    assert "30 phiếu từ máy khảo sát chờ Hội đồng thẩm định xem xét" in measured.formula
    officer = client_for(people.par_officer)
    page = officer.get(f"/surveys/questionnaires/{q.pk}/results/")
    assert page.context["responses"] == 2 and page.context["flagged"] == 30
    assert "Không tính vào chỉ số: 30 phiếu" in page.content.decode()
    api = officer.get(f"/api/v1/survey-questionnaires/{q.pk}/indices/").json()
    assert (api["responses"], api["flagged"], api["rejected"], api["index"]) == (2, 30, 0, "50.00")
    assert AuditEvent.objects.filter(action="surveys.flag_responses").count() == 1


def test_answers_at_a_human_pace_are_counted(people, units, survey):
    _q, _link, kiosk, _w = survey
    device = Client()
    _open(device, people.justice_officer, kiosk)
    for i in range(6):  # one respondent every 30 seconds
        with time_machine.travel(NOW + dt.timedelta(seconds=30 * i), tick=False):
            assert _send(device, kiosk, 5).status_code == 200
    assert set(Response.objects.values_list("status", flat=True)) == {ResponseStatus.COUNTED}
    assert _index(units).value == Decimal("100.00")


@pytest.fixture
def burst(people, survey):
    """Four kiosk answers at Sở Tư pháp within the same second: flagged."""
    _q, _link, kiosk, _w = survey
    device = Client()
    _open(device, people.justice_officer, kiosk)
    for _i in range(4):
        _send(device, kiosk, 5)
    assert Response.objects.filter(status=ResponseStatus.FLAGGED).count() == 4
    return list(Response.objects.order_by("pk"))


def test_only_the_appraisal_council_reviews_flagged_answers(client, client_for, people, survey, burst):
    q = survey[0]
    url = f"/surveys/questionnaires/{q.pk}/flagged/"
    assert client.get(url).status_code == 302
    for person in [people.outsider, people.ward_clerk, people.justice_officer, people.justice_head]:
        viewer = client_for(person)
        assert viewer.get(url).status_code == 404, person
        post = {"decision": "accept", "note": "x", "response": [r.pk for r in burst]}
        assert viewer.post(url, post).status_code == 404, person
    page = client_for(people.appraiser).get(url)
    assert page.status_code == 200 and len(page.context["rows"]) == 4
    assert "20/11/2026 10:00:00" in page.content.decode()
    assert Response.objects.filter(status=ResponseStatus.FLAGGED).count() == 4


def test_the_council_rejects_and_accepts_flagged_answers_with_a_reason(
    client_for, people, units, survey, burst
):
    q = survey[0]
    url = f"/surveys/questionnaires/{q.pk}/flagged/"
    council = client_for(people.appraiser)
    nothing = council.post(url, {"decision": "reject", "note": "", "response": [burst[0].pk]}, follow=True)
    assert "Ghi lý do" in nothing.content.decode()
    assert _index(units).value is None  # only flagged answers so far
    reasons = {
        "decision": "reject",
        "note": "Gửi liên tục trong 1 giây",
        "response": [r.pk for r in burst[:3]],
    }
    assert council.post(url, reasons).status_code == 302
    council.post(
        url, {"decision": "accept", "note": "Đã kiểm tra camera: người thật", "response": [burst[3].pk]}
    )
    statuses = dict(Response.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in burst] == ["rejected", "rejected", "rejected", "accepted"]
    assert _index(units).value == Decimal("100.00")  # the accepted answer counts, the rejected ones do not
    events = AuditEvent.objects.filter(action="surveys.review_response")
    assert events.count() == 4 and set(events.values_list("actor", flat=True)) == {people.appraiser.pk}
    assert events.filter(reason="Gửi liên tục trong 1 giây").count() == 3
    again = council.post(url, {"decision": "accept", "note": "Nhầm", "response": [burst[0].pk]}, follow=True)
    assert "đã được xem xét" in again.content.decode()
    assert Response.objects.get(pk=burst[0].pk).status == "rejected"


def test_the_flagged_list_reads_a_fixed_number_of_queries(client_for, people, survey, burst):
    q = survey[0]
    council = client_for(people.appraiser)
    with CaptureQueriesContext(connection) as four:
        council.get(f"/surveys/questionnaires/{q.pk}/flagged/")
    device = Client()
    _open(device, people.justice_officer, survey[2], label="Quầy 2")
    for _i in range(4):
        _send(device, survey[2], 4)
    council.force_login(people.appraiser)
    with CaptureQueriesContext(connection) as eight:
        assert len(council.get(f"/surveys/questionnaires/{q.pk}/flagged/").context["rows"]) == 8
    assert len(eight) == len(four)


def test_menus_offer_the_kiosks_to_the_staff_who_open_them(client_for, people):
    assert 'href="/surveys/kiosks/"' in client_for(people.ward_clerk).get("/").content.decode()
    assert 'href="/surveys/kiosks/"' in client_for(people.justice_officer).get("/").content.decode()
    assert 'href="/surveys/kiosks/"' not in client_for(people.outsider).get("/").content.decode()
    assert 'href="/surveys/kiosks/"' not in client_for(people.auditor).get("/").content.decode()


def test_the_export_marks_flagged_answers_and_counts_what_the_index_leaves_out(
    client_for, people, survey, burst
):
    q = survey[0]
    response = client_for(people.par_officer).get(f"/surveys/questionnaires/{q.pk}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    rows = list(book["Phiếu trả lời"].iter_rows(min_row=2, values_only=True))
    assert {row[6] for row in rows} == {"Bị đánh dấu, chờ Hội đồng xem xét"}
    title = [
        str(c) for row in book["Chỉ số hài lòng"].iter_rows(max_row=3, values_only=True) for c in row if c
    ]
    assert "0 phiếu được tính; 4 phiếu chờ Hội đồng thẩm định xem xét và 0 phiếu bị loại" in " ".join(title)


def test_numbers_int_cannot_read_are_refused_on_the_kiosk_pages_and_the_review_without_a_500(
    client, client_for, people, survey, burst
):
    _q, _link, kiosk, _w = survey
    officer = client_for(people.justice_officer)
    sessions = KioskSession.objects.count()
    assert officer.get("/surveys/kiosks/?link=²").status_code == 200
    assert officer.post("/surveys/kiosks/open/", {"link": "²", "label": "Quầy 1"}).status_code == 404
    assert KioskSession.objects.count() == sessions
    url = f"/surveys/questionnaires/{survey[0].pk}/flagged/"
    post = {"decision": "accept", "note": "Đã xác minh", "response": ["²"]}
    assert client_for(people.appraiser).post(url, post).status_code < 500
    assert Response.objects.filter(status=ResponseStatus.FLAGGED).count() == 4
