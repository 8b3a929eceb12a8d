"""manage.py import_plan: dry run, refusals with suggestions, mapping and ignoring names, a real import."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from par.audit.models import AuditEvent
from par.core.testing import english
from par.plans.models import PlanTask, ReformPlan
from par.plans.tests.fixtures.units import FIXTURES, bim_son_offices, province_departments

SEED = str(FIXTURES / "plan_2021_thanh_hoa.docx")
BIM_SON = str(FIXTURES / "plan_2022_bim_son.docx")


@pytest.fixture
def departments(units):
    return province_departments(units)


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_plan_and_writes_nothing(units, departments):
    events = AuditEvent.objects.count()
    out, _err = _run(SEED, "--unit", "38", "--dry-run", "--ignore-unmatched")
    assert "35" in out and "Cải cách thể chế" in out and "Công tác chỉ đạo" in out
    assert out.count("\n  ") >= 7  # one line per area
    assert not ReformPlan.objects.exists() and not PlanTask.objects.exists()
    assert AuditEvent.objects.count() == events


def test_unmatched_names_refuse_with_rows_and_close_matches(units, departments):
    with pytest.raises(CommandError):
        _run(SEED, "--unit", "38")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_plan", SEED, "--unit", "38", "--map", "Báo Thanh Hóa=38.STTTT", stdout=out, stderr=err
        )
    assert "Đài Phát thanh và Truyền hình Thanh Hóa" in err.getvalue()
    assert "Các cơ quan liên quan" in err.getvalue()
    assert "Báo Thanh Hóa" not in err.getvalue()  # mapped
    assert not ReformPlan.objects.exists()


def test_close_matches_are_suggested_for_a_misspelt_unit(units, departments, tmp_path):
    from par.plans.importing.xlsx import build_template

    path = tmp_path / "plan.xlsx"
    row = ["01", 1, "Rà soát văn bản.", "", "Sở Tư pháo", "", "Quý II/2021", ""]
    path.write_bytes(build_template({"year": 2021, "unit_code": "38"}, [row]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_plan", str(path), stdout=io.StringIO(), stderr=err)
    assert "Sở Tư pháo" in err.getvalue() and "Sở Tư pháp (38.STP)" in err.getvalue()


def test_the_issuer_in_the_file_chooses_the_unit_and_the_import_runs_as_the_system(units, departments):
    out, _err = _run(SEED, "--ignore-unmatched")
    plan = ReformPlan.objects.get()
    assert plan.unit == units.province and plan.year == 2021 and plan.tasks.count() == 35
    assert str(plan.pk) in out
    event = AuditEvent.objects.get(action="plans.import_plan")
    assert event.actor is None


def test_a_second_import_for_the_same_unit_and_year_is_refused(units, departments):
    _run(SEED, "--unit", "38", "--ignore-unmatched")
    with pytest.raises(CommandError) as refused:
        _run(SEED, "--unit", "38", "--ignore-unmatched")
    assert "2021" in str(refused.value)
    assert ReformPlan.objects.count() == 1 and PlanTask.objects.count() == 35


def test_map_by_name_and_code_for_a_district_plan(units):
    offices = bim_son_offices(units)
    _run(
        BIM_SON,
        "--unit",
        "381",
        "--map",
        "Đài Truyền thanh - Truyền hình thị xã=381.TTVH",
        "--map",
        "công an thị xã=381.PNV",
    )
    plan = ReformPlan.objects.get(unit=units.bim_son, year=2022)
    task = plan.tasks.get(area__code="direction", number="1")
    assert offices.centre in [a.unit for a in task.assignments.all()]


def test_bad_arguments_are_refused(units, departments):
    with pytest.raises(CommandError):
        _run(SEED, "--unit", "99")
    with pytest.raises(CommandError):
        _run(SEED, "--unit", "38", "--map", "Không có tên này=38.STP")
    with pytest.raises(CommandError):
        _run(SEED, "--unit", "38", "--map", "Báo Thanh Hóa=NO-SUCH-CODE")
    with pytest.raises(CommandError):
        _run("/no/such/file.docx")
    assert not ReformPlan.objects.exists()


def _annex_only(tmp_path, issuer: str, performers: str = "Sở Tư pháp") -> str:
    """The appendix pages alone, as offices often circulate them: no decision page, only the annex line."""
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH TRIỂN KHAI CÁC NHIỆM VỤ TRỌNG TÂM CẢI CÁCH HÀNH CHÍNH NĂM 2021")
    document.add_paragraph("(Kèm theo Quyết định số 5476 /QĐ-UBND ngày 24 tháng 12 năm 2020")
    document.add_paragraph(f"của Chủ tịch {issuer})")
    document.add_paragraph("Phụ lục số 01: Cải cách thể chế.")
    table = document.add_table(rows=2, cols=5)
    header = ["TT", "Nhiệm vụ cụ thể", "Sản phẩm", "Cơ quan thực hiện", "Thời gian thực hiện"]
    row = ["1", "Rà soát văn bản quy phạm pháp luật.", "Báo cáo", performers, "Quý II, Quý IV/2021"]
    for cells, texts in ((table.rows[0].cells, header), (table.rows[1].cells, row)):
        for cell, text in zip(cells, texts, strict=True):
            cell.text = text
    path = tmp_path / "phu-luc.docx"
    document.save(path)
    return str(path)


def test_the_annex_line_names_the_decision_and_the_issuer_so_no_unit_need_be_given(
    units, departments, tmp_path
):
    _run(_annex_only(tmp_path, "Ủy ban nhân dân tỉnh Thanh Hóa"), "--ignore-unmatched")

    plan = ReformPlan.objects.get()
    assert (plan.unit, plan.year, plan.decision_number) == (units.province, 2021, "5476/QĐ-UBND")
    assert plan.decision_date.strftime("%d/%m/%Y") == "24/12/2020"
    task = plan.tasks.get()
    assert [m.due_date.strftime("%d/%m/%Y") for m in task.milestones.all()] == ["30/06/2021", "31/12/2021"]


def test_an_issuer_that_matches_no_unit_asks_for_the_unit(units, departments, tmp_path):
    path = _annex_only(tmp_path, "Ủy ban nhân dân tỉnh Hà Giang Mới")
    with pytest.raises(CommandError) as refused:
        _run(path, "--ignore-unmatched")
    assert "Ủy ban nhân dân tỉnh Hà Giang Mới" in str(refused.value) and "--unit" in str(refused.value)

    _run(path, "--unit", "38", "--ignore-unmatched")
    assert ReformPlan.objects.get().unit == units.province


def test_units_keep_the_documents_order_and_a_name_kept_in_the_text_is_shown_on_the_task(
    units, departments, tmp_path, client_for, people
):
    performers = "Cơ quan chủ trì: Sở Khoa học và Công nghệ, Sở Tài chính. Cơ quan phối hợp: Bưu điện tỉnh."
    _run(_annex_only(tmp_path, "Ủy ban nhân dân tỉnh Thanh Hóa", performers), "--ignore-unmatched")

    task = PlanTask.objects.get()
    assert [a.unit.name for a in task.assignments.all()] == ["Sở Khoa học và Công nghệ", "Sở Tài chính"]
    assert task.named_in_text == [{"name": "Bưu điện tỉnh", "role": "coordinating"}]
    html = (
        english(client_for(people.par_officer))
        .get(reverse("plans:task_detail", args=[task.pk]))
        .content.decode()
    )
    assert "Named only in the text" in html and "Bưu điện tỉnh" in html
