"""The frameworks shipped in par/scoring/frameworks/: every title read whole, every file back unchanged after a trip
through XLSX and YAML, and departments and communes scored on different criteria."""

import re
from decimal import Decimal

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from par.scoring import actions
from par.scoring.exchange import SHIPPED, NodeInput, load_shipped, shipped_names

pytestmark = pytest.mark.django_db


def _nodes(items):
    for item in items:
        yield item
        yield from _nodes(item.get("children") or [])


def _written_titles(text: str) -> list[str]:
    """The titles as written in the file, read line by line (the files put one key per line)."""
    titles = []
    for rest in re.findall(r"\btitle:[ \t]*(.*?)[ \t]*$", text, flags=re.MULTILINE):
        titles.append(yaml.safe_load(rest) if rest[:1] in "\"'" else rest)
    return titles


@pytest.mark.parametrize("name", shipped_names())
def test_every_title_written_in_a_shipped_framework_is_loaded_whole(name, units, people):
    text = (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    framework = load_shipped(name, owner=units.province, year=2026, actor=people.par_officer)
    loaded = list(framework.criteria.order_by("order").values_list("title", flat=True))
    assert loaded == _written_titles(text)
    assert any("," in title for title in loaded)  # the titles that used to be cut at their first comma


@pytest.mark.parametrize("name", shipped_names())
def test_every_shipped_framework_comes_back_unchanged_through_xlsx_and_yaml(name, units, people, client_for):
    written = yaml.safe_load((SHIPPED / f"{name}.yaml").read_bytes())
    shipped = load_shipped(name, owner=units.province, year=2026, actor=people.par_officer)
    # An empty framework of the next year with the same header, whose criteria the workbook then replaces.
    blank = actions.do_create_framework(
        owner=units.province,
        year=2027,
        assessed_kind=written["assessed_kind"],
        code=written["code"],
        name=written["name"],
        legal_basis=written["legal_basis"],
        max_total=Decimal(str(written["max_total"])),
        bands=[(b["label"], Decimal(str(b["min_percent"]))) for b in written["bands"]],
        nodes=[NodeInput("1", "Tạm", Decimal(str(written["max_total"])), method="self")],
        actor=people.par_officer,
    )
    client = client_for(people.par_officer)
    workbook = client.get(f"/par-index/frameworks/{shipped.pk}/export.xlsx").getvalue()
    upload = SimpleUploadedFile(f"{name}.xlsx", workbook)
    assert client.post(f"/par-index/frameworks/{blank.pk}/import/", {"file": upload}).status_code == 302
    exported = yaml.safe_load(client.get(f"/par-index/frameworks/{blank.pk}/export.yaml").getvalue())
    assert exported == written


def _points(framework, *, area: str | None = None, metric: str | None = None, title: str | None = None):
    """Points of the leaves of `framework` in an area, or measured by a metric, or whose title has a phrase."""
    leaves = framework.criteria.filter(is_leaf=True)
    if area:
        leaves = leaves.filter(area__code=area)
    if metric:
        leaves = leaves.filter(metric_code=metric)
    if title:
        leaves = leaves.filter(title__icontains=title)
    return sum((c.max_points for c in leaves), Decimal(0))


@pytest.fixture
def both(units, people):
    department = load_shipped("department", owner=units.province, year=2026, actor=people.par_officer)
    commune = load_shipped("commune", owner=units.province, year=2026, actor=people.par_officer)
    return department, commune


def test_departments_and_communes_are_mostly_scored_on_different_criteria(both):
    department, commune = (set(f.criteria.filter(is_leaf=True).values_list("title", flat=True)) for f in both)
    assert len(department & commune) < min(len(department), len(commune)) / 2


def test_the_commune_index_weighs_the_one_stop_shop_and_citizen_satisfaction_more(both):
    department, commune = both
    assert _points(commune, area="3") > _points(department, area="3")  # administrative procedures
    on_time = "dossiers.resolved_on_time_pct"
    assert _points(commune, metric=on_time) > _points(department, metric=on_time)
    satisfaction = [
        _points(f, metric="surveys.satisfaction_index") + _points(f, metric="portal.ratings_satisfied_pct")
        for f in both
    ]
    assert satisfaction[1] > satisfaction[0]
    assert _points(commune, title="Trung tâm phục vụ hành chính công cấp xã") > 0
    assert _points(department, title="Trung tâm phục vụ hành chính công") == 0


def test_the_department_index_scores_drafting_publishing_procedures_civil_servants_and_unit_autonomy(both):
    department, commune = both
    assert _points(department, area="2") > _points(
        commune, area="2"
    )  # institutions: drafting legal documents
    for phrase in (
        "Tham mưu xây dựng, trình ban hành văn bản quy phạm pháp luật",
        "Tham mưu công bố danh mục thủ tục hành chính",
        "Tuyển dụng, bổ nhiệm, điều động, quản lý công chức, viên chức",
        "tự chủ tài chính của đơn vị sự nghiệp công lập",
    ):
        assert _points(department, title=phrase) > 0 and _points(commune, title=phrase) == 0, phrase
