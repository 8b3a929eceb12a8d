"""When the officer edits or confirms a calendar year, the open dossiers whose promised dates the year's days
would now change are listed; the promised dates themselves never move."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from par.calendars.models import CalendarYear
from par.dossiers.tests.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_tet_2027(national, file_birth):
    """The 2027 calendar from the package's formula (Tết 04–10/02), and a birth registration received on Monday
    01/02/2027: 2 working days → Wednesday 03/02, legally 3 → Thursday 11/02 after Tết."""
    from par.calendars.actions import do_seed_calendar_year

    do_seed_calendar_year(national, 2027, actor=None)
    d = file_birth(at(2027, 2, 1, 9, 0))
    assert (d.due_date, d.legal_due_date) == (dt.date(2027, 2, 3), dt.date(2027, 2, 11))
    return d


@pytest.fixture
def officer(client, people):
    """The province's PAR officer, given the admin permissions on calendar days and years."""
    from django.contrib.auth.models import Permission

    people.par_officer.is_staff = True
    people.par_officer.save()
    people.par_officer.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="calendars",
            codename__in=[
                "add_calendarday",
                "change_calendarday",
                "view_calendarday",
                "change_calendaryear",
                "view_calendaryear",
            ],
        )
    )
    client.force_login(people.par_officer)
    return client


def _add_day_off(client, national):
    """The official notice gives Wednesday 03/02/2027 off, worked on Saturday 20/02/2027."""
    return client.post(
        reverse("admin:calendars_calendarday_add"),
        {
            "calendar": national.pk,
            "date": "03/02/2027",
            "kind": "swap_off",
            "name": "Nghỉ Tết Đinh Mùi (hoán đổi)",
            "legal_reference": "Thông báo hoán đổi ngày làm việc dịp Tết 2027",
            "paired_date": "20/02/2027",
        },
        follow=True,
    )


def test_editing_a_day_lists_the_dossiers_it_would_move_and_keeps_their_promised_dates(
    officer, national, before_tet_2027
):
    response = _add_day_off(officer, national)
    assert response.status_code == 200
    page = response.content.decode()
    assert before_tet_2027.code in page
    assert "03/02/2027 → 11/02/2027" in page and "11/02/2027 → 12/02/2027" in page
    before_tet_2027.refresh_from_db()
    assert (before_tet_2027.due_date, before_tet_2027.legal_due_date) == (
        dt.date(2027, 2, 3),
        dt.date(2027, 2, 11),
    )


def test_the_calendar_page_lists_them_for_the_officer_only(
    client_for, people, staff, national, before_tet_2027
):
    officer = client_for(people.par_officer)
    _add_day_off(client_for(people.admin), national)
    page = officer.get(reverse("calendars:index") + "?year=2027").content.decode()
    section = page.split('id="moved-dates"', 1)[1]
    assert before_tet_2027.code in section and "03/02/2027" in section and "11/02/2027" in section
    clerk_page = client_for(staff.ward_clerk).get(reverse("calendars:index") + "?year=2027").content.decode()
    assert 'id="moved-dates"' not in clerk_page and before_tet_2027.code not in clerk_page


def test_confirming_the_year_shows_the_list_before_and_after(officer, national, before_tet_2027):
    _add_day_off(officer, national)
    year = CalendarYear.objects.get(calendar=national, year=2027)
    changelist = reverse("admin:calendars_calendaryear_changelist")
    preview = officer.post(changelist, {"action": "confirm_years", ACTION_CHECKBOX_NAME: [year.pk]})
    assert preview.status_code == 200 and before_tet_2027.code in preview.content.decode()
    done = officer.post(
        changelist,
        {
            "action": "confirm_years",
            "apply": "1",
            ACTION_CHECKBOX_NAME: [year.pk],
            "notice_reference": "Thông báo số 01/TB-BNV ngày 15/11/2026",
        },
        follow=True,
    )
    year.refresh_from_db()
    assert year.confirmed and before_tet_2027.code in done.content.decode()
    before_tet_2027.refresh_from_db()
    assert before_tet_2027.due_date == dt.date(2027, 2, 3)


def test_a_year_whose_days_did_not_change_lists_nothing(client_for, people, national, before_tet_2027):
    page = client_for(people.par_officer).get(reverse("calendars:index") + "?year=2027").content.decode()
    section = page.split('id="moved-dates"', 1)[1]
    assert before_tet_2027.code not in section


def test_the_list_takes_the_same_number_of_queries_for_one_dossier_or_many(
    client_for, people, national, before_tet_2027, file_birth, django_assert_max_num_queries
):
    for hour in (10, 11, 13, 14):
        file_birth(at(2027, 2, 1, hour, 0))
    _add_day_off(client_for(people.admin), national)
    officer = client_for(people.par_officer)
    url = reverse("calendars:index") + "?year=2027"
    officer.get(url)  # the calendar's rules are cached from here on
    # session, user, menu roles, calendar, the year's days and confirmation, editor check; then the reader's
    # units, the dossiers, their pauses and the units' own calendars (the rules are cached)
    with django_assert_max_num_queries(11):
        page = officer.get(url).content.decode()
    assert page.count("03/02/2027 ") + page.count("03/02/2027<") >= 5
