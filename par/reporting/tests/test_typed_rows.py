"""External indices have a home: PAR INDEX, SIPAS, PAPI and PCI results and ranks are typed rows of the
province's appendix 7 (integer, decimal, percentage, rank "n/N"), checked when typed and shown as written in the
page, the DOCX and the XLSX (decision 0134)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from par.reporting import actions
from par.reporting.models import DataValue, Rank
from par.reporting.setup_actions import do_new_template_version
from par.reporting.tests.helpers import D, form_data, page_data, person, setup_reporting

pytestmark = pytest.mark.django_db

INDICES = {
    "par_index": {"total": "86,88", "note": "Kết quả năm 2015"},
    "par_index_hang": {"total": "20/63"},
    "papi": {"total": "42,85"},
    "papi_hang": {"total": "6 / 63"},
    "pci": {"total": "65,4"},
    "pci_hang": {"total": "6/63"},
}


@pytest.fixture
def world(units, people):
    setup = setup_reporting()
    setup.province_report = actions.do_create_report(
        unit=units.province, period=setup.q3, actor=people.par_officer
    )
    return setup


def _post(client, report, table, figures):
    report.refresh_from_db()
    url = reverse("reporting:report_values", args=[report.pk, table.pk])
    return client.post(url, form_data(table, figures, report.version))


def _value(report, code):
    return DataValue.objects.get(report=report, element__code=code, column="total")


def test_the_province_types_its_index_results_and_ranks_and_they_read_as_written(client_for, world, people):
    client = client_for(people.par_officer)
    response = _post(client, world.province_report, world.tables[7], INDICES)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _value(world.province_report, "par_index").number == D("86.88")
    assert _value(world.province_report, "par_index_hang").value == Rank(20, 63)
    assert _value(world.province_report, "papi_hang").value == Rank(6, 63)
    page = client.get(reverse("reporting:report_detail", args=[world.province_report.pk])).content.decode()
    appendix = page.split('data-appendix="7"')[1].split("</section>")[0]
    for code, shown in (
        ("par_index", "86,88%"),
        ("par_index_hang", "20/63"),
        ("papi", "42,85"),
        ("pci", "65,4"),
    ):
        row = appendix.split(f'data-element="{code}"')[1].split("</tr>")[0]
        assert f">{shown}<" in row, (code, row)
    # The form shows the typed values back for correction.
    form = client.get(reverse("reporting:report_values", args=[world.province_report.pk, world.tables[7].pk]))
    assert 'value="20/63"' in form.content.decode() and 'value="86,88"' in form.content.decode()


def test_a_rank_out_of_bounds_a_rank_without_its_total_and_a_percentage_over_100_are_refused(
    client_for, world, people
):
    client = client_for(people.par_officer)
    for figures, message in (
        ({"par_index_hang": {"total": "64/63"}}, "thứ hạng 64/63 phải từ 1 đến 63"),
        ({"par_index_hang": {"total": "0/63"}}, "thứ hạng 0/63 phải từ 1 đến 63"),
        ({"par_index_hang": {"total": "20"}}, "“20” không phải thứ hạng dạng 6/63"),
        ({"par_index": {"total": "120"}}, "tỷ lệ (120%) không được vượt quá 100%"),
        ({"papi": {"total": "6/63"}}, "“6/63” không phải là số"),
    ):
        response = _post(client, world.province_report, world.tables[7], figures)
        assert response.status_code == 400 and message in response.content.decode(), (figures, message)
    assert not DataValue.objects.filter(report=world.province_report).exists()


def test_the_document_and_the_workbook_show_percentages_ranks_and_scores_correctly(client_for, world, people):
    client = client_for(people.par_officer)
    assert _post(client, world.province_report, world.tables[7], INDICES).status_code == 302
    docx = client.get(reverse("reporting:export_docx", args=[world.province_report.pk])).getvalue()
    table = next(t for t in Document(io.BytesIO(docx)).tables if t.rows[0].cells[1].text == "Chỉ số")
    rows = {r.cells[0].text: [c.text for c in r.cells[2:]] for r in table.rows[1:]}
    assert rows["1."] == ["86,88%", "Kết quả năm 2015"]
    assert rows["2."] == ["20/63", ""]
    assert rows["5."] == ["42,85", ""] and rows["8."] == ["6/63", ""]
    xlsx = client.get(reverse("reporting:export_xlsx", args=[world.province_report.pk])).getvalue()
    sheet = load_workbook(io.BytesIO(xlsx))["Phụ lục 7"]
    cells = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=3) for r in range(1, sheet.max_row + 1)
    }
    assert Decimal(str(cells["1."].value)) == D("0.8688") and cells["1."].number_format == "0.00%"
    assert cells["2."].value == "20/63"
    assert cells["5."].value == pytest.approx(42.85) and cells["5."].number_format == "#,##0.00"


def test_a_ward_neither_sees_nor_fills_the_provinces_indices(client_for, world, units):
    officer = person("canbo.bimson", units.ward_bim_son)
    ward = actions.do_create_report(unit=units.ward_bim_son, period=world.q3, actor=officer)
    client = client_for(officer)
    page = client.get(reverse("reporting:report_detail", args=[ward.pk])).content.decode()
    assert 'data-appendix="7"' not in page and 'data-appendix="6"' in page
    url = reverse("reporting:report_values", args=[ward.pk, world.tables[7].pk])
    assert client.get(url).status_code == 404
    rollup = client.get(
        reverse("reporting:rollup", args=[world.q3.pk, units.ward_bim_son.pk])
    ).content.decode()
    assert 'data-appendix="7"' not in rollup and 'data-appendix="6"' in rollup


def test_the_api_takes_a_rank_as_its_place_and_its_total(client_for, world, people):
    element = world.tables[7].elements.get(code="pci_hang")
    body = {
        "version": world.province_report.version,
        "appendix": 7,
        "cells": [{"element": element.pk, "column": "total", "number": "6", "rank_of": 63}],
    }
    url = f"/api/v1/reports/{world.province_report.pk}/values/"
    response = client_for(people.par_officer).post(url, body, content_type="application/json")
    assert response.status_code == 200, response.content.decode()
    assert [(v["number"], v["rank_of"]) for v in response.json()] == [("6.00", 63)]


def test_a_rank_row_cannot_be_set_to_add_up_over_units(client_for, world, units, people):
    own = do_new_template_version(world.template, province=units.province, actor=people.par_officer)
    table = own.tables.get(number=7)
    client = client_for(people.par_officer)
    url = reverse("reporting:setup_table", args=[units.province.pk, own.pk, table.pk])
    page = client.get(url)
    data = page_data(page, formsets=("rows",))
    rank = next(f for f in page.context["rows"].forms if f.instance.code == "pci_hang")
    data[rank.add_prefix("aggregation")] = "sum"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "không thể cộng dồn" in response.content.decode()
    assert table.elements.get(code="pci_hang").aggregation == "own"


def test_the_provinces_roll_up_shows_its_own_index_results_with_each_rank_out_of_its_n(
    client_for, world, units, people
):
    client = client_for(people.par_officer)
    assert _post(client, world.province_report, world.tables[7], INDICES).status_code == 302
    page = client.get(reverse("reporting:rollup", args=[world.q3.pk, units.province.pk])).content.decode()
    appendix = page.split('data-appendix="7"')[1].split("</section>")[0]
    for shown in ("86,88%", "20/63", "42,85", "6/63"):
        assert shown in appendix, shown


def test_a_new_version_keeps_each_rate_dividing_its_own_copied_rows(world, units, people):
    own = do_new_template_version(world.template, province=units.province, actor=people.par_officer)
    rate = own.tables.get(number=8).elements.get(code="ty_le_dung_han")
    assert rate.aggregation == "rate"
    assert (rate.rate_numerator.code, rate.rate_denominator.code) == ("hs_dung_han", "hs_giai_quyet")
    assert rate.rate_numerator.table_id == rate.table_id
