"""The dossier pages through HTTP: who sees what, the counter intake, the detail page's actions, work lists."""

import pytest
from django.urls import reverse

from par.dossiers.models import Dossier, DossierState
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db
S = DossierState

PAGES = ["dossiers:desk", "dossiers:queue", "dossiers:board", "dossiers:intake"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_clerk_of_another_ward_gets_404_for_the_dossier_its_actions_and_slips(
    client_for, staff, file_birth
):
    d = file_birth(at(2026, 11, 9, 9, 0))
    client = client_for(staff.other_ward_clerk)
    assert client.get(reverse("dossiers:detail", args=[d.pk])).status_code == 404
    assert client.get(reverse("dossiers:slip", args=[d.pk, "receipt", "docx"])).status_code == 404
    response = client.post(
        reverse("dossiers:act", args=[d.pk, "withdraw"]), {"version": d.version, "note": "x"}
    )
    assert response.status_code == 404
    d.refresh_from_db()
    assert d.state == S.RECEIVED


def test_someone_without_a_desk_cannot_open_the_intake_form(client_for, staff):
    assert client_for(staff.outsider).get(reverse("dossiers:intake")).status_code == 404


def test_the_clerk_receives_a_complete_dossier_at_the_counter_and_gets_the_receipt(
    client_for, staff, procedures, time_machine
):
    time_machine.move_to(at(2026, 11, 9, 9, 30), tick=False)
    client = client_for(staff.ward_clerk)
    version = procedures.birth.versions.get()
    page = client.get(
        reverse("dossiers:intake"), {"procedure": procedures.birth.pk}, headers={"HX-Request": "true"}
    )
    assert "Giấy chứng sinh" in page.content.decode()
    response = client.post(
        reverse("dossiers:intake"),
        {
            "procedure": procedures.birth.pk,
            "channel": "counter",
            "applicant_name": "Nguyễn Thị Bình",
            "decision": "receive",
            "documents": [doc.pk for doc in version.documents.all()],
        },
    )
    d = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dossiers:detail", args=[d.pk])
    assert (d.state, d.due_date.isoformat(), d.documents.count()) == (S.RECEIVED, "2026-11-11", 2)
    detail = client.get(response["Location"]).content.decode()
    assert "11/11/2026" in detail and "Nhận hồ sơ lúc 09:30" in detail
    receipt = client.get(reverse("dossiers:slip", args=[d.pk, "receipt", "docx"]))
    assert receipt.status_code == 200 and receipt.getvalue()[:2] == b"PK"


def test_an_incomplete_counter_dossier_needs_the_reason_and_writes_nothing_without_it(
    client_for, staff, procedures
):
    client = client_for(staff.ward_clerk)
    data = {
        "procedure": procedures.birth.pk,
        "channel": "postal",
        "applicant_name": "A",
        "decision": "supplement",
    }
    response = client.post(reverse("dossiers:intake"), data)
    assert response.status_code == 400 and not Dossier.objects.exists()
    response = client.post(reverse("dossiers:intake"), {**data, "reason": "Thiếu Giấy chứng sinh"})
    d = Dossier.objects.get()
    assert (d.state, d.channel, d.received_at) == (S.SUPPLEMENT_REQUESTED, "postal", None)


def test_a_refused_counter_form_comes_back_with_the_ticked_documents_still_ticked(
    client_for, staff, procedures
):
    client = client_for(staff.ward_clerk)
    first, second = procedures.birth.versions.get().documents.order_by("position")
    data = {
        "procedure": procedures.birth.pk,
        "channel": "counter",
        "applicant_name": "A",
        "decision": "supplement",
        "documents": [first.pk, "not-a-number"],
    }
    response = client.post(reverse("dossiers:intake"), data)
    html = response.content.decode()
    assert response.status_code == 400 and not Dossier.objects.exists()
    assert f'value="{first.pk}" id="doc-{first.pk}" checked' in html
    assert f'value="{second.pk}" id="doc-{second.pk}">' in html


def test_the_detail_page_offers_only_the_actions_the_user_may_take(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    officer_page = (
        client_for(staff.ward_officer).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    )
    assert reverse("dossiers:act", args=[d.pk, "next"]) in officer_page
    assert reverse("dossiers:act", args=[d.pk, "withdraw"]) not in officer_page
    clerk_page = client_for(staff.ward_clerk).get(reverse("dossiers:detail", args=[d.pk])).content.decode()
    assert reverse("dossiers:act", args=[d.pk, "withdraw"]) in clerk_page
    assert reverse("dossiers:act", args=[d.pk, "next"]) not in clerk_page


def test_a_stale_form_gets_409_with_the_conflict_message(client_for, staff, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    client = client_for(staff.ward_officer)
    stale = d.version
    ok = client.post(reverse("dossiers:act", args=[d.pk, "next"]), {"version": stale})
    assert ok.status_code == 302
    response = client.post(reverse("dossiers:act", args=[d.pk, "submit"]), {"version": stale})
    assert response.status_code == 409
    assert "Tải lại trang" in response.content.decode()
    d.refresh_from_db()
    assert d.state == S.IN_PROCESS


def test_the_on_time_board_counts_the_visible_units_only(client_for, staff, file_birth):
    file_birth(at(2026, 11, 9, 9, 0))
    mine = client_for(staff.ward_clerk).get(reverse("dossiers:board"), {"year": 2026})
    assert [r["received"] for r in mine.context["list"].rows] == [1]
    other = client_for(staff.other_ward_clerk).get(reverse("dossiers:board"), {"year": 2026})
    assert other.context["list"].rows == []


def test_anonymous_visitors_cannot_open_act_on_or_print_a_dossier(client, file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    for response in (
        client.get(reverse("dossiers:detail", args=[d.pk])),
        client.post(reverse("dossiers:act", args=[d.pk, "withdraw"]), {"version": d.version, "note": "x"}),
        client.get(reverse("dossiers:slip", args=[d.pk, "receipt", "docx"])),
    ):
        assert response.status_code == 302 and "/login" in response["Location"]
    d.refresh_from_db()
    assert d.state == S.RECEIVED


def test_the_online_form_is_open_to_anyone(client, procedures, staff):
    response = client.get(reverse("dossiers:online"))
    assert response.status_code == 200 and "Đăng ký khai sinh" in response.content.decode()
