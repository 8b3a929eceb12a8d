"""While a supplement is awaited the public lookup says the clock is stopped, and promises no date."""

import pytest
from django.urls import reverse

from par.dossiers import actions
from par.dossiers.public import lookup_path
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db

REASON = "Thiếu Giấy chứng sinh bản chính của bà Nguyễn Thị Bình"


@pytest.fixture
def paused(file_birth, staff):
    d = file_birth(at(2026, 11, 9, 9, 0))  # appointment Wednesday 11/11/2026
    return actions.do_request_supplement(
        d, reason=REASON, expected_version=d.version, actor=staff.ward_officer, at=at(2026, 11, 10, 10, 0)
    )


def test_the_public_page_says_the_clock_is_stopped_and_does_not_show_the_old_date(client, paused):
    for url in (reverse("portal:lookup") + f"?code={paused.code}", lookup_path(paused.code)):
        page = client.get(url).content.decode()
        assert 'id="clock-stopped"' in page
        assert "10:00 10/11/2026" in page  # since when
        assert "bổ sung" in page  # why, in general words
        assert "11/11/2026" not in page  # the old appointment is no promise any more
        assert REASON not in page and "Nguyễn Thị Bình" not in page


def test_the_public_answer_carries_the_stopped_clock_and_no_dates(paused):
    from par.dossiers.public import for_reader, public_view

    view = for_reader(public_view(paused.code), with_secret=False)
    assert view["clock_stopped"] is True and view["clock_stopped_since"] == "10:00 10/11/2026"
    assert view["working_days_left"] == 1
    assert (view["due_date"], view["legal_due_date"], view["new_due_date"]) == (None, None, None)


def test_once_the_supplement_arrives_the_new_appointment_is_shown(client, paused, staff):
    d = actions.do_receive_supplement(
        paused, expected_version=paused.version, actor=staff.ward_clerk, at=at(2026, 11, 12, 9, 0)
    )
    page = client.get(reverse("portal:lookup") + f"?code={d.code}").content.decode()
    assert 'id="clock-stopped"' not in page
    assert d.due_date.strftime("%d/%m/%Y") in page


def test_the_staff_page_marks_the_date_as_no_longer_promised(client_for, staff, paused):
    page = client_for(staff.ward_clerk).get(reverse("dossiers:detail", args=[paused.pk])).content.decode()
    assert 'id="clock-stopped"' in page and "10:00 10/11/2026" in page
