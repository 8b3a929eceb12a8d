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
    workbook = client.get(f"/par-index/frameworks/{shipped.pk}/export.xlsx").content
    upload = SimpleUploadedFile(f"{name}.xlsx", workbook)
    assert client.post(f"/par-index/frameworks/{blank.pk}/import/", {"file": upload}).status_code == 302
    exported = yaml.safe_load(client.get(f"/par-index/frameworks/{blank.pk}/export.yaml").content)
    assert exported == written
