"""Each appendix row rolls up as it declares (docs/decisions/0140): a sum, not additive (the unit's own figure),
a rate recomputed from its two rows, or not at all; the roll-up page, the workbook and the document agree.

Figures: the province's procedure set has 2.285 procedures and a ward's 53 (the same procedures, not more);
ward Bỉm Sơn has 78 commune civil servants at 95,12 % of its quota, ward Quang Trung 40 at 80 %; one-stop
dossiers are received and resolved at both wards and at the province.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from par.reporting import actions, setup_actions
from par.reporting.models import Aggregation, DataElement, PercentMode
from par.reporting.tests.helpers import D, approve, fill, form_data, person, setup_reporting

pytestmark = pytest.mark.django_db

PROVINCE_OWN = {
    4: {"tthc_trong_bo": {"total": D(2285), "province": D(2285)}},
    8: {
        "hs_tiep_nhan": {"province": D(50)},
        "hs_tiep_nhan_truc_tuyen": {"province": D(50)},
        "hs_giai_quyet": {"province": D(40)},
        "hs_dung_han": {"province": D(40)},
    },
}
WARD_BIM_SON = {
    4: {"tthc_trong_bo": {"total": D(53), "commune": D(53)}},
    6: {"cong_chuc_cap_xa": {"total": D(78), "percent": D("95.12")}},
    8: {
        "hs_tiep_nhan": {"commune": D(100)},
        "hs_tiep_nhan_truc_tuyen": {"commune": D(40)},
        "hs_giai_quyet": {"commune": D(90)},
        "hs_dung_han": {"commune": D(81)},
    },
}
WARD_QUANG_TRUNG = {
    6: {"cong_chuc_cap_xa": {"total": D(40), "percent": D(80)}},
    8: {
        "hs_tiep_nhan": {"commune": D(300)},
        "hs_tiep_nhan_truc_tuyen": {"commune": D(60)},
        "hs_giai_quyet": {"commune": D(250)},
        "hs_dung_han": {"commune": D(200)},
    },
}


def _enter(world, report, figures, actor):
    for number, rows in figures.items():
        report = fill(report, world.tables[number], rows, actor)
    return report


@pytest.fixture
def world(units, people):
    """Both wards' reports approved by the province; the province's own report in draft."""
    setup = setup_reporting()
    setup.reviewer = people.par_officer
    officers = {
        units.ward_bim_son: person("canbo.bimson", units.ward_bim_son),
        units.ward_quang_trung: person("canbo.quangtrung", units.ward_quang_trung),
    }
    for unit, figures in ((units.ward_bim_son, WARD_BIM_SON), (units.ward_quang_trung, WARD_QUANG_TRUNG)):
        officer = officers[unit]
        report = actions.do_create_report(unit=unit, period=setup.q3, actor=officer)
        report = _enter(setup, report, figures, officer)
        approve(report, setup.reviewer, author=officer)
    province = actions.do_create_report(unit=units.province, period=setup.q3, actor=people.par_officer)
    setup.province = _enter(setup, province, PROVINCE_OWN, people.par_officer)
    setup.officers = officers
    return setup


def _cell(page: str, code: str, column: str) -> str:
    """The text of one cell of an appendix grid (links and markup removed)."""
    row = page.split(f'data-element="{code}"')[1].split("</tr>")[0]
    cell = row.split(f'data-column="{column}">')[1].split("</td>")[0]
    return re.sub(r"<[^>]+>", "", cell).strip()


def _rollup_page(client_for, world, units) -> str:
    response = client_for(world.reviewer).get(
        reverse("reporting:rollup", args=[world.q3.pk, units.province.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_province_roll_up_shows_its_own_procedure_set_not_the_sum_of_its_units(client_for, world, units):
    page = _rollup_page(client_for, world, units)
    # 2.285 + 53 = 2.338 would count the ward's procedures, which are in the province's set, twice.
    assert _cell(page, "tthc_trong_bo", "total") == "2.285"
    assert _cell(page, "tthc_trong_bo", "commune") == ""
    assert "Không cộng dồn: số liệu của chính đơn vị" in page.split('data-element="tthc_trong_bo"')[1]


def test_a_typed_percentage_rolls_up_as_the_share_of_the_combined_base(client_for, world, units):
    page = _rollup_page(client_for, world, units)
    # 78 at 95,12 % is 82 posts, 40 at 80 % is 50 posts: 118 ÷ 132 = 89,39 %.
    assert _cell(page, "cong_chuc_cap_xa", "total") == "118"
    assert _cell(page, "cong_chuc_cap_xa", "percent") == "89,39%"


def test_rates_are_recomputed_from_their_rows_at_every_level(client_for, world, units):
    page = _rollup_page(client_for, world, units)
    # Online: (50 + 40 + 60) ÷ (50 + 100 + 300) = 33,33 %; communes 100 ÷ 400; the province 50 ÷ 50.
    assert _cell(page, "hs_tiep_nhan", "total") == "450"
    assert [_cell(page, "ty_le_truc_tuyen", c) for c in ("total", "province", "commune")] == [
        "33,33%",
        "100%",
        "25%",
    ]
    # On time: (40 + 81 + 200) ÷ (40 + 90 + 250) = 84,47 %, never the mean of 100 %, 90 % and 80 %.
    assert [_cell(page, "ty_le_dung_han", c) for c in ("total", "province", "commune")] == [
        "84,47%",
        "100%",
        "82,65%",
    ]


def test_a_rate_is_computed_in_a_units_own_report_and_a_typed_one_is_ignored(client_for, world, units):
    report = actions.do_create_report(unit=units.home_affairs, period=world.q3, actor=None)
    table = world.tables[8]
    client = client_for(person("canbo.snv", units.home_affairs))
    figures = {"hs_giai_quyet": {"province": "10"}, "hs_dung_han": {"province": "7"}}
    body = form_data(table, figures, report.version)
    body[f"v-{table.elements.get(code='ty_le_dung_han').pk}-total"] = "99"
    url = reverse("reporting:report_values", args=[report.pk, table.pk])
    assert client.post(url, body).status_code == 302
    assert not report.values.filter(element__code="ty_le_dung_han").exists()
    page = client.get(reverse("reporting:report_detail", args=[report.pk])).content.decode()
    assert _cell(page, "ty_le_dung_han", "total") == "70%"
    form = client.get(url).content.decode()
    assert f'name="v-{table.elements.get(code="ty_le_dung_han").pk}-total"' not in form


def test_a_row_not_aggregated_stays_empty_in_the_roll_up(client_for, world, units):
    DataElement.objects.filter(code="cong_chuc_cap_xa").update(aggregation=Aggregation.NONE)
    page = _rollup_page(client_for, world, units)
    assert _cell(page, "cong_chuc_cap_xa", "total") == ""
    assert _cell(page, "cong_chuc_cap_xa", "percent") == ""


def test_the_province_workbook_and_document_follow_each_rows_aggregation(client_for, world):
    client = client_for(world.reviewer)
    book = load_workbook(
        io.BytesIO(client.get(reverse("reporting:export_xlsx", args=[world.province.pk])).getvalue())
    )
    rows = {r[1]: r for r in book["Phụ lục 4"].iter_rows(values_only=True) if r[0] == "1."}
    assert rows["Số TTHC trong bộ thủ tục hành chính"][2] == 2285
    six = next(r for r in book["Phụ lục 6"].iter_rows(values_only=True) if r[0] == "1.")
    assert six[2:4] == (118, 89.39)
    seven = {r[0]: r for r in book["Phụ lục 8"].iter_rows(values_only=True) if r[0] in ("3.", "6.")}
    assert seven["3."][2:5] == (33.33, 100, 25) and seven["6."][2:5] == (84.47, 100, 82.65)

    doc = Document(
        io.BytesIO(client.get(reverse("reporting:export_docx", args=[world.province.pk])).getvalue())
    )
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables if len(t.rows) > 1]

    def appendix(first_label: str) -> list[list[str]]:
        return next(rows for rows in tables if rows[1][1] == first_label)

    assert appendix("Số TTHC trong bộ thủ tục hành chính")[1][2] == "2.285"
    assert appendix("Số lượng công chức cấp xã")[1][2:4] == ["118", "89,39%"]
    seven = appendix("Số hồ sơ thủ tục hành chính đã tiếp nhận")
    assert seven[3][2:5] == ["33,33%", "100%", "25%"] and seven[6][2:5] == ["84,47%", "100%", "82,65%"]


def test_the_drill_down_of_a_row_that_is_not_additive_lists_only_the_units_own_report(
    client_for, world, units
):
    element = world.tables[4].elements.get(code="tthc_trong_bo")
    url = reverse("reporting:drilldown", args=[world.q3.pk, units.province.pk, element.pk, "total"])
    page = client_for(world.reviewer).get(url).content.decode()
    assert "Tỉnh Thanh Hóa" in page and "Phường Bỉm Sơn" not in page
    assert 'data-testid="drill-total">2285' in page


def test_a_total_typed_by_one_unit_and_levels_typed_by_another_add_up(client_for, world, units):
    # Sở Nội vụ types a total of 2 (2 at the province level); Sở Tư pháp only 1 at the province level.
    for unit, row in (
        (units.home_affairs, {"total": D(2), "province": D(2)}),
        (units.justice, {"province": D(1)}),
    ):
        report = actions.do_create_report(unit=unit, period=world.q3, actor=None)
        approve(fill(report, world.tables[3], {"co_quan_hanh_chinh": row}), world.reviewer)
    page = _rollup_page(client_for, world, units)
    assert [_cell(page, "co_quan_hanh_chinh", c) for c in ("total", "province")] == ["3", "3"]


def test_template_rows_that_contradict_their_aggregation_are_refused(world, units, people):
    # The national model is in use (frozen, decision 0131): the province edits its own new version.
    own = setup_actions.do_new_template_version(world.template, province=units.province, actor=people.admin)
    tables = {t.number: t for t in own.tables.all()}
    table = tables[8]
    on_time = table.elements.get(code="ty_le_dung_han")
    on_time.rate_denominator = tables[4].elements.get(code="tthc_trong_bo")
    with pytest.raises(ValidationError, match="cùng phụ lục"):
        setup_actions.do_save_template_part(on_time, actor=people.admin)
    procedures = tables[4].elements.get(code="tthc_trong_bo")
    procedures.aggregation = Aggregation.SUM
    with pytest.raises(ValidationError, match="không cộng dồn được"):
        setup_actions.do_save_template_part(procedures, actor=people.admin)
    rate_without_rows = DataElement(
        table=table, order=99, number="99.", code="ty_le", label="Tỷ lệ", aggregation=Aggregation.RATE
    )
    with pytest.raises(ValidationError):
        setup_actions.do_save_template_part(rate_without_rows, actor=people.admin)


def test_every_row_of_the_shipped_template_declares_how_it_rolls_up(world):
    from par import metrics

    for element in DataElement.objects.filter(table__template=world.template):
        element.full_clean()
        shared = element.source_metric and not metrics.get(element.source_metric).additive
        if shared:
            assert element.aggregation == Aggregation.OWN, element.code
        if element.is_rate:
            assert element.percent_mode == PercentMode.NONE and element.rate_numerator.table == element.table
    kinds = dict(
        DataElement.objects.filter(table__template=world.template).values_list("code", "aggregation")
    )
    assert kinds["tthc_trong_bo"] == Aggregation.OWN and kinds["ty_le_dung_han"] == Aggregation.RATE
    assert kinds["cong_chuc_cap_xa"] == Aggregation.SUM and kinds["vbqppl_trien_khai"] == Aggregation.OWN
