"""The applicant's side of the online channel: the public supplement page (code and security code, what was
asked, the files; all or nothing, audited, rate-limited), the notices of each change by e-mail through the task
queue and the SMS hook, and the postal intake's scanned documents."""

import signal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks.backends.database.models import DBTaskResult

from par.audit.models import AuditEvent
from par.dossiers import actions
from par.dossiers.models import Dossier, DossierState
from par.dossiers.public import printed_secret, rating_token
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db
S = DossierState

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASON = "Bổ sung bản chính Giấy chứng sinh"
SENT_SMS: list[tuple[str, str]] = []


def record_sms(phone: str, text: str) -> None:
    """The province's SMS hook, as a test stands it in."""
    SENT_SMS.append((phone, text))


def _pdf(name="giay-chung-sinh-ban-chinh.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def asked(file_birth, staff, media, time_machine):
    """An online birth registration received on 09/11/2026 and asked for a supplement on 10/11 at 10:00; the
    clock then moves to 12/11 at 09:00, when the applicant answers."""
    d = file_birth(at(2026, 11, 9, 9, 0), channel="online")
    d = actions.do_request_supplement(
        d, reason=REASON, expected_version=d.version, actor=staff.ward_officer, at=at(2026, 11, 10, 10, 0)
    )
    time_machine.move_to(at(2026, 11, 12, 9, 0), tick=False)
    return d


def _post(client, code, secret, step="show", files=()):
    data = {"code": code, "token": secret, "step": step}
    if files:
        data["files"] = list(files)
    return client.post(reverse("portal:supplement"), data)


# --- the supplement page ---------------------------------------------------------------------------------


def test_anyone_opens_the_supplement_page_without_signing_in_and_sees_nothing_of_a_dossier(client, asked):
    page = client.get(reverse("portal:supplement"), {"code": asked.code})
    assert page.status_code == 200
    assert asked.code in page.content.decode() and REASON not in page.content.decode()


def test_with_the_code_and_security_code_the_applicant_sees_what_to_supplement(client, asked):
    response = _post(client, asked.code, printed_secret(asked.code).lower())
    assert response.status_code == 200
    page = response.content.decode()
    assert REASON in page and "Đăng ký khai sinh" in page and 'name="files"' in page


def test_a_wrong_security_code_gets_the_same_answer_as_a_dossier_that_does_not_exist(client, asked):
    wrong = _post(client, asked.code, "AAAAA-AAAAA")
    missing = _post(client, "14812-261109-9999", rating_token("14812-261109-9999"))
    for response in (wrong, missing):
        assert response.status_code == 404
        page = response.content.decode()
        assert "Không có hồ sơ đang chờ bổ sung nào có mã hồ sơ và mã bảo mật này" in page
        assert REASON not in page and "Đăng ký khai sinh" not in page


def test_a_dossier_that_awaits_no_supplement_gets_the_same_answer_too(client, file_birth, media):
    d = file_birth(at(2026, 11, 9, 9, 0), channel="online")
    response = _post(client, d.code, rating_token(d.code))
    assert response.status_code == 404
    assert "Không có hồ sơ đang chờ bổ sung nào" in response.content.decode()


def test_the_supplement_attaches_the_files_and_resumes_the_dossier_as_the_desk_would(
    client, asked, file_birth, staff
):
    # The same dossier answered at the desk at the same moment: the clock must resume the same way.
    twin = file_birth(at(2026, 11, 9, 9, 0), channel="online", name="Lê Văn Bình")
    twin = actions.do_request_supplement(
        twin,
        reason=REASON,
        expected_version=twin.version,
        actor=staff.ward_officer,
        at=at(2026, 11, 10, 10, 0),
    )
    twin = actions.do_receive_supplement(twin, expected_version=twin.version, actor=staff.ward_clerk)

    response = _post(client, asked.code, rating_token(asked.code), step="send", files=[_pdf()])
    assert response.status_code == 200
    assert 'id="supplement-done"' in response.content.decode()
    d = Dossier.objects.get(pk=asked.pk)
    assert d.state == S.RECEIVED
    assert (d.due_date, d.legal_due_date, d.due_at) == (twin.due_date, twin.legal_due_date, twin.due_at)
    assert not d.pauses.filter(resumed_at__isnull=True).exists()
    document = d.documents.get(kind="supplement")
    assert document.file.read() == PDF and document.content_type == "application/pdf"
    event = d.events.order_by("-sequence").first()
    assert (event.action, event.actor, event.to_state) == ("supplement_online", None, S.RECEIVED)
    audit = AuditEvent.objects.filter(action="dossiers.supplement_online").get()
    assert audit.actor is None and audit.before["state"] == S.SUPPLEMENT_REQUESTED


def test_a_refused_file_keeps_nothing_and_the_dossier_still_awaits_the_supplement(client, asked, media):
    renamed = _pdf(name="ban-chinh.pdf", content=b"MZ\x90\x00 not a pdf")
    response = _post(client, asked.code, rating_token(asked.code), step="send", files=[renamed])
    assert response.status_code == 400
    assert "ban-chinh.pdf" in response.content.decode()
    d = Dossier.objects.get(pk=asked.pk)
    assert d.state == S.SUPPLEMENT_REQUESTED and not d.documents.filter(kind="supplement").exists()
    assert not any(media.rglob("ban-chinh*"))


def test_sending_without_a_file_asks_for_the_documents(client, asked):
    response = _post(client, asked.code, rating_token(asked.code), step="send")
    assert response.status_code == 400
    assert "Vui lòng đính kèm các giấy tờ được yêu cầu bổ sung." in response.content.decode()
    assert Dossier.objects.get(pk=asked.pk).state == S.SUPPLEMENT_REQUESTED


def test_the_supplement_page_is_rate_limited_like_the_other_public_forms(client, asked, settings):
    settings.PAR_PUBLIC_FORM_RATE = "2/600"
    for _attempt in range(2):
        assert _post(client, asked.code, "AAAAA-AAAAA").status_code == 404
    assert _post(client, asked.code, rating_token(asked.code)).status_code == 429


# --- notices to the applicant ----------------------------------------------------------------------------


def _online(units, procedures, *, email="an@example.vn", phone=""):
    return actions.do_file_dossier(
        unit=units.ward_bim_son,
        procedure=procedures.birth,
        applicant=actions.Applicant(name="Nguyễn Văn An", email=email, phone=phone),
        channel="online",
        actor=None,
        at=at(2026, 11, 9, 9, 0),
    )


def test_each_change_of_an_online_dossier_queues_a_notice_after_commit(
    units, procedures, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = _online(units, procedures)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        d = actions.do_request_supplement(
            d, reason=REASON, expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 9, 10, 0)
        )
    assert DBTaskResult.objects.count() == 1  # the filing; the request waits for its commit
    with django_capture_on_commit_callbacks(execute=True):  # the backend, too, enqueues on commit
        for callback in pending:
            callback()
    queued = list(DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", "args_kwargs"))
    assert [path for path, _args in queued] == ["par.dossiers.tasks.notify_applicant"] * 2
    assert [args["args"] for _path, args in queued] == [[d.pk, 1], [d.pk, 2]]


def test_a_counter_dossier_or_one_without_an_address_queues_no_notice(
    units, procedures, staff, file_birth, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_birth(at(2026, 11, 9, 9, 0))
        _online(units, procedures, email="")
    assert not DBTaskResult.objects.exists()


def test_a_change_that_keeps_the_state_tells_the_applicant_nothing(
    units, procedures, staff, file_birth, django_capture_on_commit_callbacks
):
    from par.dossiers.tests.conftest import checklist_ids

    d = _online(units, procedures)
    d = actions.do_receive_complete(
        d,
        expected_version=d.version,
        actor=staff.ward_clerk,
        at=at(2026, 11, 9, 9, 30),
        checked=checklist_ids(d),
    )
    d = actions.do_assign(
        d, assignee=staff.ward_officer, expected_version=d.version, actor=staff.ward_officer
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_assign(
            d, assignee=staff.ward_officer_2, expected_version=d.version, actor=staff.ward_officer
        )
    assert not DBTaskResult.objects.exists()


def test_the_supplement_notice_says_what_to_supplement_and_where_but_not_the_security_code(
    units, procedures, staff, settings
):
    from par.dossiers import applicant_notices

    settings.PAR_APPLICANT_SMS = "par.dossiers.tests.test_online_supplement_and_notices.record_sms"
    SENT_SMS.clear()
    d = _online(units, procedures, phone="0912345678")
    d = actions.do_request_supplement(
        d, reason=REASON, expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 9, 10, 0)
    )
    assert applicant_notices.send(d.pk, 2) == {"emails": 1, "sms": 1}
    message = mail.outbox[-1]
    assert message.to == ["an@example.vn"]
    assert message.subject == f"Hồ sơ {d.code}: Chờ bổ sung hồ sơ"
    assert REASON in message.body and "Đăng ký khai sinh" in message.body
    assert f"http://testserver/tra-cuu/bo-sung/?code={d.code}" in message.body
    secret = rating_token(d.code)
    assert secret not in message.body and printed_secret(d.code) not in message.body
    assert "Nguyễn Văn An" not in message.body
    phone, text = SENT_SMS[-1]
    assert phone == "0912345678" and d.code in text and "/tra-cuu/bo-sung/" in text and secret not in text


def test_without_the_sms_setting_no_text_message_is_sent(units, procedures, staff):
    from par.dossiers import applicant_notices

    SENT_SMS.clear()
    d = _online(units, procedures, phone="0912345678")
    assert applicant_notices.send(d.pk, 1) == {"emails": 1, "sms": 0}
    assert not SENT_SMS
    assert mail.outbox[-1].subject == f"Hồ sơ {d.code}: Mới nộp, chờ kiểm tra"


@pytest.mark.django_db(transaction=True)
def test_the_queued_notices_are_e_mailed_by_the_database_worker(units, procedures, staff):
    d = _online(units, procedures)
    actions.do_request_supplement(
        d, reason=REASON, expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 9, 10, 0)
    )
    assert DBTaskResult.objects.count() == 2 and not mail.outbox
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCEEDED"}
    assert [m.subject for m in mail.outbox] == [
        f"Hồ sơ {d.code}: Mới nộp, chờ kiểm tra",
        f"Hồ sơ {d.code}: Chờ bổ sung hồ sơ",
    ]


# --- the postal intake's scanned documents ---------------------------------------------------------------


def _intake(client, procedures, channel, files):
    version = procedures.birth.versions.get()
    return client.post(
        reverse("dossiers:intake"),
        {
            "procedure": procedures.birth.pk,
            "channel": channel,
            "applicant_name": "Nguyễn Thị Bình",
            "decision": "receive",
            "documents": [doc.pk for doc in version.documents.all()],
            "files": files,
        },
    )


def test_a_postal_intake_keeps_the_scanned_documents_for_the_staff(client_for, staff, procedures, media):
    client = client_for(staff.ward_clerk)
    response = _intake(client, procedures, "postal", [_pdf("to-khai-quet.pdf")])
    d = Dossier.objects.get()
    assert response.status_code == 302 and d.channel == "postal"
    scanned = d.documents.exclude(file="").get()
    assert scanned.name == "to-khai-quet.pdf" and scanned.file.read() == PDF
    download = client.get(reverse("dossiers:document", args=[d.pk, scanned.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_a_counter_intake_refuses_scanned_files_and_says_to_choose_the_postal_channel(
    client_for, staff, procedures, media
):
    response = _intake(client_for(staff.ward_clerk), procedures, "counter", [_pdf()])
    assert response.status_code == 400
    assert "hãy chọn kênh bưu chính" in response.content.decode()
    assert not Dossier.objects.exists() and not any(media.rglob("*.pdf"))
