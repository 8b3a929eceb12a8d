"""The legal clock of a dossier: receipt, cut-off, Tết, swapped days, pauses and apology slips.

Each test freezes time, acts as the one-stop staff would and reads the dates and the explanation that the
dossier page and the public lookup show.
"""

import datetime as dt

import pytest
import time_machine

from par.dossiers import actions
from par.dossiers.models import DossierState, Outcome
from par.dossiers.tests.conftest import at

D = dt.date
pytestmark = pytest.mark.django_db


def test_a_dossier_received_before_tet_is_due_after_the_tet_holiday(file_birth):
    with time_machine.travel(at(2026, 2, 13, 10, 0), tick=False):
        d = file_birth(at(2026, 2, 13, 10, 0))
    # 2 committed working days; Tết (16–20/02/2026) and two weekends are skipped.
    assert d.due_date == D(2026, 2, 24)
    assert d.legal_due_date == D(2026, 2, 25)
    assert "Nhận hồ sơ lúc 10:00 thứ Sáu 13/02/2026, trước giờ chốt 15:00" in d.due_explanation
    assert "bỏ qua 4 ngày nghỉ hằng tuần" in d.due_explanation
    assert "16/02/2026" in d.due_explanation and "20/02/2026" in d.due_explanation
    assert "→ hạn thứ Ba 24/02/2026" in d.due_explanation


def test_a_dossier_received_after_the_cutoff_counts_from_the_next_working_day(file_birth):
    d = file_birth(at(2026, 11, 12, 15, 30))
    assert d.due_date == D(2026, 11, 17)
    assert "sau giờ chốt 15:00 → tính từ thứ Sáu 13/11/2026" in d.due_explanation
    assert "→ hạn thứ Ba 17/11/2026" in d.due_explanation


def test_the_swapped_saturday_is_counted_as_a_working_day(file_birth):
    d = file_birth(at(2026, 8, 20, 9, 0))
    assert d.due_date == D(2026, 8, 22)
    assert "tính cả ngày làm bù thứ Bảy 22/08/2026" in d.due_explanation


def test_half_day_steps_are_rounded_up_to_a_whole_working_day(file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0))
    step = d.current_step
    assert (step.name, step.due_date) == ("Tiếp nhận hồ sơ", D(2026, 11, 10))


def test_a_supplement_request_stops_the_clock_and_the_days_left_continue_on_resumption(file_birth, staff):
    d = file_birth(at(2026, 11, 9, 9, 0))
    assert d.due_date == D(2026, 11, 11)
    d = actions.do_request_supplement(
        d,
        reason="Thiếu Giấy chứng sinh",
        expected_version=d.version,
        actor=staff.ward_officer,
        at=at(2026, 11, 10, 10, 0),
    )
    assert d.state == DossierState.SUPPLEMENT_REQUESTED and d.is_paused
    pause = d.pauses.get()
    assert (pause.remaining_days, pause.remaining_legal_days) == (1, 2)
    # Supplemented on Friday after the cut-off: the one day left runs from Monday 16/11.
    d = actions.do_receive_supplement(
        d, expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 13, 16, 0)
    )
    assert d.state == DossierState.RECEIVED
    assert d.due_date == D(2026, 11, 17)
    assert d.legal_due_date == D(2026, 11, 18)
    assert "Tạm dừng tính thời hạn từ 10/11/2026 để bổ sung hồ sơ, còn 1 ngày làm việc" in d.due_explanation
    assert "→ hạn thứ Ba 17/11/2026" in d.due_explanation.splitlines()[-1]


def test_a_pause_across_the_culture_day_holiday_skips_it(file_birth, staff):
    d = file_birth(at(2026, 11, 19, 9, 0))  # due Mon 23/11
    d = actions.do_request_supplement(
        d, reason="Thiếu tờ khai", expected_version=d.version, actor=None, at=at(2026, 11, 20, 9, 0)
    )
    d = actions.do_receive_supplement(d, expected_version=d.version, actor=None, at=at(2026, 11, 23, 9, 0))
    # One day left from Monday 23/11; Tuesday 24/11/2026 is a day off.
    assert d.due_date == D(2026, 11, 25)
    assert "24/11/2026" in d.due_explanation


