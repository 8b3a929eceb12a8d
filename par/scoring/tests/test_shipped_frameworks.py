"""The frameworks shipped in par/scoring/frameworks/: every title read whole, every file back unchanged after a trip
through XLSX and YAML, and departments and communes scored on different criteria."""

import re

import pytest
import yaml

from par.scoring.exchange import SHIPPED, load_shipped, shipped_names

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
