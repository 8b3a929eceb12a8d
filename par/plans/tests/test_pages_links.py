"""Import and exports are reachable from the screens: the menu, the plan list and the plan page link to them for
the roles that may use them, and to nothing for the others."""

import pytest
from django.urls import reverse

from par.core.testing import english
from par.plans.testing import NOW, build_plans

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


@pytest.fixture
def plans(units, people):
    return build_plans(units, people)


def _page(client, url: str) -> str:
    response = english(client).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_par_officer_finds_the_plan_import_in_the_menu_and_on_the_plan_list(client_for, people, plans):
    html = _page(client_for(people.par_officer), reverse("plans:plan_list"))
    link = f'href="{reverse("plans:import_upload")}"'
    assert html.count(link) == 2  # once in the menu, once above the list
    assert "Import a plan" in html


def test_department_officer_may_import_their_own_units_plan_and_sees_the_link(client_for, people, plans):
    html = _page(client_for(people.justice_officer), reverse("plans:plan_list"))
    assert f'href="{reverse("plans:import_upload")}"' in html


def test_ward_clerk_sees_no_import_link_and_the_import_page_is_not_found(client_for, people, plans):
    client = client_for(people.ward_clerk)
    html = _page(client, reverse("plans:plan_list"))
    assert reverse("plans:import_upload") not in html
    assert "Import a plan" not in html
    assert client.get(reverse("plans:import_upload")).status_code == 404


def test_plan_page_links_every_export_and_each_link_downloads(client_for, people, plans, settings):
    client = client_for(people.par_officer)
    html = _page(client, reverse("plans:plan_detail", args=[plans.plan.pk]))
    for name in ("export_plan_docx", "export_plan_xlsx", "export_progress_docx", "export_progress_xlsx"):
        url = reverse(f"plans:{name}", args=[plans.plan.pk])
        assert f'href="{url}"' in html, name
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment"), name
    assert f'href="{reverse("plans:export_plan_pdf", args=[plans.plan.pk])}"' in html


def test_ward_clerk_sees_the_exports_of_the_plan_they_may_read_only(client_for, people, plans):
    client = client_for(people.ward_clerk)
    html = _page(client, reverse("plans:plan_detail", args=[plans.plan.pk]))
    assert reverse("plans:export_plan_docx", args=[plans.plan.pk]) in html
    other = plans.justice_plan  # a department's own plan: another unit's, not found for the ward
    assert client.get(reverse("plans:plan_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("plans:export_plan_docx", args=[other.pk])).status_code == 404


def test_anonymous_visitor_gets_no_export(client, plans):
    response = client.get(reverse("plans:export_plan_docx", args=[plans.plan.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