def test_an_apology_slip_sets_a_new_date_but_the_result_still_counts_as_late(file_birth, staff):
    d = file_birth(at(2026, 11, 9, 9, 0))
    d = actions.do_move_to_next_step(
        d, expected_version=d.version, actor=staff.ward_officer, at=at(2026, 11, 9, 10, 0)
    )
    d = actions.do_extend(
        d,
        new_date=D(2026, 11, 16),
        reason="Cần xác minh thêm",
        expected_version=d.version,
        actor=staff.ward_officer,
        at=at(2026, 11, 10, 9, 0),
    )
    assert (d.due_date, d.extended_due_date, d.promised_date) == (
        D(2026, 11, 11),
        D(2026, 11, 16),
        D(2026, 11, 16),
    )
    assert (
        "Hạn trả kết quả đã được điều chỉnh từ 11/11/2026 sang 16/11/2026; lý do ghi trên phiếu xin lỗi"
        in d.due_explanation
    )
    assert "Cần xác minh thêm" not in d.due_explanation  # the explanation is public (decision 0095)
    extension = d.extensions.get()
    assert extension.unit == staff.ward_officer.memberships.get().unit
    d = actions.do_submit_for_approval(
        d, expected_version=d.version, actor=staff.ward_officer, at=at(2026, 11, 13, 9)
    )
    d = actions.do_approve(d, expected_version=d.version, actor=staff.ward_leader, at=at(2026, 11, 13, 10))
    d = actions.do_issue_result(
        d, expected_version=d.version, actor=staff.ward_clerk, at=at(2026, 11, 13, 11)
    )
    assert d.outcome == Outcome.LATE
    # The specialist step (1 day from 09/11 10:00, due 10/11) finished on 13/11: it caused the delay.
    steps = list(d.steps.order_by("sequence").values_list("name", "outcome"))
    assert steps == [("Tiếp nhận hồ sơ", "early"), ("Thẩm định", "late"), ("Lãnh đạo ký", "early")]


def test_a_new_date_must_be_after_the_current_appointment(file_birth, staff):
    from django.core.exceptions import ValidationError

    d = file_birth(at(2026, 11, 9, 9, 0))
    with pytest.raises(ValidationError, match="11/11/2026"):
        actions.do_extend(
            d, new_date=D(2026, 11, 11), reason="x", expected_version=d.version, actor=staff.ward_officer
        )
    assert not d.extensions.exists()


@pytest.mark.parametrize("new_date", [D(9999, 12, 31), D(2026, 12, 31)])
def test_an_apology_date_beyond_thirty_working_days_is_refused_and_nothing_is_written(
    file_birth, staff, new_date
):
    from django.core.exceptions import ValidationError

    d = file_birth(at(2026, 11, 9, 9, 0))  # appointment 11/11/2026; 30 working days later is 24/12/2026
    with pytest.raises(ValidationError, match="30 .*24/12/2026"):
        actions.do_extend(
            d, new_date=new_date, reason="Chậm", expected_version=d.version, actor=staff.ward_officer
        )
    assert not d.extensions.exists()


def test_an_apology_date_on_a_day_off_is_refused_and_the_last_allowed_working_day_is_accepted(
    file_birth, staff
):
    from django.core.exceptions import ValidationError

    d = file_birth(at(2026, 11, 9, 9, 0))
    with pytest.raises(ValidationError, match="15/11/2026"):  # a Sunday
        actions.do_extend(
            d, new_date=D(2026, 11, 15), reason="Chậm", expected_version=d.version, actor=staff.ward_officer
        )
    d = actions.do_extend(
        d, new_date=D(2026, 12, 24), reason="Chậm", expected_version=d.version, actor=staff.ward_officer
    )
    assert d.promised_date == D(2026, 12, 24)
