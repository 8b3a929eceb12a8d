"""The province PAR officer creates next year's framework from last year's on a screen reached from the menu
(decision 0122): areas, criteria, bands and rules copied, the deadline set, a second framework for the same year
and kind of unit refused in Vietnamese; everyone else gets "not found"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from par.audit.models import AuditEvent
from par.scoring import actions
from par.scoring.exchange import framework_to_dict, load_shipped
from par.scoring.models import IndexFramework, NoSurveyRule

pytestmark = pytest.mark.django_db
URL = "/par-index/frameworks/new-year/"


@pytest.fixture
def last_year(units, people):
    framework = load_shipped("commune", owner=units.province, year=2026, actor=people.par_officer)
    actions.do_set_bands(
        framework,
        [("Xuất sắc", Decimal(95)), ("Tốt", Decimal(85)), ("Đạt", Decimal(0))],
        expected_version=None,
        actor=people.par_officer,
    )
    from par.scoring.actions.applicability import do_set_no_survey_rule

    return do_set_no_survey_rule(framework, NoSurveyRule.COUNCIL, actor=people.par_officer)


def test_the_menu_leads_the_par_officer_to_the_new_year_screen(last_year, people, client_for):
    home = client_for(people.par_officer).get("/").content.decode()
    assert f'href="{URL}"' in home
    page = client_for(people.par_officer).get(URL)
    html = page.content.decode()
    assert page.status_code == 200 and 'value="2027"' in html  # the year after the latest framework
    assert f'<option value="{last_year.pk}" selected' in html
    assert f'href="{URL}"' not in client_for(people.justice_officer).get("/").content.decode()


def test_the_par_officer_creates_2027_from_2026_with_its_criteria_bands_rules_and_deadline(
    last_year, people, client_for
):
    response = client_for(people.par_officer).post(
        URL, {"source": last_year.pk, "year": "2027", "self_deadline": "04/12/2027"}
    )
    new = IndexFramework.objects.get(year=2027)
    assert response.status_code == 302 and response["Location"] == f"/par-index/frameworks/{new.pk}/"
    assert new.self_deadline == dt.date(2027, 12, 4) and new.assessed_kind == "commune"
    assert new.no_survey_rule == NoSurveyRule.COUNCIL
    assert framework_to_dict(new) == framework_to_dict(last_year)  # areas, criteria, points, methods, bands
    assert new.criteria.filter(parent__isnull=True).count() == 8
    assert list(new.criteria.values_list("area__code", flat=True).distinct().order_by("area__code")) == [
        str(n) for n in range(1, 9)
    ]
    event = AuditEvent.objects.get(action="scoring.copy_framework")
    assert event.actor == people.par_officer and event.before == {"from": last_year.pk, "year": 2026}
    assert not new.assessments.exists()  # opened by the officer when ready, as for any framework


def test_a_second_framework_for_the_same_year_and_kind_is_refused_in_vietnamese(
    last_year, people, client_for
):
    client = client_for(people.par_officer)
    client.post(URL, {"source": last_year.pk, "year": "2027", "self_deadline": "04/12/2027"})
    again = client.post(URL, {"source": last_year.pk, "year": "2027", "self_deadline": "10/12/2027"})
    html = again.content.decode()
    assert again.status_code == 400
    assert "Tỉnh Thanh Hóa đã có bộ chỉ số năm 2027 cho “UBND xã, phường, đặc khu”" in html
    assert IndexFramework.objects.filter(year=2027).count() == 1
    same = client.post(URL, {"source": last_year.pk, "year": "2026"})
    assert same.status_code == 400 and IndexFramework.objects.filter(year=2026).count() == 1


def test_a_deadline_before_the_assessed_year_is_refused(last_year, people, client_for):
    response = client_for(people.par_officer).post(
        URL, {"source": last_year.pk, "year": "2027", "self_deadline": "05/12/2026"}
    )
    assert response.status_code == 400 and not IndexFramework.objects.filter(year=2027).exists()


def test_anonymous_visitors_sign_in_and_other_roles_find_nothing(last_year, people, client, client_for):
    data = {"source": last_year.pk, "year": "2027"}
    for method in (client.get, client.post):
        response = method(URL, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for person in (
        people.justice_officer,
        people.appraiser,
        people.auditor,
        people.ward_clerk,
        people.outsider,
    ):
        client = client_for(person)
        assert client.get(URL).status_code == 404, person
        assert client.post(URL, data).status_code == 404, person
    assert not IndexFramework.objects.filter(year=2027).exists()


def test_a_par_officer_of_another_province_cannot_copy_this_provinces_framework(
    last_year, people, client_for
):
    from par.accounts.models import Membership, Role, User
    from par.core.testing import make_unit
    from par.orgunits.models import UnitKind

    other = make_unit("40", "Tỉnh Nghệ An", UnitKind.PROVINCE)
    officer = User.objects.create_user(username="ha", password="x", full_name="Nguyễn Thu Hà")
    Membership.objects.create(user=officer, unit=other, role=Role.PAR_OFFICER)
    response = client_for(officer).post(URL, {"source": last_year.pk, "year": "2027"})
    assert response.status_code == 400  # not a choice for them: the form refuses it
    assert not IndexFramework.objects.filter(year=2027).exists()
