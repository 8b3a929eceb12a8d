"""The desk, the queue, the board and staff search at volume: every dossier reachable through pages, sorts and
filters, in the same number of queries however many rows match."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from par.dossiers.models import Channel, Dossier, DossierRollup, DossierState
from par.dossiers.testing import bulk_dossiers
from par.dossiers.tests.conftest import at

S = DossierState


@pytest.fixture
def waiting(units, procedures):
    """`waiting(n)`: n dossiers filed at Phường Bỉm Sơn from 01/10/2026 on, waiting for the clerk's check."""

    def _make(count, **kwargs):
        return bulk_dossiers(
            count, unit=units.ward_bim_son, procedure=procedures.birth, first_filed=at(2026, 10, 1), **kwargs
        )

    return _make


def codes(response) -> list[str]:
    return [d.code for d in response.context["list"].rows]


def test_the_oldest_of_147_dossiers_waiting_on_the_desk_is_on_the_last_page(client_for, staff, waiting):
    waiting(147)
    client = client_for(staff.ward_clerk)
    first = client.get(reverse("dossiers:desk"))
    assert first.context["list"].total == 147
    assert "Dòng 1–50 trên tổng số 147" in first.content.decode()
    last = client.get(reverse("dossiers:desk"), {"page": 3})
    assert codes(last)[-1] == "14812-B000001"
    assert len(codes(last)) == 47


def test_sorted_oldest_first_the_desk_starts_with_the_oldest_waiting_dossier(client_for, staff, waiting):
    waiting(147)
    response = client_for(staff.ward_clerk).get(reverse("dossiers:desk"), {"sort": "filed"})
    assert codes(response)[:2] == ["14812-B000001", "14812-B000002"]


def test_the_desk_tabs_count_what_waits_for_a_check_and_what_waits_to_be_returned(client_for, staff, waiting):
    waiting(5)
    Dossier.objects.filter(code__in=["14812-B000001", "14812-B000002"]).update(state=S.RESULT_READY)
    response = client_for(staff.ward_clerk).get(reverse("dossiers:desk"), {"tab": "return"})
    tabs = {key: count for key, _label, count in response.context["tabs"]}
    assert tabs["check"] == 3 and tabs["return"] == 2 and tabs["all"] == 5
    assert sorted(codes(response)) == ["14812-B000001", "14812-B000002"]


@pytest.mark.parametrize("rows", [3, 60])
def test_the_desk_takes_the_same_number_of_queries_for_3_or_60_dossiers(
    client_for, staff, waiting, rows, django_assert_num_queries
):
    waiting(rows)
    client = client_for(staff.ward_clerk)
    client.get(reverse("dossiers:desk"))
    # session, user, menu roles, units, tab counts, totals, rows, the procedure filter's choices
    with django_assert_num_queries(8):
        response = client.get(reverse("dossiers:desk"), {"sort": "-due", "state": S.SUBMITTED})
    assert response.context["list"].total == rows


def test_the_desk_filters_by_state_channel_procedure_and_receipt_date(client_for, staff, waiting, procedures):
    waiting(6)
    Dossier.objects.filter(code="14812-B000002").update(channel=Channel.ONLINE)
    Dossier.objects.filter(code="14812-B000003").update(
        state=S.RECEIVED, received_on=dt.date(2026, 10, 5), due_date=dt.date(2026, 10, 7)
    )
    client = client_for(staff.ward_clerk)
    desk = reverse("dossiers:desk")
    assert codes(client.get(desk, {"tab": "all", "channel": "online"})) == ["14812-B000002"]
    assert codes(client.get(desk, {"tab": "all", "state": S.RECEIVED})) == ["14812-B000003"]
    assert codes(client.get(desk, {"tab": "all", "overdue": "yes"})) == ["14812-B000003"]
    assert len(codes(client.get(desk, {"tab": "all", "overdue": "no"}))) == 5
    received = {"tab": "all", "received_from": "05/10/2026", "received_to": "05/10/2026"}
    assert codes(client.get(desk, received)) == ["14812-B000003"]
    assert len(codes(client.get(desk, {"tab": "all", "procedure": procedures.birth.pk}))) == 6


