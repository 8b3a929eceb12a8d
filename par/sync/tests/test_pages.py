"""The outbox page and its dead letters (administrators only), and the national view (staff of national mode)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from par.audit.models import AuditEvent
from par.sync.actions import do_add_receiving_province, do_receive_item
from par.sync.models import OutboxEvent, OutboxState, ReceivingProvince
from par.sync.outbox import INDEX_RESULTS, REPORTS, emit

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead(settings):
    settings.SYNC_ENABLED = True
    with transaction.atomic():
        event = emit(REPORTS, "report.approved:1:v3", {"n": 1})
    assert event is not None
    OutboxEvent.objects.filter(pk=event.pk).update(state=OutboxState.DEAD, attempts=10, last_error="HTTP 500")
    return event


def test_the_outbox_page_is_for_administrators_only(client, client_for, people, dead):
    url = reverse("sync:outbox")
    assert client.get(url).status_code == 302
    assert client_for(people.par_officer).get(url).status_code == 404
    page = client_for(people.admin).get(url)
    assert page.status_code == 200
    assert "report.approved:1:v3" in page.content.decode()


def test_the_outbox_page_costs_the_same_queries_however_many_items(
    client_for, people, dead, django_assert_num_queries
):
    c = client_for(people.admin)
    c.get(reverse("sync:outbox"))
    # session, user, roles and notices for the menu, the messages, the counts, the dead items
    with django_assert_num_queries(6):
        c.get(reverse("sync:outbox"))


@pytest.mark.parametrize("name", ["retry", "discard"])
def test_only_an_administrator_may_retry_or_discard_a_dead_item(client, client_for, people, dead, name):
    url = reverse(f"sync:{name}", args=[dead.pk])
    assert client.post(url, {"reason": "sai"}).status_code == 302
    assert client_for(people.par_officer).post(url, {"reason": "sai"}).status_code == 404
    assert OutboxEvent.objects.get(pk=dead.pk).state == OutboxState.DEAD
    assert client_for(people.admin).post(url, {"reason": "Dữ liệu sai, tỉnh gửi lại"}).status_code == 302
    assert AuditEvent.objects.filter(
        action=f"sync.{name}", object_id=str(dead.pk), actor=people.admin
    ).exists()


def test_a_retried_item_waits_again_with_its_attempts_counted_afresh(client_for, people, dead):
    client_for(people.admin).post(reverse("sync:retry", args=[dead.pk]))
    event = OutboxEvent.objects.get(pk=dead.pk)
    assert (event.state, event.attempts) == (OutboxState.PENDING, 0)
    # Retried once, it is no longer dead: a second retry finds nothing.
    assert client_for(people.admin).post(reverse("sync:retry", args=[dead.pk])).status_code == 404


def test_discarding_needs_a_reason(client_for, people, dead):
    response = client_for(people.admin).post(
        reverse("sync:discard", args=[dead.pk]), {"reason": " "}, follow=True
    )
    assert OutboxEvent.objects.get(pk=dead.pk).state == OutboxState.DEAD
    assert "Trường này là bắt buộc" in response.content.decode() or "required" in response.content.decode()


def _report(code, name, value, is_province=True):
    return {
        "report": 1,
        "version": 2,
        "unit": {"code": code, "name": name, "is_province": is_province},
        "period": {
            "key": "2026-quarter-3",
            "year": 2026,
            "kind": "quarter",
            "quarter": 3,
            "name": "Quý III/2026",
        },
        "template": "mau-cchc",
        "approved_at": "2026-09-20T03:00:00+00:00",
        "values": [
            {
                "element": "tthc_trong_bo",
                "label": "TTHC",
                "column": "total",
                "number": value,
                "rank_of": None,
                "text": "",
            }
        ],
    }


def _item(n, payload):
    return {
        "stream": REPORTS,
        "sequence": n,
        "previous": n - 1,
        "key": f"k{n}",
        "created_at": "2026-09-20T03:00Z",
        "payload": payload,
    }


@pytest.fixture
def national(settings, people):
    settings.PAR_MODE = "national"
    people.admin.is_staff = True
    thanh_hoa, _ = do_add_receiving_province(code="38", name="Thanh Hóa", actor=None)
    nghe_an, _ = do_add_receiving_province(code="40", name="Nghệ An", actor=None)
    do_receive_item(thanh_hoa, _item(1, _report("38", "Tỉnh Thanh Hóa", "2738.00")))
    do_receive_item(nghe_an, _item(1, _report("40.X", "Phường Vinh", "10.00", is_province=False)))
    do_receive_item(nghe_an, _item(2, _report("40", "Tỉnh Nghệ An", "1500.50")))
    return settings


def test_the_national_view_shows_the_provinces_figures_side_by_side(client, client_for, people, national):
    url = reverse("sync:national")
    assert client.get(url).status_code == 302
    assert client_for(people.par_officer).get(url).status_code == 404
    page = client_for(people.admin).get(url).content.decode()
    assert "Thanh Hóa" in page and "Nghệ An" in page
    assert "2738" in page and "1500.5" in page
    assert "20/09/2026" in page


def test_the_national_view_is_not_there_on_a_province_deployment(client_for, people, settings):
    settings.PAR_MODE = "province"
    assert client_for(people.admin).get(reverse("sync:national")).status_code == 404


def test_the_national_view_costs_the_same_queries_however_many_provinces(
    client_for, people, national, django_assert_num_queries
):
    for province in ReceivingProvince.objects.all():
        results = {"unit": "Sở Nội vụ", "status": "ranked", "total": "80.00", "percent": "80.00"}
        payload = {"framework": {"code": "so", "name": "Chỉ số", "year": 2026}, "results": [results]}
        do_receive_item(province, {**_item(9, payload), "stream": INDEX_RESULTS, "previous": 0, "key": "i"})
    c = client_for(people.admin)
    c.get(reverse("sync:national"))
    # the signed-in page's own four (session, user, roles and notices for the menu), the periods, the
    # provinces, the items of the period; the indices published, the provinces and the items of the ranking
    with django_assert_num_queries(10):
        c.get(reverse("sync:national"))


def test_the_national_view_shows_a_province_report_submitted_but_not_yet_approved(
    client_for, people, national
):
    thanh_hoa = ReceivingProvince.objects.get(code="38")
    nghe_an = ReceivingProvince.objects.get(code="40")
    waiting = {**_report("38", "Tỉnh Thanh Hóa", "9999.00"), "event": "submitted", "approved_at": None}
    waiting["submitted_at"] = "2026-10-05T03:00:00+00:00"
    do_receive_item(thanh_hoa, {**_item(2, waiting), "key": "k2-submitted"})
    ward = {**_report("40.Y", "Phường Trường Vinh", "5.00", is_province=False), "event": "submitted"}
    do_receive_item(nghe_an, {**_item(3, ward), "key": "k3-submitted"})
    response = client_for(people.admin).get(reverse("sync:national"))
    page = response.content.decode()
    assert "Đã gửi ngày 05/10/2026, chưa được duyệt" in page
    columns = {c.province.code: c for c in response.context["columns"]}
    # The approved figures stay those shown; a submission is counted apart until it is approved.
    assert columns["38"].figures[("tthc_trong_bo", "total")] == "2738"
    assert (columns["38"].units_reported, columns["38"].units_waiting) == (1, 1)
    assert (columns["40"].units_reported, columns["40"].units_waiting) == (2, 1)
    assert columns["40"].submitted is None
