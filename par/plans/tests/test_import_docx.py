"""Importing Word plans: Thanh Hóa's 2021 plan (seed 001) and an unseen district plan, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from par.audit.models import AuditEvent
from par.orgunits.groups import UnitGroup
from par.plans import actions
from par.plans.actions import do_import_plan
from par.plans.importing.docx import parse_header_lines, read_docx
from par.plans.importing.service import read_plan_file
from par.plans.models import Assignment, PlanTask, ReformPlan, TaskUnitGroup, UnitRole
from par.plans.tests.fixtures import build
from par.plans.tests.fixtures.units import FIXTURES, SEED_UNMATCHED, bim_son_offices, province_departments

SEED_COUNTS = {
    "institutions": 5,
    "procedures": 5,
    "organisation": 5,
    "civil_service": 6,
    "public_finance": 3,
    "e_government": 7,
    "direction": 4,
}


@pytest.fixture
def departments(units):
    return province_departments(units)


@pytest.fixture
def offices(units):
    return bim_son_offices(units)


def _preview(units, name="plan_2021_thanh_hoa.docx", **kwargs):
    with open(FIXTURES / name, "rb") as handle:
        return read_plan_file(handle, province_unit=units.province, **kwargs)


def _ignore_all(preview) -> dict[str, int | None]:
    return {entry.name: None for entry in preview.unmatched}


def _task(plan, area, number) -> PlanTask:
    return plan.tasks.get(area__code=area, number=number)


def _named(task, role) -> set[str]:
    return set(task.assignments.filter(role=role).values_list("unit__name", flat=True))


def _groups(task, role) -> set[str]:
    return set(task.unit_groups.filter(role=role).values_list("group", flat=True))


# --- The seed plan ------------------------------------------------------------------------------------------


def test_seed_counts_per_appendix_are_read_from_the_seed_text_itself():
    seed_rows = build.seed_rows(build.read_seed())
    counts = Counter(appendix for appendix, _cells in seed_rows)
    assert counts == {"01": 5, "02": 5, "03": 5, "04": 6, "05": 3, "06": 7, "07": 4}
    assert sum(counts.values()) == 35


def test_the_committed_fixture_is_what_the_generator_builds_from_the_seed(tmp_path):
    rebuilt = read_docx(build.build_thanh_hoa_2021(tmp_path / "rebuilt.docx"))
    committed = read_docx(FIXTURES / "plan_2021_thanh_hoa.docx")
    assert [r.__dict__ for r in rebuilt.rows] == [r.__dict__ for r in committed.rows]
    assert rebuilt.header == committed.header


def test_decision_page_gives_the_plan_header(units, departments):
    header = _preview(units).header
    assert header.decision_number == "5476/QĐ-UBND"
    assert header.decision_date == dt.date(2020, 12, 24)
    assert header.year == 2021
    assert header.title == "Kế hoạch cải cách hành chính năm 2021"
    assert (header.signer, header.signer_title) == ("Đỗ Minh Tuấn", "Chủ tịch")
    assert header.issuer == "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"


def test_seed_plan_preview_has_35_tasks_in_7_areas_and_no_errors(units, departments):
    preview = _preview(units)
    assert preview.errors == []
    assert Counter(row.raw.area_code for row in preview.rows) == SEED_COUNTS
    assert preview.reference_date == dt.date(2020, 12, 24)
    assert [a.name for a in preview.areas][:2] == ["Cải cách thể chế", "Cải cách thủ tục hành chính"]


def test_seed_plan_names_outside_the_unit_tree_are_listed_with_their_rows(units, departments):
    preview = _preview(units)
    assert {entry.name for entry in preview.unmatched} == SEED_UNMATCHED
    related = next(e for e in preview.unmatched if e.name == "Các cơ quan liên quan")
    # The same name in any case is one entry, listed with every row it appears in.
    rows = {(row.raw.area_code, row.raw.number): row.ref for row in preview.rows}
    assert related.refs == [
        rows["organisation", "1"],
        rows["e_government", "2"],
        rows["direction", "1"],
        rows["direction", "3"],
    ]
    assert "Cải cách tổ chức bộ máy" in related.refs[0]


def test_seed_plan_imports_every_task_with_areas_products_units_and_milestones(units, departments, people):
    preview = _preview(units)
    plan = do_import_plan(
        preview, mapping=_ignore_all(preview), unit=units.province, year=2021, actor=people.par_officer
    )

    assert (plan.decision_number, plan.decision_date, plan.signer) == (
        "5476/QĐ-UBND",
        dt.date(2020, 12, 24),
        "Đỗ Minh Tuấn",
    )
    counts = Counter(plan.tasks.values_list("area__code", flat=True))
    assert counts == SEED_COUNTS
    assert plan.areas.get(code="procedures").name == "Cải cách thủ tục hành chính"

    first = _task(plan, "institutions", "1")
    assert list(first.products.values_list("name", flat=True)) == ["Quyết định của cơ quan có thẩm quyền"]
    assert _named(first, UnitRole.LEAD) == {"Sở Tư pháp"}  # "Thẩm định văn bản: Sở Tư pháp"
    assert _named(first, UnitRole.COORDINATING) == {"Văn phòng Ủy ban nhân dân tỉnh"}
    assert _groups(first, UnitRole.LEAD) == {UnitGroup.DEPARTMENTS}
    assert first.units_text.startswith("- Xây dựng dự thảo văn bản pháp luật: các sở, ban, ngành cấp tỉnh.")

    second = _task(plan, "institutions", "2")  # "Cơ quan phối hợp" written without its colon
    assert _named(second, UnitRole.LEAD) == {"Sở Tư pháp"}
    assert _groups(second, UnitRole.COORDINATING) == {
        UnitGroup.DEPARTMENTS,
        UnitGroup.DISTRICTS,
        UnitGroup.COMMUNES,
    }

    one_stop = _task(plan, "procedures", "4")
    assert _named(one_stop, UnitRole.LEAD) == {"Trung tâm Phục vụ hành chính công tỉnh"}
    assert _named(one_stop, UnitRole.COORDINATING) == {
        "Sở Thông tin và Truyền thông",
        "Văn phòng Ủy ban nhân dân tỉnh",
    }

    survey = _task(plan, "organisation", "5")
    assert [m.due_date for m in survey.milestones.all()] == [dt.date(2021, 3, 31), dt.date(2021, 11, 30)]
    assert list(survey.products.values_list("name", flat=True)) == [
        "Kế hoạch khảo sát",
        "Báo cáo kết quả khảo sát",
    ]
    assert _named(survey, UnitRole.LEAD) == {"Sở Nội vụ"}

    corrected = _task(plan, "e_government", "4")
    assert "Cổng dịch vụ công" in corrected.text
    assert _named(_task(plan, "e_government", "7"), UnitRole.LEAD) == {"Sở Khoa học và Công nghệ"}
    assert _named(_task(plan, "public_finance", "3"), UnitRole.LEAD) == {"Sở Tài chính"}
    # An ignored name stays in the text only.
    media = _task(plan, "direction", "3")
    assert "Đài Phát thanh và Truyền hình Thanh Hóa" in media.units_text
    assert not media.assignments.exists()
    assert AuditEvent.objects.filter(action="plans.import_plan", object_id=str(plan.pk)).count() == 1


def test_a_name_mapped_to_a_unit_becomes_an_assignment_in_its_role(units, departments):
    preview = _preview(units)
    mapping = _ignore_all(preview) | {"Báo Thanh Hóa": departments.information.pk}
    plan = do_import_plan(preview, mapping=mapping, unit=units.province, year=2021, actor=None)
    assert _named(_task(plan, "direction", "3"), UnitRole.LEAD) == {"Sở Thông tin và Truyền thông"}


def test_unmapped_names_block_the_import(units, departments):
    preview = _preview(units)
    mapping = _ignore_all(preview)
    del mapping["Báo Thanh Hóa"]
    with pytest.raises(ValidationError) as refused:
        do_import_plan(preview, mapping=mapping, unit=units.province, year=2021, actor=None)
    assert "Báo Thanh Hóa" in " ".join(refused.value.messages)
    assert not ReformPlan.objects.exists()


def test_mapping_to_a_unit_outside_the_province_is_refused(units, departments):
    from par.core.testing import make_unit
    from par.orgunits.models import UnitKind

    elsewhere = make_unit("40", "Tỉnh Nghệ An", UnitKind.PROVINCE)
    preview = _preview(units)
    mapping = _ignore_all(preview) | {"Báo Thanh Hóa": elsewhere.pk}
    with pytest.raises(ValidationError):
        do_import_plan(preview, mapping=mapping, unit=units.province, year=2021, actor=None)
    assert not ReformPlan.objects.exists()


def test_a_unit_with_a_plan_for_the_year_is_refused_with_a_clear_message(units, departments):
    actions.do_create_plan(unit=units.province, year=2021, title="Kế hoạch đã có", actor=None)
    preview = _preview(units)
    with pytest.raises(ValidationError) as refused:
        do_import_plan(preview, mapping=_ignore_all(preview), unit=units.province, year=2021, actor=None)
    assert "2021" in refused.value.messages[0] and "Tỉnh Thanh Hóa" in refused.value.messages[0]
    assert PlanTask.objects.count() == 0


def test_an_officer_of_another_unit_may_not_import_for_the_province(units, departments, people):
    preview = _preview(units)
    with pytest.raises(PermissionDenied):
        do_import_plan(
            preview,
            mapping=_ignore_all(preview),
            unit=units.province,
            year=2021,
            actor=people.justice_officer,
        )


def test_import_is_all_or_nothing_when_the_last_task_fails(units, departments, monkeypatch):
    preview = _preview(units)
    real_add_task = actions.do_add_task
    calls = []

    def failing_on_the_last(plan, data, *, actor):
        calls.append(data.number)
        if len(calls) == len(preview.rows):
            raise ValidationError("Lỗi giả lập ở nhiệm vụ cuối.")
        return real_add_task(plan, data, actor=actor)

    monkeypatch.setattr(actions.imports, "do_add_task", failing_on_the_last)
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        do_import_plan(preview, mapping=_ignore_all(preview), unit=units.province, year=2021, actor=None)

    assert len(calls) == 35
    assert "Lỗi giả lập" in refused.value.messages[0]
    assert preview.rows[-1].raw.where in refused.value.messages[0]  # where the failing row is in the document
    assert not ReformPlan.objects.exists()
    assert not PlanTask.objects.exists()
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_issuing_the_imported_plan_cascades_groups_as_of_the_decision_date(units, departments):
    preview = _preview(units)
    plan = do_import_plan(preview, mapping=_ignore_all(preview), unit=units.province, year=2021, actor=None)
    actions.do_issue_plan(plan, actor=None)
    task = _task(plan, "institutions", "2")
    # Districts and their communes of 2020, not the communes of 2025.
    assert {"Thị xã Bỉm Sơn", "Phường Ba Đình", "Phường Lam Sơn"} <= _named(task, UnitRole.COORDINATING)
    assert "Phường Quang Trung" not in _named(task, UnitRole.COORDINATING)


# --- A plan the importer was not written against -------------------------------------------------------------


def test_unseen_district_plan_is_read_with_its_own_layout(units, offices):
    preview = _preview(units, "plan_2022_bim_son.docx", unit=units.bim_son)
    assert preview.errors == []
    assert preview.header.decision_number == "3150/KH-UBND"
    assert preview.header.decision_date == dt.date(2021, 12, 28)
    assert preview.year == 2022
    assert preview.header.title == "Kế hoạch cải cách hành chính thị xã Bỉm Sơn năm 2022"
    assert (preview.header.signer, preview.header.signer_title) == ("Trần Văn Minh", "Phó Chủ tịch")
    assert Counter(row.raw.area_code for row in preview.rows) == {
        "institutions": 2,
        "procedures": 2,
        "organisation": 2,
        "e_government": 1,
        "direction": 2,
    }
    assert {entry.name for entry in preview.unmatched} == {
        "Đài Truyền thanh - Truyền hình thị xã",
        "Công an thị xã",
    }


def test_unseen_district_plan_imports_with_both_unit_columns_and_the_budget_in_the_note(units, offices):
    preview = _preview(units, "plan_2022_bim_son.docx", unit=units.bim_son)
    mapping = {"Đài Truyền thanh - Truyền hình thị xã": offices.centre.pk, "Công an thị xã": None}
    plan = do_import_plan(preview, mapping=mapping, unit=units.bim_son, year=2022, actor=None)

    assert plan.tasks.count() == 9
    review = _task(plan, "institutions", "1")
    assert _named(review, UnitRole.LEAD) == {"Phòng Tư pháp"}
    assert _groups(review, UnitRole.COORDINATING) == {UnitGroup.DEPARTMENTS, UnitGroup.COMMUNES}
    assert review.note == "Kinh phí: Ngân sách thị xã"
    assert [m.due_date for m in review.milestones.all()] == [dt.date(2022, 6, 30)]

    posting = _task(plan, "procedures", "1")
    assert _named(posting, UnitRole.LEAD) == {"Văn phòng HĐND và UBND thị xã Bỉm Sơn"}
    assert _named(posting, UnitRole.COORDINATING) == {
        "Phường Ba Đình",
        "Phường Lam Sơn",
        "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch",
    }
    # A lead cell merged down over two tasks leads both.
    assert _named(_task(plan, "organisation", "2"), UnitRole.LEAD) == {"Phòng Nội vụ"}
    assert _named(_task(plan, "organisation", "2"), UnitRole.COORDINATING) == {"Phòng Tài chính - Kế hoạch"}
    inspection = _task(plan, "direction", "2")
    assert [m.due_date for m in inspection.milestones.all()] == [dt.date(2022, 4, 30), dt.date(2022, 12, 15)]

    actions.do_issue_plan(plan, actor=None)
    # The town's "phòng, ban" expand to its offices only, not to the province's departments.
    assert "Sở Tư pháp" not in _named(review, UnitRole.COORDINATING)
    assert {"Phòng Nội vụ", "Phường Ba Đình"} <= _named(review, UnitRole.COORDINATING)
    assert TaskUnitGroup.objects.filter(task__plan=plan).exists()


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        (
            [
                "*(Ban hành kèm theo Quyết định số 5476 /QĐ-UBND ngày 24 / 12 /2020",
                "của Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa)*",
            ],
            "Ủy ban nhân dân tỉnh Thanh Hóa",
        ),
        (
            ["(Kèm theo Quyết định số 5476/QĐ-UBND ngày 24 tháng 12 năm 2020 của UBND tỉnh Thanh Hóa)"],
            "UBND tỉnh Thanh Hóa",
        ),
    ],
)
def test_the_annex_line_gives_the_decision_number_date_and_issuer(lines, issuer):
    header = parse_header_lines(lines)

    assert (header.decision_number, header.decision_date, header.issuer) == (
        "5476/QĐ-UBND",
        dt.date(2020, 12, 24),
        issuer,
    )


def test_a_report_citing_a_decision_in_its_prose_is_no_annex_line():
    line = "Thực hiện Kế hoạch năm 2016 ban hành kèm theo Quyết định số 5190/QĐ-UBND ngày 10/12/2015 của UBND tỉnh; Chủ tịch"
    assert parse_header_lines([line]).decision_number == ""


def _report_docx(tmp_path):
    """Seed 003 (Bỉm Sơn's PAR report for quarter I/2017) as a DOCX: its prose, then its tables of figures."""
    import docx

    text = (FIXTURES / "report_003_bim_son_2017.txt").read_text(encoding="utf-8")
    document = docx.Document()
    table_rows: list[list[str]] = []

    def flush():
        if table_rows:
            width = max(len(r) for r in table_rows)
            table = document.add_table(rows=len(table_rows), cols=width)
            for cells, row in zip(table.rows, table_rows, strict=True):
                for cell, value in zip(cells.cells, row, strict=False):
                    cell.text = value
            table_rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            table_rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            document.add_paragraph(line.strip("#* "))
    flush()
    path = tmp_path / "bao-cao.docx"
    document.save(path)
    return path


def test_a_report_is_refused_as_not_a_plan(tmp_path, units):
    with _report_docx(tmp_path).open("rb") as handle:
        preview = read_plan_file(handle, province_unit=units.province)

    assert preview.rows == []
    (error,) = preview.errors
    assert "not a PAR plan" in error.message or "không phải là kế hoạch" in error.message


def test_a_table_of_figures_with_tt_and_a_task_column_is_no_task_table(tmp_path, units):
    import docx

    document = docx.Document()
    document.add_paragraph("BÁO CÁO")
    table = document.add_table(rows=2, cols=4)
    for cells, texts in zip(
        table.rows,
        (["STT", "Nhiệm vụ/Tiêu chí", "Tổng số", "Ghi chú"], ["1", "Số TTHC được rà soát", "12", ""]),
        strict=True,
    ):
        for cell, value in zip(cells.cells, texts, strict=True):
            cell.text = value
    path = tmp_path / "so-lieu.docx"
    document.save(path)

    parsed = read_docx(str(path))
    assert parsed.rows == [] and len(parsed.errors) == 1
