"""The plan file waiting between preview and confirm is written and removed by actions, not by the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from par.plans import actions
from par.plans.actions import do_confirm_plan_import, do_stage_plan_import
from par.plans.importing import staging
from par.plans.importing.service import read_plan_file
from par.plans.models import ReformPlan
from par.plans.tests.fixtures.units import FIXTURES, SEED_UNMATCHED, province_departments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _files(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _seed_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("ke-hoach-2021.docx", (FIXTURES / "plan_2021_thanh_hoa.docx").read_bytes())


def test_only_someone_who_manages_the_units_plans_may_stage_a_plan_file(people, units, tmp_path):
    for persona in (people.ward_clerk, people.justice_officer, people.auditor):
        with pytest.raises(PermissionDenied):
            do_stage_plan_import(unit=units.province, year=2021, upload=_seed_file(), actor=persona)
    assert _files(tmp_path) == []
    token = do_stage_plan_import(
        unit=units.justice, year=None, upload=_seed_file(), actor=people.justice_officer
    )
    assert _files(tmp_path) == [f"plans/imports/{token}/meta.json", f"plans/imports/{token}/upload.docx"]
    staged = staging.read(token)
    assert (staged.user_id, staged.unit_id, staged.name) == (
        people.justice_officer.pk,
        units.justice.pk,
        "ke-hoach-2021.docx",
    )


def test_the_staged_file_is_removed_only_when_the_import_commits(
    people, units, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    departments = province_departments(units)
    token = do_stage_plan_import(
        unit=units.province, year=2021, upload=_seed_file(), actor=people.par_officer
    )
    staged = staging.read(token)
    with open(tmp_path / staged.file_path, "rb") as handle:
        preview = read_plan_file(handle, province_unit=units.province, year=2021, unit=units.province)
    mapping = {entry.key: None for entry in preview.unmatched}
    mapping[preview.unmatched[2].key] = departments.information.pk
    assert len(mapping) == len(SEED_UNMATCHED)

    def audit_down(**kwargs):
        raise RuntimeError("audit down")

    with monkeypatch.context() as patch, django_capture_on_commit_callbacks(execute=True):
        patch.setattr(actions.imports, "record_event", audit_down)
        with pytest.raises(RuntimeError):
            do_confirm_plan_import(
                staged, preview, mapping=mapping, unit=units.province, actor=people.par_officer
            )
    assert not ReformPlan.objects.exists()
    assert len(_files(tmp_path)) == 2  # kept: the official can try again

    with django_capture_on_commit_callbacks(execute=True):
        plan = do_confirm_plan_import(
            staged, preview, mapping=mapping, unit=units.province, actor=people.par_officer
        )
    assert plan.tasks.count() == 35
    assert _files(tmp_path) == []
