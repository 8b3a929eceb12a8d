"""Staff search: a dossier by code, applicant's name (with or without accents), ID number or phone, among the
dossiers the user may see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from par.core.text import search_key
from par.dossiers.models import Dossier
from par.dossiers.testing import bulk_dossiers
from par.dossiers.tests.conftest import at


@pytest.fixture
def filed(units, procedures):
    """40 dossiers at Phường Bỉm Sơn, one of them Nguyễn Văn An's and one Đặng Thị Đào's."""
    made = bulk_dossiers(40, unit=units.ward_bim_son, procedure=procedures.birth, first_filed=at(2026, 10, 1))
    for d, name in ((made[10], "Nguyễn Văn An"), (made[20], "Đặng Thị Đào")):
        Dossier.objects.filter(pk=d.pk).update(applicant_name=name, applicant_folded=search_key(name))
    return made


def found(response) -> list[str]:
    return [d.applicant_name for d in response.context["list"].rows]


def test_a_clerk_finds_a_dossier_by_the_applicants_name_typed_without_accents(client_for, staff, filed):
    client = client_for(staff.ward_clerk)
    assert found(client.get(reverse("dossiers:search"), {"q": "nguyen van an"})) == ["Nguyễn Văn An"]
    assert found(client.get(reverse("dossiers:search"), {"q": "NGUYỄN  văn AN"})) == ["Nguyễn Văn An"]
    assert found(client.get(reverse("dossiers:search"), {"q": "dang thi dao"})) == ["Đặng Thị Đào"]
    assert found(client.get(reverse("dossiers:search"), {"q": "thi dao"})) == ["Đặng Thị Đào"]


def test_a_clerk_finds_a_dossier_by_code_id_number_or_phone(client_for, staff, filed):
    client = client_for(staff.ward_clerk)
    d = filed[7]
    for q in (d.code, d.applicant_id_number, d.applicant_phone, d.code.lower()):
        response = client.get(reverse("dossiers:search"), {"q": q})
        assert [x.pk for x in response.context["list"].rows] == [d.pk], q
    prefix = client.get(reverse("dossiers:search"), {"q": "14812-B00000"})
    assert prefix.context["list"].total == 9


def test_nothing_is_listed_before_something_is_typed(client_for, staff, filed):
    response = client_for(staff.ward_clerk).get(reverse("dossiers:search"))
    assert response.status_code == 200 and response.context["list"].total == 0


def test_the_search_does_not_show_another_wards_dossiers(client_for, staff, filed):
    response = client_for(staff.other_ward_clerk).get(reverse("dossiers:search"), {"q": "nguyen van an"})
    assert response.status_code == 200 and response.context["list"].total == 0
    assert "Nguyễn Văn An" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, filed):
    response = client.get(reverse("dossiers:search"), {"q": "nguyen"})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_search_box_of_the_desk_leads_to_the_search(client_for, staff, filed):
    html = client_for(staff.ward_clerk).get(reverse("dossiers:desk")).content.decode()
    assert f'action="{reverse("dossiers:search")}"' in html and 'name="q"' in html


@pytest.mark.parametrize("rows", [3, 60])
def test_the_search_takes_the_same_number_of_queries_for_3_or_60_matches(
    client_for, staff, units, procedures, rows, django_assert_num_queries
):
    bulk_dossiers(rows, unit=units.ward_bim_son, procedure=procedures.birth, first_filed=at(2026, 10, 1))
    client = client_for(staff.ward_clerk)
    client.get(reverse("dossiers:search"), {"q": "14812"})
    # session, user, menu roles, units, visible units, totals, rows, the procedure filter's choices
    with django_assert_num_queries(8):
        response = client.get(reverse("dossiers:search"), {"q": "14812"})
    assert response.context["list"].total == rows


def test_the_folded_name_is_written_when_a_dossier_is_filed(file_birth):
    d = file_birth(at(2026, 11, 9, 9, 0), name="Đỗ Thị Hường")
    assert d.applicant_folded == "do thi huong"