def test_the_desk_shows_how_many_dossiers_are_overdue(client_for, staff, waiting):
    waiting(4, state=S.IN_PROCESS)
    Dossier.objects.filter(code__in=["14812-B000001", "14812-B000002"]).update(due_date=dt.date(2026, 11, 2))
    response = client_for(staff.ward_clerk).get(reverse("dossiers:desk"), {"tab": "all"})
    assert response.context["list"].totals["overdue"] == 2
    assert "2 quá hạn" in response.content.decode()


def test_another_wards_clerk_sees_none_of_these_dossiers_on_the_desk(client_for, staff, waiting):
    waiting(3)
    response = client_for(staff.other_ward_clerk).get(reverse("dossiers:desk"), {"tab": "all"})
    assert response.context["list"].total == 0


def _in_process(file_birth, count):
    """`count` dossiers received from 02/11/2026 on, each now at its checking step."""
    made = []
    for n in range(count):
        made.append(file_birth(at(2026, 11, 2) + dt.timedelta(minutes=n)))
    return made


def test_the_queue_lists_overdue_steps_first_and_splits_them_in_tabs(
    client_for, staff, file_birth, time_machine
):
    for day in (2, 3, 4):
        file_birth(at(2026, 11, day, 9, 0))
    time_machine.move_to(at(2026, 11, 9, 9, 0), tick=False)
    client = client_for(staff.ward_officer)
    response = client.get(reverse("dossiers:queue"))
    assert codes(response) == ["14812-261102-0001", "14812-261103-0001", "14812-261104-0001"]
    tabs = {key: count for key, _label, count in response.context["tabs"]}
    assert tabs == {"all": 3, "overdue": 3, "soon": 0, "later": 0}
    assert codes(client.get(reverse("dossiers:queue"), {"tab": "soon"})) == []


@pytest.mark.parametrize("rows", [3, 60])
def test_the_queue_takes_the_same_number_of_queries_for_3_or_60_dossiers(
    client_for, staff, waiting, rows, django_assert_num_queries
):
    made = waiting(rows, state=S.IN_PROCESS)
    from par.dossiers.models import DossierStep

    steps = DossierStep.objects.bulk_create(
        DossierStep(
            dossier=d,
            sequence=1,
            position=2,
            name="Thẩm định",
            actor_kind="specialist",
            days=1,
            unit=d.unit,
            started_at=d.submitted_at,
            due_date=dt.date(2026, 11, 3 + n % 10),
        )
        for n, d in enumerate(made)
    )
    for d, step in zip(made, steps, strict=True):
        d.current_step = step
    Dossier.objects.bulk_update(made, ["current_step"])
    client = client_for(staff.ward_officer)
    client.get(reverse("dossiers:queue"))
    # session, user, menu roles, units, tab counts, totals, rows, the procedure filter's choices
    with django_assert_num_queries(8):
        response = client.get(reverse("dossiers:queue"), {"sort": "-step_due"})
    assert response.context["list"].total == rows


@pytest.mark.parametrize("days", [3, 60])
def test_the_on_time_board_takes_the_same_number_of_queries_for_3_or_60_days_of_statistics(
    client_for, staff, units, procedures, days, django_assert_num_queries
):
    DossierRollup.objects.bulk_create(
        DossierRollup(
            unit=unit,
            procedure=procedures.birth,
            day=dt.date(2026, 1, 1) + dt.timedelta(days=n),
            channel=Channel.COUNTER,
            received=2,
            resolved_on_time=1,
            resolved_late=1,
        )
        for n in range(days)
        for unit in (units.ward_bim_son, units.ward_quang_trung)
    )
    client = client_for(staff.ward_clerk)
    client.get(reverse("dossiers:board"))
    with django_assert_num_queries(6):  # session, user, menu roles, visible units, totals, rows
        response = client.get(reverse("dossiers:board"), {"year": 2026, "sort": "-pct"})
    page = response.context["list"]
    assert [r["received"] for r in page.rows] == [2 * days]  # only the clerk's own ward
    assert page.totals["sum_resolved"] == 2 * days and page.rows[0]["pct"] == 50.0


def test_the_board_headings_read_in_vietnamese_with_a_plain_percent_sign(client_for, staff):
    html = client_for(staff.ward_clerk).get(reverse("dossiers:board")).content.decode()
    assert "Trước hạn và đúng hạn (%)" in html and "%%" not in html
