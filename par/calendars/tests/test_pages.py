"""The calendar page through HTTP: sign-in required, the year's days, and the explained due date."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("par.calendars.tests.urls")]

NOW = dt.datetime(2026, 1, 16, 9, 10, tzinfo=dt.UTC)  # 16:10 on Friday 16/01/2026 in Hà Nội


def _url(**params):
    from urllib.parse import urlencode

    return reverse("calendars:index") + ("?" + urlencode(params) if params else "")


@pytest.mark.smoke
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.smoke
@time_machine.travel(NOW, tick=False)
def test_signed_in_user_sees_this_years_days_off_and_makeup_days(client_for, people, national):
    response = client_for(people.ward_clerk).get(_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày nghỉ và ngày làm bù năm 2026" in html
    assert "17/02/2026" in html and "Tết Nguyên Đán" in html
    assert "22/08/2026" in html and "Làm bù" in html
    assert "Chưa xác nhận theo thông báo chính thức" in html
    assert 'value="16/01/2026 16:10"' in html  # the form starts at "now", local time


@pytest.mark.smoke
@time_machine.travel(NOW, tick=False)
def test_the_due_date_form_shows_the_explanation(client_for, people, national):
    response = client_for(people.ward_clerk).get(_url(received_at="16/01/2026 16:10", days=10))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hạn giải quyết:" in html and "<strong>02/02/2026</strong>" in html
    assert "sau giờ chốt 15:00 → tính từ thứ Hai 19/01/2026" in html


@time_machine.travel(NOW, tick=False)
def test_the_calculator_gives_half_a_day_a_due_time_on_the_working_hours(client_for, people, national):
    html = (
        client_for(people.ward_clerk).get(_url(received_at="15/01/2026 09:00", days="0.5")).content.decode()
    )
    assert "<strong>17:00 15/01/2026</strong>" in html
    assert "07:00–11:30, 13:30–17:00" in html


def test_the_due_date_form_skips_tet_2026_with_a_procedure_cutoff(client_for, people, national):
    response = client_for(people.ward_clerk).get(_url(received_at="13/02/2026 15:30", days=1, cutoff="16:00"))
    html = response.content.decode()
    assert "<strong>23/02/2026</strong>" in html
    assert "trước giờ chốt 16:00" in html
    assert "17/02/2026 Tết Nguyên Đán" in html


def test_htmx_gets_only_the_due_date_panel(client_for, people, national):
    response = client_for(people.ward_clerk).get(
        _url(received_at="18/01/2026 10:00", days=1), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="due-panel">')
    assert "<html" not in html
    assert "Chủ nhật 18/01/2026, là ngày nghỉ" in html


def test_a_date_beyond_the_seeded_years_gets_a_clear_message(client_for, people, national):
    html = client_for(people.ward_clerk).get(_url(received_at="20/12/2026 09:00", days=30)).content.decode()
    assert "Lịch làm việc chưa có dữ liệu năm 2027." in html


def test_invalid_input_is_reported_on_the_field(client_for, people, national):
    html = client_for(people.ward_clerk).get(_url(received_at="hôm qua", days=-1)).content.decode()
    assert "invalid-feedback" in html
    assert "Hạn giải quyết:" not in html


def test_without_a_national_calendar_the_page_says_how_to_seed_it(client_for, people):
    html = client_for(people.ward_clerk).get(_url()).content.decode()
    assert "seed_calendar" in html


def test_the_page_and_the_calculation_take_a_fixed_number_of_queries(
    client_for, people, national, django_assert_max_num_queries
):
    client = client_for(people.ward_clerk)
    # session, user, the menu's roles; calendar, rules (one query), the year's days, the year's confirmation,
    # whether the reader may edit the calendar (an editor also sees the promised dates the year would move)
    with django_assert_max_num_queries(8):
        response = client.get(_url(year=2026, received_at="13/02/2026 09:00", days=10))
    assert "<strong>06/03/2026</strong>" in response.content.decode()
