"""The import screens over HTTP: who may use them, preview, mapping, confirm."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from par.core.http import XLSX_TYPE
from par.plans.actions import do_create_plan
from par.plans.models import PlanTask, ReformPlan
from par.plans.tests.fixtures.units import FIXTURES, SEED_UNMATCHED, province_departments


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def departments(units):
    return province_departments(units)


def _seed_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("ke-hoach-2021.docx", (FIXTURES / "plan_2021_thanh_hoa.docx").read_bytes())


def _upload(client, unit, file=None, **extra):
    data = {"unit": unit.pk if unit is not None else "", "file": file or _seed_file(), **extra}
    return client.post(reverse("plans:import_upload"), data)


def _staged_unit(token: str) -> int:
    from par.plans.importing import staging

    staged = staging.read(token)
    assert staged is not None
    return staged.unit_id


def _token(response) -> str:
    assert response.status_code == 302, response.content[:500]
    return response.url.rstrip("/").split("/")[-1]


def _ignore_all(page_content: bytes, count: int) -> dict:
    """The confirm form answered "keep only in the text" for every name, with the keys the page carries."""
    import re

    keys = re.findall(r'name="key_(\d+)" value="([^"]*)"', page_content.decode())
    assert len(keys) == count
    return {f"key_{i}": key for i, key in keys} | {f"map_{i}": "ignore" for i, _key in keys}


# --- Who may use the screens ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["import_template", "import_upload"])
def test_anonymous_visitor_is_sent_to_login(client, name):
    response = client.get(reverse(f"plans:{name}"))
    assert response.status_code == 302 and "/accounts/login" in response.url


@pytest.mark.parametrize("name", ["import_preview", "import_confirm"])
def test_anonymous_visitor_is_sent_to_login_from_an_upload(client, name):
    response = client.post(reverse(f"plans:{name}", args=[uuid.uuid4()]))
    assert response.status_code == 302 and "/accounts/login" in response.url


@pytest.mark.parametrize("persona", ["outsider", "ward_clerk", "auditor", "appraiser"])
@pytest.mark.parametrize("name", ["import_template", "import_upload"])
def test_users_who_manage_no_plan_get_404(client_for, people, persona, name):
    assert client_for(getattr(people, persona)).get(reverse(f"plans:{name}")).status_code == 404


def test_a_department_officer_may_import_only_for_their_own_department(client_for, people, units):
    client = client_for(people.justice_officer)
    page = client.get(reverse("plans:import_upload"))
    assert page.status_code == 200
    assert [u.pk for u in page.context["form"].fields["unit"].queryset] == [units.justice.pk]
    refused = _upload(client, units.province)
    assert refused.status_code == 400 and refused.context["form"].errors["unit"]


# --- The issuer read from the file --------------------------------------------------------------------------


def test_the_par_officer_need_not_choose_the_unit_the_annex_line_names_it(
    client_for, people, units, departments
):
    client = client_for(people.par_officer)
    page = client.get(reverse("plans:import_upload")).content.decode()
    assert 'name="unit" id="id_unit" aria-describedby="id_unit_helptext">' in page  # no longer required
    # "… của Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa": the province's people's committee issued it.
    token = _token(_upload(client, None))
    assert _staged_unit(token) == units.province.pk
    preview = client.get(reverse("plans:import_preview", args=[token]))
    assert preview.status_code == 200 and units.province.name in preview.content.decode()


def test_a_town_plan_goes_to_the_town_its_header_names(client_for, people, units):
    client = client_for(people.par_officer)
    town_plan = SimpleUploadedFile("bim-son-2022.docx", (FIXTURES / "plan_2022_bim_son.docx").read_bytes())
    token = _token(_upload(client, None, town_plan))
    assert _staged_unit(token) == units.bim_son.pk


def test_a_unit_chosen_on_the_form_still_wins_over_the_file(client_for, people, units, departments):
    token = _token(_upload(client_for(people.par_officer), units.bim_son))
    assert _staged_unit(token) == units.bim_son.pk


def test_an_officer_of_another_unit_is_told_whose_file_it_is_and_nothing_is_stored(
    client_for, people, units, tmp_path
):
    response = _upload(client_for(people.justice_officer), None)
    assert response.status_code == 400
    errors = response.context["form"].errors["unit"]
    assert "Ủy ban nhân dân tỉnh Thanh Hóa" in errors[0] or units.province.name in errors[0]
    assert "không được nhập kế hoạch" in errors[0]
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_file_that_names_no_issuer_asks_for_the_unit(client_for, people):
    from par.plans.importing.xlsx import build_template

    book = openpyxl.load_workbook(io.BytesIO(build_template()))
    book["Thông tin chung"]["B3"] = None  # the template's example issuer code (38, Thanh Hóa) left empty
    buffer = io.BytesIO()
    book.save(buffer)
    response = _upload(
        client_for(people.par_officer), None, SimpleUploadedFile("mau.xlsx", buffer.getvalue())
    )
    assert response.status_code == 400
    assert "Tệp không cho biết đơn vị ban hành" in response.context["form"].errors["unit"][0]


def test_another_users_upload_is_404_for_preview_and_confirm(client_for, people, units, departments):
    token = _token(_upload(client_for(people.par_officer), units.province))
    other = client_for(people.justice_head)
    assert other.get(reverse("plans:import_preview", args=[token])).status_code == 404
    assert other.post(reverse("plans:import_confirm", args=[token])).status_code == 404
    assert client_for(people.outsider).get(reverse("plans:import_preview", args=[token])).status_code == 404
    assert not ReformPlan.objects.exists()


def test_an_unknown_upload_is_404(client_for, people):
    client = client_for(people.par_officer)
    assert client.get(reverse("plans:import_preview", args=[uuid.uuid4()])).status_code == 404


# --- The journey -----------------------------------------------------------------------------------------------


def test_par_officer_downloads_the_template(client_for, people):
    response = client_for(people.par_officer).get(reverse("plans:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="mau-ke-hoach-cai-cach-hanh-chinh.xlsx"'
    assert "Nhiệm vụ" in openpyxl.load_workbook(io.BytesIO(response.getvalue())).sheetnames


def test_preview_shows_areas_parsed_dates_and_the_names_to_map(client_for, people, units, departments):
    client = client_for(people.par_officer)
    token = _token(_upload(client, units.province))
    page = client.get(reverse("plans:import_preview", args=[token]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cải cách tổ chức bộ máy" in html
    assert "31/03/2021" in html and "30/11/2021" in html  # appendix 03, task 5
    assert "24/12/2020" in html and "5476/QĐ-UBND" in html
    for name in SEED_UNMATCHED:
        assert name in html
    assert page.context["preview"].rows.__len__() == 35
    assert not ReformPlan.objects.exists()  # a preview writes nothing


def test_confirm_without_answering_every_name_imports_nothing(client_for, people, units, departments):
    client = client_for(people.par_officer)
    token = _token(_upload(client, units.province))
    response = client.post(reverse("plans:import_confirm", args=[token]), {"key_0": "x", "map_0": "ignore"})
    assert response.status_code == 400
    assert "Báo Thanh Hóa" in "".join(response.context["problems"])
    assert not ReformPlan.objects.exists() and not PlanTask.objects.exists()


def test_confirm_imports_the_plan_and_forgets_the_file(
    client_for, people, units, departments, settings, tmp_path, django_capture_on_commit_callbacks
):
    client = client_for(people.par_officer)
    token = _token(_upload(client, units.province))
    page = client.get(reverse("plans:import_preview", args=[token]))
    answers = _ignore_all(page.content, len(SEED_UNMATCHED))
    answers["map_2"] = str(departments.information.pk)  # "Báo Thanh Hóa" reported by Sở TT&TT, say
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import_confirm", args=[token]), answers)
    assert response.status_code == 302
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    plan = ReformPlan.objects.get(unit=units.province, year=2021)
    assert plan.tasks.count() == 35
    assert (
        plan.tasks.get(area__code="direction", number="3").assignments.get().unit == departments.information
    )
    # The upload is gone: confirming twice is not possible.
    assert client.post(reverse("plans:import_confirm", args=[token]), answers).status_code == 404


def test_confirm_is_refused_when_the_unit_already_has_a_plan_for_the_year(
    client_for, people, units, departments
):
    do_create_plan(unit=units.province, year=2021, title="Kế hoạch đã có", actor=None)
    client = client_for(people.par_officer)
    token = _token(_upload(client, units.province))
    page = client.get(reverse("plans:import_preview", args=[token]))
    assert page.context["existing"] is not None
    response = client.post(
        reverse("plans:import_confirm", args=[token]), _ignore_all(page.content, len(SEED_UNMATCHED))
    )
    assert response.status_code == 400
    assert ReformPlan.objects.count() == 1 and not PlanTask.objects.exists()


def test_confirm_needs_a_post(client_for, people, units, departments):
    client = client_for(people.par_officer)
    token = _token(_upload(client, units.province))
    assert client.get(reverse("plans:import_confirm", args=[token])).status_code == 405


def test_a_file_of_another_type_is_refused_by_the_form(client_for, people, units):
    client = client_for(people.par_officer)
    response = _upload(client, units.province, SimpleUploadedFile("plan.pdf", b"%PDF-1.7"))
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_a_broken_file_shows_its_error_and_no_confirm_button(client_for, people, units):
    client = client_for(people.par_officer)
    token = _token(_upload(client, units.province, SimpleUploadedFile("plan.docx", b"not a zip")))
    page = client.get(reverse("plans:import_preview", args=[token]))
    assert page.status_code == 200
    assert page.context["preview"].errors
    assert reverse("plans:import_confirm", args=[token]) not in page.content.decode()


def test_preview_reads_the_units_once_whatever_the_number_of_rows(
    client_for, people, units, departments, django_assert_max_num_queries
):
    client = client_for(people.par_officer)
    token = _token(_upload(client, units.province))
    # Session and user, the upload's unit and role checks, the unit tree once for matching, the mapping choices,
    # the existing-plan check: not one query per row of the 35.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("plans:import_preview", args=[token])).status_code == 200
